//! The native connection pool: which connection a request goes out on, and when a
//! new one is opened.
//!
//! Written by hand because the rules the client promises are not ones a general
//! pool keeps (hyper-util's, under reqwest, was measured missing each of them):
//!
//! - **Sequential calls reuse, every time.** An HTTP/1.1 connection goes back to
//!   the pool in the same poll that sees its response body end, before the caller
//!   can start the next request, so that request always finds it. It then waits
//!   on the connection's own readiness (hyper's `ready()`), never on a race with a
//!   new connect.
//! - **One connection for a cold burst.** While the first connection to an origin
//!   is being opened and its protocol is unknown, further requests wait for it
//!   instead of connecting. If it negotiated HTTP/2 they share it; if HTTP/1.1
//!   they go on to open their own. What each origin spoke is remembered, so a
//!   later burst to a known HTTP/1.1 origin does not wait.
//! - **Caps bound sockets, not streams.** `cap` counts connections open or being
//!   opened; an HTTP/2 connection counts once however many streams it carries.
//! - **HTTP/2 spreads past a full connection.** Each connection takes as many
//!   streams as the server's `SETTINGS_MAX_CONCURRENT_STREAMS` allows (read by
//!   `h2_settings.rs`; 100 until it arrives). When every connection is full, the
//!   queue opens as many more as it needs (counting the streams that connections
//!   under way will bring), within the cap.
//!
//! Requests that cannot be served wait in one FIFO queue and are handed a
//! [`Lease`] directly when a connection, a stream or a socket comes free. A lease
//! gives back what it holds when dropped, so a cancelled request never leaks a
//! connection or a permit.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::connect::Protocol;
use super::origin::Origin;

pub(crate) type H1Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;
pub(crate) type H2Sender = hyper::client::conn::http2::SendRequest<Full<Bytes>>;

/// Streams an HTTP/2 connection is assumed to take until the server says (RFC 9113
/// recommends at least 100; hyper assumes the same).
pub(crate) const DEFAULT_H2_STREAMS: usize = 100;

/// How the pool behaves (from the builder's options).
#[derive(Debug, Clone)]
pub(crate) struct PoolConfig {
    /// Connections open or being opened, at most (all origins together).
    pub cap: usize,
    /// Idle HTTP/1.1 connections kept per origin; 0 turns pooling off.
    pub max_idle_per_origin: usize,
    /// An idle connection is closed after this long.
    pub idle_timeout: Duration,
    /// HTTP/2 is offered (ALPN) to `https` origins.
    pub http2: bool,
}

/// The pool. Shared by a transport's clones (`Arc`).
pub(crate) struct Pool {
    cfg: PoolConfig,
    state: Mutex<State>,
    me: Weak<Pool>,
}

#[derive(Default)]
struct State {
    /// Connections open or being opened.
    open: usize,
    next_id: u64,
    origins: HashMap<Origin, OriginState>,
    waiters: VecDeque<Waiter>,
    reaper_running: bool,
}

#[derive(Default)]
struct OriginState {
    /// What the origin's last connection negotiated; `None` before the first.
    protocol: Option<Protocol>,
    connecting: usize,
    /// The last connect failed: no coalescing until one succeeds, so a burst
    /// against a dead origin fails in parallel rather than one by one.
    failing: bool,
    /// Requests in the queue for this origin.
    waiting: usize,
    /// Idle HTTP/1.1 connections, most recently used last.
    idle: Vec<IdleH1>,
    h2: Vec<H2Conn>,
    /// The last stream limit an HTTP/2 connection to this origin announced.
    h2_limit: usize,
}

struct IdleH1 {
    id: u64,
    sender: H1Sender,
    since: Instant,
}

struct H2Conn {
    id: u64,
    sender: H2Sender,
    active: usize,
    limit: Arc<StreamLimit>,
    idle_since: Instant,
}

/// An HTTP/2 connection's stream limit, kept up to date by its settings tap.
#[derive(Debug)]
pub(crate) struct StreamLimit {
    pub streams: AtomicUsize,
    /// The server's first SETTINGS frame has been read (or the origin's limit was
    /// known from an earlier connection). Until then the connection takes
    /// [`DEFAULT_H2_STREAMS`], and further requests wait for the real figure
    /// rather than open connections a larger limit would make needless.
    pub confirmed: AtomicBool,
}

