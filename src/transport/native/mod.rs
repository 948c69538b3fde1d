//! Native transport: a connection pool of its own (`pool.rs`) on hyper's
//! connection API, rustls, and tokio.
//!
//! The pool is written by hand (not reqwest's or hyper-util's) because the client
//! promises what those measured short of: sequential calls always reuse one
//! connection, a cold burst to an HTTP/2 origin opens one connection, the cap
//! bounds sockets (not streams), and HTTP/2 spreads past a connection that is at
//! the server's stream limit. `pool.rs` explains each rule; `connect.rs` opens
//! connections (TCP, TLS with ALPN); `h2_settings.rs` reads the server's stream
//! limit; `origin.rs` parses where a request goes.
//!
//! What reqwest did that this does not: proxies from the environment
//! (`HTTPS_PROXY`), and following redirects (which the client turned off anyway).

mod connect;
mod h2_settings;
mod origin;
mod pool;

use std::future::Future as _;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http_body_util::Full;
use hyper::body::{Body as _, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo};

use self::connect::{Connector, Protocol};
use self::h2_settings::SettingsEvent;
use self::origin::{Origin, Target};
use self::pool::{Grant, Lease, NewConnection, Pool, PoolConfig};
use super::{
    Body, BoxFuture, Counters, HttpRequest, HttpResponse, HttpTransport, SendError, TransportConfig,
};
use crate::error::{Error, ErrorCause, Interruption};
use crate::headers::Headers;

/// The native transport. Cheap to clone: everything inside is shared.
#[derive(Clone)]
pub(crate) struct Transport {
    pool: Arc<Pool>,
    connector: Arc<Connector>,
    counters: Arc<Counters>,
    connect_timeout: Duration,
    stream_idle_timeout: Duration,
    max_response_bytes: usize,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeTransport").finish_non_exhaustive()
    }
}

/// Seeds aws-lc's random number generator now, once per process, rather than in the
/// first TLS handshake. Its first use collects CPU-jitter entropy for about 25 ms
/// of CPU (profiled: two thirds of a one-request run), which otherwise lands on the
/// first request's latency.
fn seed_tls_rng() {
    static SEEDED: std::sync::Once = std::sync::Once::new();
    SEEDED.call_once(|| {
        let provider = rustls::crypto::aws_lc_rs::default_provider();
        // The result is irrelevant: a failure here resurfaces in the handshake.
        let _ = provider.secure_random.fill(&mut [0u8; 16]);
    });
}

impl HttpTransport for Transport {
    fn new(cfg: TransportConfig) -> Result<Self, Error> {
        seed_tls_rng();
        let cap = cfg
            .max_connections
            .unwrap_or(crate::DEFAULT_MAX_CONNECTIONS)
            .max(1);
        let pool = Pool::new(PoolConfig {
            cap,
            // With pooling on, keep at least as many idle connections as may be
            // open: otherwise each burst above the idle cap closes connections
            // that the next burst must open again.
            max_idle_per_origin: match cfg.pool_max_idle_per_host {
                0 => 0,
                n => n.max(cap),
            },
            idle_timeout: cfg.pool_idle_timeout,
            http2: cfg.http2,
        });
        let connector = Connector::new(&cfg.root_certificates, cfg.http2, cfg.tcp_keepalive)?;
        Ok(Transport {
            pool,
            connector: Arc::new(connector),
            counters: Arc::new(Counters::default()),
            connect_timeout: cfg.connect_timeout,
            stream_idle_timeout: cfg.stream_idle_timeout,
            max_response_bytes: cfg.max_response_bytes,
        })
    }

    fn counters(&self) -> &Counters {
        &self.counters
    }

