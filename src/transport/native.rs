//! Native transport: one pooled `reqwest::Client` (rustls, HTTP/1.1 keep-alive and
//! HTTP/2 by ALPN) on tokio.
//!
//! reqwest keeps idle connections per host but puts no cap on open sockets, so
//! `max_connections` is a semaphore: a permit is taken before a request is sent and
//! held by the response body until it is read to the end or dropped. A connector
//! layer (`connect_gate.rs`) counts every connection opened, for `Client::stats()`,
//! and keeps queued requests from opening sockets past that cap.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::connect_gate::{self, ConnectGateLayer, PoolWatch};
use super::{Body, BoxFuture, Counters, HttpRequest, HttpResponse, SendError, TransportConfig};
use crate::error::{Error, Interruption};
use crate::headers::{Headers, RESPONSE_HEADERS};

/// The native transport. Cheap to clone: everything inside is shared.
#[derive(Clone)]
pub(crate) struct Transport {
    client: reqwest::Client,
    permits: Arc<Semaphore>,
    counters: Arc<Counters>,
    watch: Arc<PoolWatch>,
    stream_idle_timeout: Duration,
    max_response_bytes: usize,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeTransport")
            .field("available_permits", &self.permits.available_permits())
            .finish_non_exhaustive()
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

impl Transport {
    pub(crate) fn new(cfg: TransportConfig) -> Result<Self, Error> {
        seed_tls_rng();
        let counters = Arc::new(Counters::default());
        let cap = cfg
            .max_connections
            .unwrap_or(crate::DEFAULT_MAX_CONNECTIONS)
            .max(1);
        let watch = Arc::new(PoolWatch::new(cfg.pool_max_idle_per_host != 0, cap));
        let mut builder = reqwest::Client::builder()
            .connect_timeout(cfg.connect_timeout)
            // With pooling on, keep at least as many idle connections as may be open:
            // otherwise each burst above the idle cap closes connections that the
            // next burst must open again.
            .pool_max_idle_per_host(match cfg.pool_max_idle_per_host {
                0 => 0,
                n => n.max(cfg.max_connections.unwrap_or(0)),
            })
            .pool_idle_timeout(cfg.pool_idle_timeout)
            .tcp_keepalive(cfg.tcp_keepalive)
            .tcp_nodelay(true)
            // The API never redirects; following one would resend the body (and,
            // on another origin, must not carry the key). A 3xx is returned as an
            // API error instead.
            .redirect(reqwest::redirect::Policy::none())
            .connector_layer(ConnectGateLayer {
                counters: counters.clone(),
                watch: watch.clone(),
            });
        if !cfg.http2 {
            builder = builder.http1_only();
        }
        if cfg.loopback {
            builder = builder.no_proxy();
        }
        for pem in &cfg.root_certificates {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| Error::Config(format!("invalid root certificate PEM: {e}")))?;
            if certs.is_empty() {
                return Err(Error::Config(
                    "root certificate PEM holds no certificate".into(),
                ));
            }
            builder = builder.tls_certs_merge(certs);
        }
        let client = builder
            .build()
            .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?;
        Ok(Transport {
            client,
            permits: Arc::new(Semaphore::new(cap)),
            counters,
            watch,
            stream_idle_timeout: cfg.stream_idle_timeout,
            max_response_bytes: cfg.max_response_bytes,
        })
    }

    pub(crate) fn counters(&self) -> &Counters {
        &self.counters
    }

