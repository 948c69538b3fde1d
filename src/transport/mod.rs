//! The transport contract: the only layer that does I/O and the only place (with
//! `src/js/`) that knows which target it runs on.
//!
//! The contract is small on purpose: take a prepared [`HttpRequest`] (method, URL,
//! headers, body bytes, time budget) and return status, headers and a body that is
//! either read whole or streamed as chunks; plus a timer and a random number for
//! backoff (all in [`HttpTransport`]).
//! Retries, status mapping and stream parsing live in the shared core and call this.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;

use crate::error::{ErrorCause, Interruption};

#[cfg(target_arch = "wasm32")]
mod body_reader;
#[cfg(target_arch = "wasm32")]
mod fetch_options;
pub(crate) mod keepalive;
#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::{PlatformOptions, Transport};
#[cfg(target_arch = "wasm32")]
pub(crate) mod wasm;
#[cfg(target_arch = "wasm32")]
pub(crate) use fetch_options::PlatformOptions;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use wasm::keepalive_budget_probe;
#[cfg(target_arch = "wasm32")]
pub(crate) use wasm::Transport;

/// `Send` on native targets, where futures cross threads; nothing on wasm32, where
/// JS values are not `Send`. One alias instead of two copies of the code.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSend: Send {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + ?Sized> MaybeSend for T {}

/// `Send` on native targets, where futures cross threads; nothing on wasm32, where
/// JS values are not `Send`. One alias instead of two copies of the code.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSend {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSend for T {}

/// A boxed future that is `Send` where the target allows it.
#[cfg(not(target_arch = "wasm32"))]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// A boxed future that is `Send` where the target allows it.
#[cfg(target_arch = "wasm32")]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A body delivered chunk by chunk (`Send` where the target allows it). An error ends it.
#[cfg(not(target_arch = "wasm32"))]
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, Interruption>> + Send>>;
/// A body delivered chunk by chunk (`Send` where the target allows it). An error ends it.
#[cfg(target_arch = "wasm32")]
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, Interruption>>>>;

/// The transport contract both targets implement (`native::Transport` on
/// hyper + tokio, `wasm::Transport` on `fetch`): everything the core needs of a
/// target, so a new one is checked by the compiler in one place. The client
/// calls nothing else of a transport; retries, status mapping and stream
/// parsing stay in the core.
pub(crate) trait HttpTransport: Sized {
    /// The transport for one client (all its clones share it).
    fn new(cfg: TransportConfig) -> Result<Self, crate::Error>;

    /// Sends one attempt within its time budget (`req.timeout`).
    fn send(&self, req: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, SendError>>;

    /// Opens a connection to `url`'s origin ahead of the first call, within
    /// `timeout`, spending no tokens.
    fn warm<'a>(
        &'a self,
        url: &'a str,
        headers: &'a crate::headers::Headers,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<(), SendError>>;

    /// The counters [`crate::Client::stats`] reports.
    fn counters(&self) -> &Counters;

    /// Waits `d` on the target's timer (backoff, a rate-limit window).
    fn sleep(d: Duration) -> BoxFuture<'static, ()>;

    /// A uniform random number in `[0, 1)`, for backoff jitter.
    fn random_unit() -> f64;
}

/// A request ready to send.
#[derive(Debug, Clone)]
pub(crate) struct HttpRequest {
    pub method: http::Method,
    pub url: String,
    pub headers: crate::headers::Headers,
    pub body: Bytes,
    /// Time left for this attempt: until the whole body is read for a plain
    /// request, until the response head for a stream.
    pub timeout: Duration,
    /// The body will be streamed (the caller reads it with [`Body::into_stream`]).
    pub streaming: bool,
}

/// A response head and its body.
pub(crate) struct HttpResponse {
    pub status: u16,
    pub headers: crate::headers::Headers,
    pub body: Body,
}

/// Why an attempt produced no response.
#[derive(Debug, Clone)]
// fetch cannot tell a stale connection or a connect timeout apart from other failures.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) enum SendError {
    /// No connection could be made; nothing was sent.
    Connect(ErrorCause),
    /// The connection closed before any response byte arrived: typically a pooled
    /// connection the server had closed while it sat idle. Safe to resend.
    ClosedBeforeResponse(ErrorCause),
    /// The attempt's time budget ran out.
    Timeout,
    /// The connect timeout (its length) ran out.
    ConnectTimeout(Duration),
    /// Anything else.
    Other(ErrorCause),
}