    /// Waits `d` on the tokio timer.
    fn sleep(d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(d))
    }

    fn random_unit() -> f64 {
        fastrand::f64()
    }

    /// Opens a connection to `url`'s origin ahead of the first call (TCP, TLS, and
    /// the protocol learned), unless one is open or being opened already. Sends
    /// no request. Bounded by the connect timeout and `timeout`.
    fn warm<'a>(
        &'a self,
        url: &'a str,
        _headers: &'a Headers,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let target = Target::parse(url).map_err(|e| SendError::Other(e.into()))?;
            let Some(lease) = self.pool.warm_lease(&target.origin) else {
                return Ok(());
            };
            match tokio::time::timeout(timeout, self.open(lease)).await {
                Err(_) => Err(SendError::Timeout),
                // Dropping the lease puts the new connection in the pool, idle.
                Ok(r) => r.map(drop),
            }
        })
    }

    /// Sends one attempt within its time budget.
    fn send(&self, req: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, SendError>> {
        Box::pin(async move {
            let deadline = tokio::time::Instant::now() + req.timeout;
            let target = Target::parse(&req.url).map_err(|e| SendError::Other(e.into()))?;
            self.counters.requests.fetch_add(1, Ordering::Relaxed);
            let streaming = req.streaming;
            let (response, lease, reusable) =
                match tokio::time::timeout_at(deadline, self.exchange(&target, req)).await {
                    Err(_) => return Err(SendError::Timeout),
                    Ok(r) => r?,
                };
            let status = response.status().as_u16();
            let headers = from_header_map(response.headers());
            let idle = streaming.then_some(self.stream_idle_timeout);
            let body = ResponseBody {
                inner: response.into_body(),
                lease: Some(lease),
                reusable,
                idle,
                timer: Box::pin(tokio::time::sleep_until(match idle {
                    Some(d) => tokio::time::Instant::now() + d,
                    None => deadline,
                })),
                done: false,
            };
            Ok(HttpResponse {
                status,
                headers,
                body: Body {
                    stream: Box::pin(body),
                    limit: self.max_response_bytes,
                },
            })
        })
    }
}

impl Transport {
    /// Connections open or being opened now ([`crate::Client::open_connections`]).
    pub(crate) fn open_connections(&self) -> usize {
        self.pool.open()
    }

    /// Gets a connection (pooled, shared or new) and sends the request on it.
    /// Returns the response head, the lease its body holds, and whether an
    /// HTTP/1.1 connection may be reused once that body is read.
    async fn exchange(
        &self,
        target: &Target,
        req: HttpRequest,
    ) -> Result<(http::Response<Incoming>, Lease, bool), SendError> {
        loop {
            let mut lease = self.pool.checkout(&target.origin).await;
            let fresh = lease.is_connect();
            if fresh {
                lease = self.open(lease).await?;
            }
            match lease.grant_mut() {
                Some(Grant::Http1 { sender, used, .. }) => {
                    if sender.ready().await.is_err() {
                        // Closed while idle (or on its way back): try another.
                        lease.discard();
                        if fresh {
                            return Err(SendError::ClosedBeforeResponse(
                                "the new connection closed before the request was sent".into(),
                            ));
                        }
                        continue;
                    }
                    *used = true;
                    let request = build_request(&req, target, false)?;
                    return match sender.send_request(request).await {
                        Ok(r) => {
                            let keep = r.version() == http::Version::HTTP_11
                                && !closes_connection(r.headers());
                            Ok((r, lease, keep))
                        }
                        Err(e) => Err(classify(e)),
                    };
                }
                Some(Grant::Http2 { sender, .. }) => {
                    if sender.ready().await.is_err() {
                        lease.discard();
                        if fresh {
                            return Err(SendError::ClosedBeforeResponse(
                                "the new HTTP/2 connection closed before the request was sent"
                                    .into(),
                            ));
                        }
                        continue;
                    }
                    let request = build_request(&req, target, true)?;
                    return match sender.send_request(request).await {
                        Ok(r) => Ok((r, lease, false)),
                        Err(e) => {
                            let err = classify(e);
                            if matches!(err, SendError::ClosedBeforeResponse(_)) {
                                // GOAWAY or a dead connection: no new streams on it.
                                lease.discard();
                            }
                            Err(err)
                        }
                    };
                }
                // `open` turned the connect grant into a connection.
                Some(Grant::Connect) | None => {
                    return Err(SendError::Other("the connection pool lost a grant".into()))
                }
            }
        }
    }

    /// Opens the connection a connect lease was granted for, within the connect
    /// timeout, and starts its connection task.
    async fn open(&self, lease: Lease) -> Result<Lease, SendError> {
        let origin = lease.origin().clone();
        let pool = lease.pool().clone();
        let opening = async {
            let (io, protocol) = self
                .connector
                .connect(&origin)
                .await
                .map_err(|e| SendError::Connect(ErrorCause::with_source(error_chain(&e), e)))?;
            self.counters
                .connections_opened
                .fetch_add(1, Ordering::Relaxed);
            if origin.https {
                self.counters.tls_handshakes.fetch_add(1, Ordering::Relaxed);
            }
            handshake(io, protocol, &pool, &origin).await
        };
        match tokio::time::timeout(self.connect_timeout, opening).await {
            Err(_) => {
                lease.connect_failed();
                Err(SendError::ConnectTimeout(self.connect_timeout))
            }
            Ok(Err(e)) => {
                lease.connect_failed();
                Err(e)
            }
            Ok(Ok((conn, task))) => {
                let (lease, guard) = pool.connected(lease, conn);
                tokio::spawn(async move {
                    task.await;
                    // The socket is closed: its place under the cap comes free.
                    drop(guard);
                });
                Ok(lease)
            }
        }
    }
}

