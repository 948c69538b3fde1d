//! The response body type: a whole buffer, or frames pushed through a channel.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::sync::mpsc;

/// Marks a request as in flight until the response body is finished or dropped
/// (the idle timeout never closes a connection with a request in flight).
#[derive(Debug)]
pub(crate) struct InflightGuard(Arc<AtomicUsize>);

impl InflightGuard {
    pub(crate) fn new(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        InflightGuard(Arc::clone(counter))
    }
}

impl Drop for InflightGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Sender side of a streamed body: `Ok` chunks are data frames, an `Err` aborts the body.
pub(crate) type ChunkSender = mpsc::Sender<io::Result<Bytes>>;

#[derive(Debug)]
enum Inner {
    Full(Option<Bytes>),
    Channel(mpsc::Receiver<io::Result<Bytes>>),
}

/// Body of every mock response.
#[derive(Debug)]
pub struct MockBody {
    inner: Inner,
    guard: Option<InflightGuard>,
}

impl MockBody {
    /// A body holding `bytes` whole.
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        MockBody {
            inner: Inner::Full((!bytes.is_empty()).then_some(bytes)),
            guard: None,
        }
    }

    /// An empty body.
    pub(crate) fn empty() -> Self {
        MockBody {
            inner: Inner::Full(None),
            guard: None,
        }
    }

    /// A streamed body and the sender that feeds it (each chunk is one frame).
    pub(crate) fn channel() -> (ChunkSender, Self) {
        let (tx, rx) = mpsc::channel(8);
        (
            tx,
            MockBody {
                inner: Inner::Channel(rx),
                guard: None,
            },
        )
    }

    /// Attaches the in-flight guard, released when the body ends or is dropped.
    pub(crate) fn with_guard(mut self, guard: InflightGuard) -> Self {
        self.guard = Some(guard);
        self
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = &mut *self;
        let polled = match &mut this.inner {
            Inner::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Channel(rx) => rx.poll_recv(cx).map(|o| o.map(|r| r.map(Frame::data))),
        };
        if let Poll::Ready(None) = polled {
            this.guard = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.inner, Inner::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            Inner::Full(None) => SizeHint::with_exact(0),
            Inner::Channel(_) => SizeHint::default(),
        }
    }
}
