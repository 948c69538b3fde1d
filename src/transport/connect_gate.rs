//! The connector layer of the native pool: it counts the connections it opens, and
//! keeps a queued request from opening one more while a finished connection is on
//! its way back to the pool.
//!
//! Why this exists: `max_connections` is a semaphore of requests in flight, and a
//! request's permit goes back when its body ends. hyper returns that connection to
//! the pool from a task of its own, a moment later. A queued request that takes the
//! permit in that gap finds no idle connection, so hyper starts a connect *and*
//! waits on the pool; the returning connection goes to the waiting request, and the
//! connect carries on in the background, one socket over the cap (37 to 43 for a
//! cap of 32 under heavy queueing). reqwest exposes neither its pool nor the
//! sockets' lifetimes, so the layer cannot count open sockets; what it can see is
//! when a body last ended and whether the connect it runs has been left behind.
//!
//! So, once as many connections as the cap have been opened or are being opened,
//! and an HTTP/1 keep-alive body ended within [`HANDBACK_WINDOW`], a new connect
//! first waits, until either
//! - hyper hands its request a pooled connection and moves the connect to a
//!   background task: the connect sees it is no longer polled inside
//!   [`Transport::send`](super::native) (a tokio task-local) and ends without
//!   opening a socket; or
//! - the window has passed: no connection came back (it was closed instead), and
//!   the connect goes ahead.
//!
//! The cost is at most the window's delay on a connect that follows a finished
//! response closely once the pool has been full. The bound it gives is as good as
//! the window is long: a connection that takes longer than the window to return
//! still lets one through. In the load run (`examples/load.rs`) connections came
//! back within 0.2 ms (median) and 1.2 ms (slowest of about 30 held connects).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

use super::Counters;

/// How long after a body ends a new connect waits for that connection to come back.
/// hyper returns it within a few task polls (1.2 ms at most in the load run, 256
/// queued requests on 2 cores); a connect that is needed pays at most this.
pub(crate) const HANDBACK_WINDOW: Duration = Duration::from_millis(20);

tokio::task_local! {
    /// Set while `Transport::send` polls reqwest. A connect polled without it has
    /// been moved to a background task: its request was served from the pool.
    static SENDING: ();
}

/// Runs `fut` (a reqwest send) so that the connector can tell its connects apart
/// from the ones hyper has left behind.
pub(crate) async fn sending<F: Future>(fut: F) -> F::Output {
    SENDING.scope((), fut).await
}

fn left_behind() -> bool {
    SENDING.try_with(|_| ()).is_err()
}

/// What the gate knows of the pool, shared by the transport and its connector.
#[derive(Debug)]
pub(crate) struct PoolWatch {
    /// Whether finished connections are kept at all (pooling off: nothing returns).
    pooling: bool,
    /// Opening more than this many connections may exceed the cap.
    cap: u64,
    /// Connects under way (not yet counted as opened).
    connecting: AtomicU64,
    epoch: Instant,
    /// When a response body last ended, as 1 + ns since `epoch`; 0 for never.
    last_body_end: AtomicU64,
}

impl PoolWatch {
    pub(crate) fn new(pooling: bool, cap: usize) -> Self {
        PoolWatch {
            pooling,
            cap: cap as u64,
            connecting: AtomicU64::new(0),
            epoch: Instant::now(),
            last_body_end: AtomicU64::new(0),
        }
    }

    /// A response body was read to its end: its connection is on the way back.
    pub(crate) fn body_ended(&self) {
        let ns = u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX - 1);
        self.last_body_end.store(ns + 1, Ordering::Relaxed);
    }

    /// Until when a connect starting now should wait, if it should: `opened`
    /// connections so far, plus those under way, may already fill the cap.
    fn hold_until(&self, opened: u64) -> Option<Instant> {
        let started = opened + self.connecting.load(Ordering::Relaxed);
        if !self.pooling || started < self.cap {
            return None;
        }
        let ended = self.last_body_end.load(Ordering::Relaxed);
        if ended == 0 {
            return None;
        }
        let until = self.epoch + Duration::from_nanos(ended - 1) + HANDBACK_WINDOW;
        (until > Instant::now()).then_some(until)
    }
}