/// A connection task: runs the connection until it closes.
type ConnTask = Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The HTTP handshake on a new connection: HTTP/1.1, or HTTP/2 with the settings
/// tap that keeps the pool told of the server's stream limit.
async fn handshake(
    io: connect::Io,
    protocol: Protocol,
    pool: &Arc<Pool>,
    origin: &Origin,
) -> Result<(NewConnection, ConnTask), SendError> {
    let failed = |e: hyper::Error| {
        let why = format!("HTTP handshake failed: {}", error_chain(&e));
        SendError::Connect(ErrorCause::with_source(why, e))
    };
    match protocol {
        Protocol::Http1 => {
            let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
                .await
                .map_err(failed)?;
            let task: ConnTask = Box::pin(async move {
                let _ = conn.await;
            });
            Ok((NewConnection::Http1(sender), task))
        }
        Protocol::Http2 => {
            let limit = pool.new_stream_limit(origin);
            let (cell, weak, key) = (limit.clone(), Arc::downgrade(pool), origin.clone());
            let mut announced = None;
            let tap = h2_settings::SettingsTap::new(io, move |event| match event {
                SettingsEvent::MaxStreams(max) => announced = Some(max),
                SettingsEvent::FrameEnd => {
                    if cell.settings_frame(announced.take()) {
                        if let Some(pool) = weak.upgrade() {
                            pool.stream_limit_changed(&key, &cell);
                        }
                    }
                }
            });
            let (sender, conn) = hyper::client::conn::http2::Builder::new(TokioExecutor::new())
                .handshake::<_, Full<Bytes>>(TokioIo::new(tap))
                .await
                .map_err(failed)?;
            let task: ConnTask = Box::pin(async move {
                let _ = conn.await;
            });
            Ok((NewConnection::Http2(sender, limit), task))
        }
    }
}

/// The request as hyper takes it: origin form and a `Host` header for HTTP/1.1,
/// the absolute URL for HTTP/2 (its `:scheme` and `:authority`).
fn build_request(
    req: &HttpRequest,
    target: &Target,
    http2: bool,
) -> Result<http::Request<Full<Bytes>>, SendError> {
    let mut builder = http::Request::builder().method(req.method.clone());
    builder = if http2 {
        builder
            .uri(target.absolute.clone())
            .version(http::Version::HTTP_2)
    } else {
        builder.uri(target.path.as_str())
    };
    let mut request = builder
        .body(Full::new(req.body.clone()))
        .map_err(|e| SendError::Other(format!("could not build the request: {e}").into()))?;
    *request.headers_mut() = to_header_map(&req.headers)?;
    if !http2 {
        if let Ok(host) = http::HeaderValue::from_str(&target.authority) {
            request.headers_mut().insert(http::header::HOST, host);
        }
    }
    Ok(request)
}

/// The request headers as http's map, the key marked sensitive.
fn to_header_map(headers: &Headers) -> Result<http::HeaderMap, SendError> {
    use http::header::{HeaderName, HeaderValue};
    let mut map = http::HeaderMap::new();
    for (name, value) in headers.iter() {
        // Both were checked when the client was built; this cannot fail.
        let (Ok(n), Ok(mut v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            return Err(SendError::Other(format!("invalid header '{name}'").into()));
        };
        v.set_sensitive(Headers::is_sensitive(name));
        map.append(n, v);
    }
    Ok(map)
}

/// Every response header, for the core's retry hints and for callers who read
/// a response's metadata.
fn from_header_map(map: &http::HeaderMap) -> Headers {
    let mut headers = Headers::default();
    for (name, v) in map {
        if let Ok(v) = v.to_str() {
            // A value that is not visible ASCII is left out.
            let _ = headers.append(name.as_str(), v);
        }
    }
    headers
}

/// True when the response says its connection closes after it.
fn closes_connection(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(http::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("close"))
}

/// Settings only the WebAssembly transport has; none on native.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlatformOptions {}

/// Sorts a hyper error from sending a request into what the retry rules need.
fn classify(e: hyper::Error) -> SendError {
    let why = error_chain(&e);
    if closed_before_response(&e) {
        return SendError::ClosedBeforeResponse(ErrorCause::with_source(why, e));
    }
    SendError::Other(ErrorCause::with_source(why, e))
}

/// True when the connection closed (or was reset) before any response byte: the
/// signature of a pooled connection the server had already closed.
fn closed_before_response(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(h) = err.downcast_ref::<hyper::Error>() {
            if h.is_incomplete_message() || h.is_canceled() || h.is_closed() {
                return true;
            }
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            ) {
                return true;
            }
        }
        cur = err.source();
    }
    false
}