impl StreamLimit {
    /// Whether the limit is confirmed, and the limit: read in that order, so that
    /// a confirmed limit is never the default it replaced (see [`Self::set`]).
    pub(crate) fn read(&self) -> (bool, usize) {
        let confirmed = self.confirmed.load(Ordering::Acquire);
        (confirmed, self.streams.load(Ordering::Acquire))
    }

    /// Records the server's limit: the figure first, then the flag, so that a
    /// reader who sees the flag sees the figure too. (The other order let a
    /// request see a confirmed limit of 100 on a full connection and open a
    /// second one while the server's 200 was being stored.)
    pub(crate) fn set(&self, streams: usize) {
        self.streams.store(streams, Ordering::Release);
        self.confirmed.store(true, Ordering::Release);
    }

    /// The end of a SETTINGS frame that announced `max` streams, or none; true
    /// when the limit changed. A first frame without a limit means unlimited
    /// (RFC 9113 §6.5.2).
    pub(crate) fn settings_frame(&self, max: Option<u32>) -> bool {
        let first = !self.confirmed.load(Ordering::Acquire);
        let streams = match max {
            Some(max) => usize::try_from(max).unwrap_or(usize::MAX).max(1),
            None if first => UNLIMITED_STREAMS,
            None => return false,
        };
        self.set(streams);
        true
    }
}

/// The stream limit of a server that announces none (RFC 9113: unlimited).
const UNLIMITED_STREAMS: usize = 1 << 20;

struct Waiter {
    origin: Origin,
    tx: oneshot::Sender<Lease>,
}

/// What a request may use: a connection of its own, a stream on a shared one, or
/// the right to open a new connection (one socket of the cap, reserved).
pub(crate) enum Grant {
    Http1 {
        id: u64,
        sender: H1Sender,
        /// A request went out on it: dropping the lease closes the connection
        /// unless the response was read to its end ([`Lease::reuse`]).
        used: bool,
    },
    Http2 {
        id: u64,
        sender: H2Sender,
        /// Counted in the pool (pooling on).
        shared: bool,
    },
    Connect,
}

/// A [`Grant`] that returns itself to the pool when dropped.
pub(crate) struct Lease {
    pool: Arc<Pool>,
    origin: Origin,
    grant: Option<Grant>,
}

/// Counts a connection's socket while its connection task runs; dropped when the
/// task ends (the socket closed), which frees its place under the cap.
///
/// It holds the pool weakly: the pool holds the connection's sender, so a strong
/// reference here would keep both alive after the client is dropped.
pub(crate) struct ConnGuard {
    pool: Weak<Pool>,
    origin: Origin,
    id: u64,
}

/// Why a request got no grant on this pass.
enum NoGrant {
    /// Every socket of the cap is taken.
    Full,
    /// A connection under way will serve it.
    Covered,
}

impl Pool {
    pub(crate) fn new(cfg: PoolConfig) -> Arc<Pool> {
        Arc::new_cyclic(|me| Pool {
            cfg,
            state: Mutex::new(State::default()),
            me: me.clone(),
        })
    }