/// Options the transport needs to build its connection pool.
#[derive(Debug, Clone)]
#[allow(dead_code)] // each target reads the fields that apply to it
pub(crate) struct TransportConfig {
    pub connect_timeout: Duration,
    pub stream_idle_timeout: Duration,
    pub pool_max_idle_per_host: usize,
    pub pool_idle_timeout: Duration,
    /// `None`: the target's default (see `ClientBuilder::max_connections`).
    pub max_connections: Option<usize>,
    pub tcp_keepalive: Option<Duration>,
    pub http2: bool,
    pub root_certificates: Vec<Vec<u8>>,
    pub max_response_bytes: usize,
    /// The base URL's host is loopback: no proxy applies.
    pub loopback: bool,
    /// When wasm fetches set `keepalive`.
    pub keepalive: crate::Keepalive,
    /// Settings only one target has (the JS `fetch` function on wasm).
    pub platform: PlatformOptions,
}

/// Counters a transport keeps for [`crate::Client::stats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub requests: std::sync::atomic::AtomicU64,
    pub connections_opened: std::sync::atomic::AtomicU64,
    /// TLS handshakes completed (native only: fetch does not tell).
    pub tls_handshakes: std::sync::atomic::AtomicU64,
    pub retries: std::sync::atomic::AtomicU64,
    pub keepalive_requests: std::sync::atomic::AtomicU64,
}

/// A response body: read whole (bounded) or streamed.
pub(crate) struct Body {
    pub(crate) stream: ByteStream,
    pub(crate) limit: usize,
}

impl Body {
    /// Reads the whole body, failing past the transport's size limit.
    pub(crate) async fn bytes(self) -> Result<Bytes, crate::Error> {
        use futures_util::StreamExt;
        let Body { mut stream, limit } = self;
        // A body that arrives in one chunk (the usual case) is returned as is;
        // only a second chunk starts a buffer.
        let mut first: Option<Bytes> = None;
        let mut buf = bytes::BytesMut::new();
        let mut len = 0usize;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| match e {
                Interruption::IdleTimeout(d) => {
                    crate::Error::Timeout(crate::error::TimeoutKind::Request(d))
                }
                other => crate::Error::Transport(other.to_string().into()),
            })?;
            len += chunk.len();
            if len > limit {
                return Err(crate::Error::TooLarge {
                    what: "response body",
                    limit,
                });
            }
            match first.take() {
                None if buf.is_empty() => first = Some(chunk),
                None => buf.extend_from_slice(&chunk),
                Some(head) => {
                    buf.reserve(head.len() + chunk.len());
                    buf.extend_from_slice(&head);
                    buf.extend_from_slice(&chunk);
                }
            }
        }
        Ok(first.unwrap_or_else(|| buf.freeze()))
    }

    /// The body as a stream of chunks.
    pub(crate) fn into_stream(self) -> ByteStream {
        self.stream
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(chunks: &[&'static [u8]], limit: usize) -> Body {
        let items: Vec<Result<Bytes, Interruption>> =
            chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        Body {
            stream: Box::pin(futures_util::stream::iter(items)),
            limit,
        }
    }

    fn read(b: Body) -> Result<Bytes, crate::Error> {
        futures_util::FutureExt::now_or_never(b.bytes()).expect("ready")
    }

    #[test]
    fn whole_body_in_one_chunk_or_many() {
        assert_eq!(read(body(&[], 8)).unwrap(), Bytes::new());
        assert_eq!(
            read(body(&[b"abc"], 8)).unwrap(),
            Bytes::from_static(b"abc")
        );
        assert_eq!(
            read(body(&[b"ab", b"", b"cd", b"e"], 8)).unwrap(),
            Bytes::from_static(b"abcde")
        );
        assert_eq!(
            read(body(&[b"", b"abc"], 8)).unwrap(),
            Bytes::from_static(b"abc")
        );
    }

    #[test]
    fn body_over_the_limit_is_too_large() {
        for chunks in [&[&b"123456789"[..]][..], &[b"12345", b"6789"]] {
            let e = read(body(chunks, 8)).unwrap_err();
            assert!(
                matches!(e, crate::Error::TooLarge { limit: 8, .. }),
                "{e:?}"
            );
        }
        assert_eq!(read(body(&[b"1234", b"5678"], 8)).unwrap().len(), 8);
    }
}