/// The error and its causes on one line.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cur = e.source();
    while let Some(err) = cur {
        let s = err.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cur = err.source();
    }
    text
}

/// A response body that holds its connection lease until it is finished or
/// dropped. A whole-body read fails at the attempt's deadline; a stream fails
/// when no chunk arrives within the idle timeout.
struct ResponseBody {
    inner: Incoming,
    lease: Option<Lease>,
    /// HTTP/1.1 kept alive: the connection goes back to the pool at the end.
    reusable: bool,
    /// `Some`: the idle timeout of a stream (the timer re-arms on each chunk);
    /// `None`: the timer is the attempt's deadline.
    idle: Option<Duration>,
    timer: Pin<Box<tokio::time::Sleep>>,
    done: bool,
}

impl Stream for ResponseBody {
    type Item = Result<Bytes, Interruption>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    // Trailers carry nothing the client reads.
                    let Ok(chunk) = frame.into_data() else {
                        continue;
                    };
                    if let Some(d) = this.idle {
                        this.timer.as_mut().reset(tokio::time::Instant::now() + d);
                    }
                    return Poll::Ready(Some(Ok(chunk)));
                }
                Poll::Ready(Some(Err(e))) => {
                    this.finish(false);
                    return Poll::Ready(Some(Err(Interruption::Transport(error_chain(&e)))));
                }
                Poll::Ready(None) => {
                    // The end: an HTTP/1.1 connection goes back to the pool now,
                    // before the caller can start its next request.
                    let reuse = this.reusable;
                    this.finish(reuse);
                    return Poll::Ready(None);
                }
                Poll::Pending => {
                    if this.timer.as_mut().poll(cx).is_ready() {
                        this.finish(false);
                        let err = match this.idle {
                            Some(d) => Interruption::IdleTimeout(d),
                            None => Interruption::Transport(
                                "the request timed out while reading the body".into(),
                            ),
                        };
                        return Poll::Ready(Some(Err(err)));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

impl ResponseBody {
    /// Lets go of the connection: back to the pool for reuse, or (an HTTP/1.1
    /// response not read to a clean end) closed. An HTTP/2 stream is released
    /// either way; its connection stays.
    fn finish(&mut self, reuse: bool) {
        self.done = true;
        if let Some(lease) = self.lease.take() {
            if reuse {
                lease.reuse();
            }
        }
    }
}

/// What native callers rely on being `Send` / `Sync`, checked at compile time
/// (reqwest's `_assert_impls` pattern): a client shared across tasks and
/// threads, its futures spawned on a multi-threaded runtime, a stream moved to
/// another task, errors sent through channels. Never called.
#[allow(dead_code)]
fn _assert_impls() {
    fn assert_send<T: Send>() {}
    fn assert_sync<T: Sync>() {}
    fn assert_send_value<T: Send>(_: &T) {}

    assert_send::<crate::Client>();
    assert_sync::<crate::Client>();
    assert_send::<crate::ClientBuilder>();
    assert_send::<crate::ChatStream>();
    assert_send::<crate::Error>();
    assert_sync::<crate::Error>();
    assert_send::<Transport>();
    assert_sync::<Transport>();

    let _ = |client: &crate::Client, chat: &crate::ChatRequest| {
        assert_send_value(&client.chat(chat));
        assert_send_value(&client.chat_stream(chat));
        assert_send_value(&client.warm());
    };
    let _ = |client: &crate::Client, embed: &crate::EmbedRequest, rerank: &crate::RerankRequest| {
        assert_send_value(&client.embed(embed));
        assert_send_value(&client.rerank(rerank));
    };
    let _ = |stream: &mut crate::ChatStream| assert_send_value(&stream.next_event());
}