    pub(crate) fn pooling(&self) -> bool {
        self.cfg.max_idle_per_origin > 0
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock would leave the counts as they were; the
        // state is still consistent enough to go on.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for something to send a request to `origin` on. Cancel-safe: a
    /// dropped wait leaves the queue, and a lease handed to it comes back.
    pub(crate) async fn checkout(self: &Arc<Self>, origin: &Origin) -> Lease {
        let rx = {
            let mut st = self.lock();
            let waiting = st.origins.get(origin).map_or(0, |o| o.waiting);
            if waiting == 0 {
                if let Ok(grant) = self.try_grant(&mut st, origin, 0) {
                    return self.lease(origin, grant);
                }
            }
            let (tx, rx) = oneshot::channel();
            st.waiters.push_back(Waiter {
                origin: origin.clone(),
                tx,
            });
            st.origins.entry(origin.clone()).or_default().waiting += 1;
            self.dispatch(&mut st);
            rx
        };
        match rx.await {
            Ok(lease) => lease,
            // The pool never drops a waiter's sender without sending; if that ever
            // changed, connecting is the safe answer.
            Err(_) => {
                let mut st = self.lock();
                st.open += 1;
                st.origins.entry(origin.clone()).or_default().connecting += 1;
                self.lease(origin, Grant::Connect)
            }
        }
    }

    /// The right to open a connection to `origin` for [`warm`](super::Transport::warm),
    /// when it has none (idle, shared or under way) and the cap allows one.
    pub(crate) fn warm_lease(self: &Arc<Self>, origin: &Origin) -> Option<Lease> {
        let mut st = self.lock();
        let now = Instant::now();
        let idle_timeout = self.cfg.idle_timeout;
        let o = st.origins.entry(origin.clone()).or_default();
        o.idle
            .retain(|c| !c.sender.is_closed() && now.duration_since(c.since) < idle_timeout);
        o.h2.retain(|c| !c.sender.is_closed());
        if !o.idle.is_empty() || !o.h2.is_empty() || o.connecting > 0 {
            return None;
        }
        if st.open >= self.cfg.cap {
            return None;
        }
        st.open += 1;
        st.origins.entry(origin.clone()).or_default().connecting += 1;
        Some(self.lease(origin, Grant::Connect))
    }

    fn lease(self: &Arc<Self>, origin: &Origin, grant: Grant) -> Lease {
        Lease {
            pool: self.clone(),
            origin: origin.clone(),
            grant: Some(grant),
        }
    }

    /// What `origin` can give a request that has `ahead` requests for the same
    /// origin before it in the queue.
    fn try_grant(&self, st: &mut State, origin: &Origin, ahead: usize) -> Result<Grant, NoGrant> {
        let now = Instant::now();
        let idle_timeout = self.cfg.idle_timeout;
        // Requests share an HTTP/2 connection only through the pool: with pooling
        // off each opens its own, and none waits for another's connect.
        let may_multiplex = origin.https && self.cfg.http2 && self.pooling();
        let open = st.open;
        let o = st.origins.entry(origin.clone()).or_default();
        while let Some(c) = o.idle.pop() {
            if c.sender.is_closed() || now.duration_since(c.since) >= idle_timeout {
                continue;
            }
            return Ok(Grant::Http1 {
                id: c.id,
                sender: c.sender,
                used: false,
            });
        }
        o.h2.retain(|c| !c.sender.is_closed());
        let mut awaiting_settings = false;
        // The newest limit a server announced, read from the connections
        // themselves: `o.h2_limit` is brought up to date a moment after a tap
        // stores a new limit, and counting connects under way with the old one
        // opened connections the new one made needless.
        let mut announced = None;
        for c in o.h2.iter_mut() {
            let (confirmed, limit) = c.limit.read();
            if c.active < limit {
                c.active += 1;
                return Ok(Grant::Http2 {
                    id: c.id,
                    sender: c.sender.clone(),
                    shared: true,
                });
            }
            awaiting_settings |= !confirmed;
            if confirmed {
                announced = Some(limit);
            }
        }
        if awaiting_settings {
            // A new connection's real limit is one frame away.
            return Err(NoGrant::Covered);
        }
        if may_multiplex && !o.failing && o.connecting > 0 {
            match o.protocol {
                // The first connection will tell; wait for it.
                None => return Err(NoGrant::Covered),
                Some(Protocol::Http2) => {
                    let limit = match (announced, o.h2_limit) {
                        (Some(limit), _) => limit,
                        (None, 0) => DEFAULT_H2_STREAMS,
                        (None, known) => known,
                    };
                    // Each connection under way carries one request that asked for
                    // it plus `limit - 1` more.
                    if ahead < o.connecting * limit.saturating_sub(1) {
                        return Err(NoGrant::Covered);
                    }
                }
                Some(Protocol::Http1) => {}
            }
        }
        if open >= self.cfg.cap {
            return Err(NoGrant::Full);
        }
        o.connecting += 1;
        st.open += 1;
        Ok(Grant::Connect)
    }

    /// Hands what is free to the queue, oldest first. Called after every change.
    fn dispatch(self: &Arc<Self>, st: &mut State) {
        let mut full: Vec<Origin> = Vec::new();
        let mut ahead: Vec<(Origin, usize)> = Vec::new();
        let mut i = 0;
        while i < st.waiters.len() {
            if st.waiters[i].tx.is_closed() {
                if let Some(w) = st.waiters.remove(i) {
                    if let Some(o) = st.origins.get_mut(&w.origin) {
                        o.waiting -= 1;
                    }
                }
                continue;
            }
            let origin = st.waiters[i].origin.clone();
            let pos = match ahead.iter().position(|(o, _)| *o == origin) {
                Some(p) => p,
                None => {
                    ahead.push((origin.clone(), 0));
                    ahead.len() - 1
                }
            };
            if full.contains(&origin) {
                ahead[pos].1 += 1;
                i += 1;
                continue;
            }
            match self.try_grant(st, &origin, ahead[pos].1) {
                Ok(grant) => {
                    let Some(w) = st.waiters.remove(i) else { break };
                    if let Some(o) = st.origins.get_mut(&origin) {
                        o.waiting -= 1;
                    }
                    if let Err(mut lease) = w.tx.send(self.lease(&origin, grant)) {
                        // Its request went away just now: take the grant back here
                        // (dropping the lease would lock the pool again).
                        if let Some(grant) = lease.grant.take() {
                            self.undo(st, &origin, grant);
                        }
                    }
                }
                Err(NoGrant::Covered) => {
                    ahead[pos].1 += 1;
                    i += 1;
                }
                Err(NoGrant::Full) => {
                    full.push(origin);
                    ahead[pos].1 += 1;
                    i += 1;
                }
            }
        }
    }

    /// Returns an unused grant to the pool, the lock held.
    fn undo(&self, st: &mut State, origin: &Origin, grant: Grant) {
        match grant {
            Grant::Http1 { id, sender, used } => {
                if !used {
                    self.put_idle(st, origin, id, sender);
                }
            }
            Grant::Http2 { id, shared, .. } => {
                if shared {
                    self.release_stream(st, origin, id);
                }
            }
            Grant::Connect => {
                st.open -= 1;
                if let Some(o) = st.origins.get_mut(origin) {
                    o.connecting -= 1;
                }
            }
        }
    }

    fn put_idle(&self, st: &mut State, origin: &Origin, id: u64, sender: H1Sender) {
        if sender.is_closed() {
            return;
        }
        let o = st.origins.entry(origin.clone()).or_default();
        if o.idle.len() >= self.cfg.max_idle_per_origin {
            // Over the idle cap (or pooling off): dropping the sender closes it.
            return;
        }
        o.idle.push(IdleH1 {
            id,
            sender,
            since: Instant::now(),
        });
        self.ensure_reaper(st);
    }

    fn release_stream(&self, st: &mut State, origin: &Origin, id: u64) {
        let Some(o) = st.origins.get_mut(origin) else {
            return;
        };
        if let Some(c) = o.h2.iter_mut().find(|c| c.id == id) {
            c.active = c.active.saturating_sub(1);
            if c.active == 0 {
                c.idle_since = Instant::now();
                self.ensure_reaper(st);
            }
        }
    }

    /// A connect granted by `lease` succeeded: records the connection and returns
    /// the lease the connecting request goes on with, and the guard its
    /// connection task holds.
    pub(crate) fn connected(
        self: &Arc<Self>,
        mut lease: Lease,
        conn: NewConnection,
    ) -> (Lease, ConnGuard) {
        let origin = lease.origin.clone();
        // The connect grant turns into the connection; the socket stays counted
        // (by the guard now).
        lease.grant = None;
        let mut st = self.lock();
        let id = st.next_id;
        st.next_id += 1;
        let pooling = self.pooling();
        let o = st.origins.entry(origin.clone()).or_default();
        o.connecting -= 1;
        o.failing = false;
        let grant = match conn {
            NewConnection::Http1(sender) => {
                o.protocol = Some(Protocol::Http1);
                Grant::Http1 {
                    id,
                    sender,
                    used: false,
                }
            }
            NewConnection::Http2(sender, limit) => {
                o.protocol = Some(Protocol::Http2);
                if pooling {
                    o.h2.push(H2Conn {
                        id,
                        sender: sender.clone(),
                        active: 1,
                        limit,
                        idle_since: Instant::now(),
                    });
                }
                Grant::Http2 {
                    id,
                    sender,
                    shared: pooling,
                }
            }
        };
        self.dispatch(&mut st);
        drop(st);
        let guard = ConnGuard {
            pool: self.me.clone(),
            origin: origin.clone(),
            id,
        };
        (
            Lease {
                pool: self.clone(),
                origin,
                grant: Some(grant),
            },
            guard,
        )
    }

    /// A new HTTP/2 connection's limit: the origin's last known one, confirmed,
    /// or the default until the server's SETTINGS arrive.
    pub(crate) fn new_stream_limit(&self, origin: &Origin) -> Arc<StreamLimit> {
        let known = self.lock().origins.get(origin).map_or(0, |o| o.h2_limit);
        Arc::new(StreamLimit {
            streams: AtomicUsize::new(if known == 0 {
                DEFAULT_H2_STREAMS
            } else {
                known
            }),
            confirmed: AtomicBool::new(known != 0),
        })
    }

    /// An HTTP/2 connection's settings changed (its limit is in `limit` already).
    pub(crate) fn stream_limit_changed(self: &Arc<Self>, origin: &Origin, limit: &StreamLimit) {
        let mut st = self.lock();
        if let Some(o) = st.origins.get_mut(origin) {
            o.h2_limit = limit.read().1;
        }
        self.dispatch(&mut st);
    }

    /// Idle connections closed after the idle timeout, even when no request comes.
    fn ensure_reaper(&self, st: &mut State) {
        if st.reaper_running || !self.pooling() {
            return;
        }
        // Outside a tokio runtime (a lease dropped after it shut down) there is no
        // timer; expired connections are then dropped at the next checkout.
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        st.reaper_running = true;
        let pool = self.me.clone();
        let every = self.cfg.idle_timeout.max(Duration::from_millis(10));
        rt.spawn(async move {
            loop {
                tokio::time::sleep(every / 2).await;
                let Some(pool) = pool.upgrade() else { return };
                let mut st = pool.lock();
                if !pool.reap(&mut st) {
                    st.reaper_running = false;
                    return;
                }
            }
        });
    }

    /// Drops expired idle connections; true while some idle ones remain.
    fn reap(&self, st: &mut State) -> bool {
        let now = Instant::now();
        let timeout = self.cfg.idle_timeout;
        let mut any = false;
        for o in st.origins.values_mut() {
            o.idle
                .retain(|c| !c.sender.is_closed() && now.duration_since(c.since) < timeout);
            o.h2.retain(|c| {
                !c.sender.is_closed()
                    && (c.active > 0 || now.duration_since(c.idle_since) < timeout)
            });
            any |= !o.idle.is_empty() || o.h2.iter().any(|c| c.active == 0);
        }
        any
    }

    /// Connections open or being opened now (for tests: a connection leaves this
    /// count when its task sees the socket close).
    pub(crate) fn open(&self) -> usize {
        self.lock().open
    }
}

/// A connection just opened and handshaken.
pub(crate) enum NewConnection {
    Http1(H1Sender),
    /// With the stream limit its settings tap keeps up to date.
    Http2(H2Sender, Arc<StreamLimit>),
}

impl Lease {
    pub(crate) fn grant_mut(&mut self) -> Option<&mut Grant> {
        self.grant.as_mut()
    }