/// The error a connect left behind ends with; hyper only logs it.
#[derive(Debug, thiserror::Error)]
#[error("connection not opened: the request was served from the pool")]
struct NotNeeded;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Tower layer for reqwest's `connector_layer`: counts and gates connects.
#[derive(Clone)]
pub(crate) struct ConnectGateLayer {
    pub(crate) counters: Arc<Counters>,
    pub(crate) watch: Arc<PoolWatch>,
}

impl<S> tower_layer::Layer<S> for ConnectGateLayer {
    type Service = ConnectGate<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ConnectGate {
            inner,
            counters: self.counters.clone(),
            watch: self.watch.clone(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct ConnectGate<S> {
    inner: S,
    counters: Arc<Counters>,
    watch: Arc<PoolWatch>,
}

impl<S, R> tower_service::Service<R> for ConnectGate<S>
where
    S: tower_service::Service<R, Error = BoxError> + Clone + Send + 'static,
    S::Future: Send + 'static,
    R: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let opened = self.counters.connections_opened.load(Ordering::Relaxed);
        let hold = self.watch.hold_until(opened);
        // The service polled ready is the one to call (tower's contract); a clone
        // takes its place for the next call.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let counters = self.counters.clone();
        let watch = self.watch.clone();
        Box::pin(async move {
            if let Some(until) = hold {
                wait_for_handback(until).await?;
            }
            let _under_way = UnderWay::new(&watch);
            let conn = inner.call(req).await?;
            // Counted as opened before it stops counting as under way (the guard
            // drops last), so that the sum the gate reads never dips.
            counters.connections_opened.fetch_add(1, Ordering::Relaxed);
            Ok(conn)
        })
    }
}

/// Counts one connect under way for as long as it lives, however it ends (done,
/// failed, or dropped with its request).
struct UnderWay<'a>(&'a PoolWatch);

impl<'a> UnderWay<'a> {
    fn new(watch: &'a PoolWatch) -> Self {
        watch.connecting.fetch_add(1, Ordering::Relaxed);
        UnderWay(watch)
    }
}

impl Drop for UnderWay<'_> {
    fn drop(&mut self) {
        self.0.connecting.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Waits until `until`, or fails as soon as the connect is polled from a task that
/// is not its request's (hyper polls a left-behind connect at once when it spawns it).
async fn wait_for_handback(until: Instant) -> Result<(), NotNeeded> {
    let mut timer = std::pin::pin!(tokio::time::sleep_until(until));
    std::future::poll_fn(|cx| {
        if left_behind() {
            return Poll::Ready(Err(NotNeeded));
        }
        timer.as_mut().poll(cx).map(Ok)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn holds_only_a_full_pool_right_after_a_body_ended() {
        let watch = PoolWatch::new(true, 4);
        assert_eq!(watch.hold_until(4), None, "no body has ended yet");
        watch.body_ended();
        assert_eq!(watch.hold_until(3), None, "fewer opened than the cap");
        {
            let _one = UnderWay::new(&watch);
            assert!(watch.hold_until(3).is_some(), "one more under way fills it");
        }
        assert_eq!(watch.hold_until(3), None, "no longer under way");
        let until = watch.hold_until(4).expect("held");
        assert!(until <= Instant::now() + HANDBACK_WINDOW);
        tokio::time::advance(HANDBACK_WINDOW).await;
        assert_eq!(watch.hold_until(4), None, "the window has passed");

        let unpooled = PoolWatch::new(false, 4);
        unpooled.body_ended();
        assert_eq!(
            unpooled.hold_until(100),
            None,
            "nothing returns without a pool"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_held_connect_goes_ahead_after_the_window_inside_its_request() {
        let until = Instant::now() + HANDBACK_WINDOW;
        sending(wait_for_handback(until)).await.unwrap();
        assert!(Instant::now() >= until);
    }

    #[tokio::test(start_paused = true)]
    async fn a_connect_left_behind_ends_without_waiting() {
        let until = Instant::now() + HANDBACK_WINDOW;
        let started = Instant::now();
        // Outside `sending`, as when hyper moves it to a task of its own.
        let err = tokio::spawn(wait_for_handback(until)).await.unwrap();
        assert!(err.is_err());
        assert_eq!(Instant::now(), started);
    }
}