    /// Sends one attempt. The permit wait counts against the attempt's budget.
    pub(crate) fn send(&self, req: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, SendError>> {
        Box::pin(async move {
            let budget = req.timeout;
            let started = tokio::time::Instant::now();
            let permit = tokio::time::timeout(budget, self.permits.clone().acquire_owned())
                .await
                .map_err(|_| SendError::Timeout)?
                .map_err(|_| SendError::Other("connection limiter closed".into()))?;
            let left = budget.saturating_sub(started.elapsed());
            self.counters.requests.fetch_add(1, Ordering::Relaxed);

            let mut builder = self
                .client
                .request(req.method, req.url)
                .headers(to_header_map(&req.headers)?)
                .body(req.body);
            if !req.streaming {
                // Covers the head and the whole body.
                builder = builder.timeout(left);
            }
            let response =
                match tokio::time::timeout(left, connect_gate::sending(builder.send())).await {
                    Err(_) => return Err(SendError::Timeout),
                    Ok(Err(e)) => return Err(classify(&e)),
                    Ok(Ok(r)) => r,
                };
            let status = response.status().as_u16();
            let headers = from_header_map(response.headers());
            let idle = req.streaming.then_some(self.stream_idle_timeout);
            // Only an HTTP/1 connection kept alive goes back to the pool when its
            // body ends (HTTP/2 streams share a connection that never left it).
            let returns_to_pool = response.version() <= reqwest::Version::HTTP_11
                && !closes_connection(response.headers());
            let body = PermitBody {
                inner: Box::pin(response.bytes_stream()),
                idle,
                idle_timer: idle.map(|d| Box::pin(tokio::time::sleep(d))),
                permit: Some(permit),
                returning: returns_to_pool.then(|| self.watch.clone()),
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

/// The request headers as reqwest's map, the key marked sensitive.
fn to_header_map(headers: &Headers) -> Result<reqwest::header::HeaderMap, SendError> {
    use reqwest::header::{HeaderName, HeaderValue};
    let mut map = reqwest::header::HeaderMap::new();
    for (name, value) in headers.iter() {
        // Both were checked when the client was built; this cannot fail.
        let (Ok(n), Ok(mut v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            return Err(SendError::Other(format!("invalid header '{name}'")));
        };
        v.set_sensitive(Headers::is_sensitive(name));
        map.append(n, v);
    }
    Ok(map)
}

/// The response headers the shared core reads.
fn from_header_map(map: &reqwest::header::HeaderMap) -> Headers {
    let mut headers = Headers::default();
    for name in RESPONSE_HEADERS {
        if let Some(v) = map.get(name).and_then(|v| v.to_str().ok()) {
            // A value that is not a valid header value is left out.
            let _ = headers.set_static(name, v);
        }
    }
    headers
}

/// True when the response says its connection closes after it.
fn closes_connection(headers: &reqwest::header::HeaderMap) -> bool {
    headers
        .get_all(reqwest::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("close"))
}

/// Settings only the WebAssembly transport has; none on native.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlatformOptions {}

/// A uniform random number in `[0, 1)`, for backoff jitter.
pub(crate) fn random_unit() -> f64 {
    fastrand::f64()
}

/// Waits `d` on the tokio timer.
pub(crate) fn sleep(d: Duration) -> BoxFuture<'static, ()> {
    Box::pin(tokio::time::sleep(d))
}

/// Sorts a reqwest error into what the retry rules need to know.
fn classify(e: &reqwest::Error) -> SendError {
    let text = error_chain(e);
    if e.is_connect() {
        return if e.is_timeout() {
            SendError::ConnectTimeout
        } else {
            SendError::Connect(text)
        };
    }
    if e.is_timeout() {
        return SendError::Timeout;
    }
    if closed_before_response(e) {
        return SendError::ClosedBeforeResponse(text);
    }
    SendError::Other(text)
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

/// A response body that holds its connection permit until it is finished or
/// dropped, and (for streams) fails when no chunk arrives within the idle timeout.
struct PermitBody {
    inner: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    idle: Option<Duration>,
    idle_timer: Option<Pin<Box<tokio::time::Sleep>>>,
    permit: Option<OwnedSemaphorePermit>,
    /// Told when the body ends, if its connection then goes back to the pool.
    returning: Option<Arc<PoolWatch>>,
}

impl Stream for PermitBody {
    type Item = Result<Bytes, Interruption>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.permit.is_none() {
            return Poll::Ready(None);
        }
        match this.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let (Some(d), Some(t)) = (this.idle, this.idle_timer.as_mut()) {
                    t.as_mut().reset(tokio::time::Instant::now() + d);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                this.permit = None;
                let text = if e.is_timeout() {
                    "the request timed out while reading the body".to_owned()
                } else {
                    error_chain(&e)
                };
                Poll::Ready(Some(Err(Interruption::Transport(text))))
            }
            Poll::Ready(None) => {
                // Finished: the connection goes back to the pool, the permit with it.
                // hyper returns it from a task of its own, a moment later; the
                // connector holds back a queued request's connect meanwhile.
                if let Some(watch) = &this.returning {
                    watch.body_ended();
                }
                this.permit = None;
                Poll::Ready(None)
            }
            Poll::Pending => {
                if let (Some(d), Some(t)) = (this.idle, this.idle_timer.as_mut()) {
                    if t.as_mut().poll(cx).is_ready() {
                        this.permit = None;
                        return Poll::Ready(Some(Err(Interruption::IdleTimeout(d))));
                    }
                }
                Poll::Pending
            }
        }
    }
}