    pub(crate) fn is_connect(&self) -> bool {
        matches!(self.grant, Some(Grant::Connect))
    }

    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    pub(crate) fn pool(&self) -> &Arc<Pool> {
        &self.pool
    }

    /// The response on this HTTP/1.1 connection was read to its end and the
    /// connection stays open: back to the pool now, for the next request.
    pub(crate) fn reuse(mut self) {
        if let Some(Grant::Http1 { used, .. }) = self.grant.as_mut() {
            *used = false;
        }
    }

    /// The connection is not to be used again (closed, failed, or its response
    /// was not read to the end). An HTTP/2 connection leaves the pool; its other
    /// streams go on.
    pub(crate) fn discard(mut self) {
        match self.grant.take() {
            Some(Grant::Http1 { .. }) | None => {}
            Some(Grant::Http2 { id, shared, .. }) => {
                if shared {
                    let mut st = self.pool.lock();
                    if let Some(o) = st.origins.get_mut(&self.origin) {
                        o.h2.retain(|c| c.id != id);
                    }
                    self.pool.dispatch(&mut st);
                }
            }
            Some(grant @ Grant::Connect) => self.grant = Some(grant),
        }
    }

    /// The connect this lease granted failed: the origin stops coalescing until a
    /// connect succeeds.
    pub(crate) fn connect_failed(self) {
        if self.is_connect() {
            let mut st = self.pool.lock();
            if let Some(o) = st.origins.get_mut(&self.origin) {
                o.failing = true;
            }
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(grant) = self.grant.take() {
            let mut st = self.pool.lock();
            self.pool.undo(&mut st, &self.origin, grant);
            self.pool.dispatch(&mut st);
        }
    }
}

impl Drop for ConnGuard {
    fn drop(&mut self) {
        // A pool already dropped has nothing left to count.
        let Some(pool) = self.pool.upgrade() else {
            return;
        };
        let mut st = pool.lock();
        st.open -= 1;
        if let Some(o) = st.origins.get_mut(&self.origin) {
            let id = self.id;
            o.idle.retain(|c| c.id != id);
            o.h2.retain(|c| c.id != id);
        }
        pool.dispatch(&mut st);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(cap: usize) -> Arc<Pool> {
        Pool::new(PoolConfig {
            cap,
            max_idle_per_origin: 8,
            idle_timeout: Duration::from_secs(30),
            http2: true,
        })
    }

    fn origin(https: bool) -> Origin {
        Origin {
            https,
            host: "example.test".into(),
            port: 443,
        }
    }

    #[tokio::test]
    async fn connect_grants_stop_at_the_cap_and_come_back_when_dropped() {
        let p = pool(2);
        let o = origin(false);
        let a = p.checkout(&o).await;
        let b = p.checkout(&o).await;
        assert!(a.is_connect() && b.is_connect());
        assert_eq!(p.open(), 2);
        let mut third = Box::pin(p.checkout(&o));
        assert!(
            futures_util::FutureExt::now_or_never(third.as_mut()).is_none(),
            "over the cap"
        );
        a.connect_failed();
        // The failed connect's socket went back: the queued request gets it.
        let c = third.await;
        assert!(c.is_connect());
        drop((b, c));
        assert_eq!(p.open(), 0);
    }

    #[tokio::test]
    async fn a_cold_burst_to_a_possibly_h2_origin_waits_for_the_first_connect() {
        let p = pool(10);
        let o = origin(true);
        let first = p.checkout(&o).await;
        assert!(first.is_connect());
        let mut second = Box::pin(p.checkout(&o));
        assert!(
            futures_util::FutureExt::now_or_never(second.as_mut()).is_none(),
            "protocol unknown: wait for the first"
        );
        // Plain http never multiplexes: no waiting there.
        let plain = p.checkout(&origin(false)).await;
        assert!(plain.is_connect());
        // The first connect fails: the origin stops coalescing, the second connects.
        first.connect_failed();
        assert!(second.await.is_connect());
        assert!(p.checkout(&o).await.is_connect(), "failing: no coalescing");
    }

    #[tokio::test]
    async fn without_pooling_no_request_waits_for_another_connect() {
        let p = Pool::new(PoolConfig {
            cap: 4,
            max_idle_per_origin: 0,
            idle_timeout: Duration::from_secs(30),
            http2: true,
        });
        let o = origin(true);
        let first = p.checkout(&o).await;
        let mut second = Box::pin(p.checkout(&o));
        let second = futures_util::FutureExt::now_or_never(second.as_mut());
        assert!(
            matches!(&second, Some(l) if l.is_connect()),
            "a connection that is never shared is nothing to wait for"
        );
        drop((first, second));
    }

    #[test]
    fn a_stream_limit_is_confirmed_with_its_figure() {
        let limit = StreamLimit {
            streams: AtomicUsize::new(DEFAULT_H2_STREAMS),
            confirmed: AtomicBool::new(false),
        };
        assert_eq!(limit.read(), (false, DEFAULT_H2_STREAMS));
        assert!(limit.settings_frame(Some(200)));
        assert_eq!(limit.read(), (true, 200));
        assert!(
            !limit.settings_frame(None),
            "a later frame without a limit keeps it"
        );
        assert!(limit.settings_frame(Some(0)));
        assert_eq!(limit.read(), (true, 1), "at least one stream");
        let unnamed = StreamLimit {
            streams: AtomicUsize::new(DEFAULT_H2_STREAMS),
            confirmed: AtomicBool::new(false),
        };
        assert!(unnamed.settings_frame(None));
        assert_eq!(unnamed.read(), (true, UNLIMITED_STREAMS));
    }

    #[tokio::test]
    async fn a_dropped_waiter_leaves_the_queue() {
        let p = pool(1);
        let o = origin(false);
        let a = p.checkout(&o).await;
        {
            let mut w = Box::pin(p.checkout(&o));
            assert!(futures_util::FutureExt::now_or_never(w.as_mut()).is_none());
        }
        drop(a);
        assert_eq!(p.open(), 0);
        assert!(p.checkout(&o).await.is_connect());
    }
}
