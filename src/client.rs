//! [`Client`] and [`ClientBuilder`]: the public Rust API over the transport.

use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use web_time::{Instant, SystemTime, UNIX_EPOCH};

use crate::builder::ClientBuilder;
use crate::error::{Error, ErrorCause, Result, TimeoutKind};
use crate::headers::Headers;
use crate::rate_window::Hold;
use crate::request_options::RequestOptions;
use crate::retry::{self, RetryHints};
use crate::retry_budget::RetryBudget;
use crate::stream::ChatStream;
use crate::throttle::Throttle;
use crate::transport::{HttpRequest, HttpResponse, HttpTransport, SendError, Transport};
use crate::types::{
    ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, RerankRequest, RerankResponse,
};

/// Counters of what a [`Client`] (and its clones) did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP requests sent (each attempt counts).
    pub requests: u64,
    /// Connections opened (a new TCP connection, and TLS session, each).
    pub connections_opened: u64,
    /// TLS handshakes completed. Native only: on WebAssembly the platform's
    /// `fetch` does not tell, and this stays 0.
    pub tls_handshakes: u64,
    /// Attempts that were retries (after a retryable status, a connection
    /// failure, or a stale pooled connection).
    pub retries: u64,
    /// Requests sent with `keepalive: true` (WebAssembly only; always 0 on native).
    pub keepalive_requests: u64,
    /// Retries not made because the client's retry budget was spent (each such
    /// call failed with the error it got; see [`crate::RetryBudget`]).
    pub retries_skipped: u64,
    /// Time calls spent holding their next attempt for a rate-limit window that
    /// another call's `429`/`503` announced, summed over calls.
    pub rate_limit_wait: Duration,
}

/// A Cohere v2 client. Cheap to clone (an `Arc` inside): build one per process and
/// share it, so every call reuses the same connection pool.
///
/// ```no_run
/// # async fn demo() -> cohere_edge::Result<()> {
/// use cohere_edge::{ChatMessage, ChatRequest, Client};
/// let client = Client::from_env()?; // CO_API_KEY
/// let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Hello!")]);
/// let reply = client.chat(&req).await?;
/// println!("{}", reply.text());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What [`ClientBuilder::build`] hands over.
pub(crate) struct Parts {
    pub transport: Transport,
    pub base_url: String,
    pub json_headers: Headers,
    pub stream_headers: Headers,
    pub timeout: Duration,
    pub max_retries: u32,
    pub max_event_bytes: usize,
    pub retry_budget: Option<RetryBudget>,
}

struct Inner {
    transport: Transport,
    base_url: String,
    /// Every request's headers, with `Accept: application/json`.
    json_headers: Headers,
    /// The same with `Accept: text/event-stream`, for streams.
    stream_headers: Headers,
    timeout: Duration,
    max_retries: u32,
    max_event_bytes: usize,
    /// The retry budget and the rate-limit window every clone shares.
    throttle: Throttle,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers are left out: they hold the key.
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn from_parts(p: Parts) -> Client {
        // On wasm32 the transport holds JS values, which are neither Send nor
        // Sync; the Arc is still right there (clones share one transport).
        #[allow(clippy::arc_with_non_send_sync)]
        let inner = Arc::new(Inner {
            transport: p.transport,
            base_url: p.base_url,
            json_headers: p.json_headers,
            stream_headers: p.stream_headers,
            timeout: p.timeout,
            max_retries: p.max_retries,
            max_event_bytes: p.max_event_bytes,
            throttle: Throttle::new(p.retry_budget),
        });
        Client { inner }
    }

    /// A client with `api_key` and every default.
    pub fn new(api_key: impl Into<String>) -> Result<Client> {
        ClientBuilder::new().api_key(api_key).build()
    }

    /// A builder to set options; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment: the key from `CO_API_KEY`, else
    /// `COHERE_API_KEY`; the base URL from `CO_API_URL` when set.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Connections the pool has open or is opening now (native only). A test hook,
    /// not part of the API: it lets a test wait until the pool has seen a socket
    /// close instead of sleeping a margin.
    #[doc(hidden)]
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open_connections(&self) -> usize {
        self.inner.transport.open_connections()
    }

    /// What this client (and its clones) have done so far.
    pub fn stats(&self) -> ClientStats {
        let c = self.inner.transport.counters();
        ClientStats {
            requests: c.requests.load(Ordering::Relaxed),
            connections_opened: c.connections_opened.load(Ordering::Relaxed),
            tls_handshakes: c.tls_handshakes.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            keepalive_requests: c.keepalive_requests.load(Ordering::Relaxed),
            retries_skipped: self.inner.throttle.retries_skipped(),
            rate_limit_wait: self.inner.throttle.window_wait(),
        }
    }

    /// Opens a connection to the API ahead of the first call, so that call costs
    /// one round trip instead of three or four (TCP, TLS, then the request).
    /// Spends no tokens.
    ///
    /// - Native: opens the connection (TCP, TLS, and learns HTTP/2 or HTTP/1.1)
    ///   and leaves it idle in the pool; no HTTP request is sent. Does nothing
    ///   when a connection to the API is already open or being opened, and is
    ///   of no use with pooling off (`pool_max_idle_per_host(0)`), where every
    ///   call opens its own connection.
    /// - WebAssembly: `fetch` cannot open a connection without a request, so it
    ///   sends `GET /v1/models?page_size=1` with the client's headers (the
    ///   cheapest request the API answers: no tokens, a small body) and reads
    ///   the answer, whatever its status. In Cloudflare Workers, where outbound
    ///   connections belong to one request context, it does nothing.
    ///
    /// Fails only when the connection cannot be made (the error a call would
    /// have got), within the connect timeout and the client's timeout.
    ///
    /// ```no_run
    /// # async fn demo() -> cohere_edge::Result<()> {
    /// let client = cohere_edge::Client::from_env()?;
    /// client.warm().await?; // at start-up
    /// # Ok(()) }
    /// ```
    pub async fn warm(&self) -> Result<()> {
        let inner = &*self.inner;
        let url = format!("{}/v1/models?page_size=1", inner.base_url);
        inner
            .transport
            .warm(&url, &inner.json_headers, inner.timeout)
            .await
            .map_err(|e| send_error(e, inner.timeout))
    }

    /// `POST /v2/chat` with `stream: false`: the whole reply at once.
    pub async fn chat(&self, request: &ChatRequest) -> Result<ChatResponse> {
        self.chat_with(request, &RequestOptions::default()).await
    }

    /// [`Self::chat`] with per-call options (timeout, retries, headers).
    pub async fn chat_with(
        &self,
        request: &ChatRequest,
        options: &RequestOptions,
    ) -> Result<ChatResponse> {
        let response = self.post_chat(request, false, options).await?;
        read_json(response, "chat response").await
    }

    /// `POST /v2/chat` with `stream: true`: the reply as a [`ChatStream`] of events.
    /// Retries happen only before the stream is handed back.
    pub async fn chat_stream(&self, request: &ChatRequest) -> Result<ChatStream> {
        self.chat_stream_with(request, &RequestOptions::default())
            .await
    }

    /// [`Self::chat_stream`] with per-call options (timeout, retries, headers).
    pub async fn chat_stream_with(
        &self,
        request: &ChatRequest,
        options: &RequestOptions,
    ) -> Result<ChatStream> {
        let response = self.post_chat(request, true, options).await?;
        Ok(self.stream_of(response))
    }

    /// `POST /v2/embed`.
    pub async fn embed(&self, request: &EmbedRequest) -> Result<EmbedResponse> {
        self.embed_with(request, &RequestOptions::default()).await
    }

    /// [`Self::embed`] with per-call options (timeout, retries, headers).
    pub async fn embed_with(
        &self,
        request: &EmbedRequest,
        options: &RequestOptions,
    ) -> Result<EmbedResponse> {
        let response = self
            .post_json("/v2/embed", "embed", request, options)
            .await?;
        read_json(response, "embed response").await
    }

    /// `POST /v2/rerank`.
    pub async fn rerank(&self, request: &RerankRequest) -> Result<RerankResponse> {
        self.rerank_with(request, &RequestOptions::default()).await
    }

    /// [`Self::rerank`] with per-call options (timeout, retries, headers).
    pub async fn rerank_with(
        &self,
        request: &RerankRequest,
        options: &RequestOptions,
    ) -> Result<RerankResponse> {
        let response = self
            .post_json("/v2/rerank", "rerank", request, options)
            .await?;
        read_json(response, "rerank response").await
    }

    /// `request` with `stream` set as asked, POSTed to `/v2/chat`: the first 2xx
    /// response, its body unread (see [`Self::send_raw`]).
    pub(crate) async fn post_chat(
        &self,
        request: &ChatRequest,
        stream: bool,
        options: &RequestOptions,
    ) -> Result<HttpResponse> {
        let body = request
            .to_json_body(stream)
            .map_err(serialise_error("chat"))?;
        self.send_raw("/v2/chat", body.into(), stream, options)
            .await
    }

    /// `request` as JSON, POSTed to `path` (not a stream): the first 2xx
    /// response, its body unread. `what` names the request in a serialisation
    /// error (`"embed"`).
    pub(crate) async fn post_json<T: serde::Serialize>(
        &self,
        path: &str,
        what: &'static str,
        request: &T,
        options: &RequestOptions,
    ) -> Result<HttpResponse> {
        let body = serde_json::to_vec(request).map_err(serialise_error(what))?;
        self.send_raw(path, body.into(), false, options).await
    }

    /// A stream over a successful streaming response.
    pub(crate) fn stream_of(&self, response: HttpResponse) -> ChatStream {
        ChatStream::new(response.body.into_stream(), self.max_event_bytes())
    }

    /// The bound on each stream line and event (`ClientBuilder::max_event_bytes`);
    /// the JS surface's raw stream (`src/js/raw_events.rs`) keeps it too.
    pub(crate) fn max_event_bytes(&self) -> usize {
        self.inner.max_event_bytes
    }

    #[cfg(test)]
    pub(crate) fn debug_headers(&self) -> String {
        format!(
            "{:?} {:?}",
            self.inner.json_headers, self.inner.stream_headers
        )
    }

    /// Sends a prepared JSON body to `path` with the retry rules of
    /// [`crate::retry`] inside the whole-call timeout, and returns the first 2xx
    /// response (its body unread) or the typed error.
    pub(crate) async fn send_raw(
        &self,
        path: &str,
        body: Bytes,
        streaming: bool,
        options: &RequestOptions,
    ) -> Result<HttpResponse> {
        self.send_method(http::Method::POST, path, body, streaming, options)
            .await
    }

    /// [`Self::send_raw`] with any method (`GET` and `DELETE` with an empty body).
    pub(crate) async fn send_method(
        &self,
        method: http::Method,
        path: &str,
        body: Bytes,
        streaming: bool,
        options: &RequestOptions,
    ) -> Result<HttpResponse> {
        let inner = &*self.inner;
        let url = format!("{}{}", inner.base_url, path);
        let base = if streaming {
            &inner.stream_headers
        } else {
            &inner.json_headers
        };
        let extra;
        let headers = if options.headers.is_empty() {
            base
        } else {
            let mut merged = base.clone();
            for (name, value) in &options.headers {
                merged.set(name, value)?;
            }
            extra = merged;
            &extra
        };
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let max_retries = options.max_retries.unwrap_or(inner.max_retries);
        let started = Instant::now();
        let mut limits = inner.throttle.start_call();
        let deadline = inner.throttle.now().saturating_add(timeout);
        let mut retries = 0u32;
        let mut stale_resent = false;
        loop {
            // A rate-limit window another call heard holds this attempt too.
            loop {
                match limits.hold(deadline) {
                    Hold::Go => break,
                    Hold::Wait(d) => {
                        tracing::debug!(path, wait = ?d, "holding for a rate-limit window");
                        Transport::sleep(d).await;
                        limits.waited(d);
                    }
                    Hold::FailFast(e) => return Err(e),
                }
            }
            let left = timeout
                .checked_sub(started.elapsed())
                .filter(|d| !d.is_zero())
                .ok_or(Error::Timeout(TimeoutKind::Request(timeout)))?;
            let request = HttpRequest {
                method: method.clone(),
                url: url.clone(),
                headers: headers.clone(),
                body: body.clone(),
                timeout: left,
                streaming,
            };
            let (error, hints) = match inner.transport.send(request).await {
                Ok(response) if (200..300).contains(&response.status) => {
                    tracing::debug!(
                        path,
                        status = response.status,
                        retries,
                        "cohere-edge response"
                    );
                    return Ok(response);
                }
                Ok(response) => {
                    let request_id = request_id_owned(&response.headers);
                    let hints = RetryHints::from_lookup(|name| response.headers.get(name));
                    let status = response.status;
                    // An error body that cannot be read still gives a typed error.
                    let body = response.body.bytes().await.unwrap_or_default();
                    let error = Error::from_status(status, &body, request_id);
                    (error.with_headers(&response.headers), hints)
                }
                Err(SendError::ClosedBeforeResponse(why)) if !stale_resent => {
                    // A pooled connection the server had closed: resend once at
                    // once, outside the retry budget.
                    stale_resent = true;
                    inner
                        .transport
                        .counters()
                        .retries
                        .fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(path, %why, "connection closed before a response; resending");
                    continue;
                }
                Err(e) => (send_error(e, timeout), RetryHints::default()),
            };
            let now_unix = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO);
            let server_delay = hints.server_delay(now_unix);
            if let Some(status) = error.status() {
                limits.heard(status, server_delay, &error);
            }
            if !retry::should_retry(retries, max_retries, error.is_retryable()) {
                return Err(error);
            }
            let delay = retry::retry_delay(retries, &hints, now_unix, Transport::random_unit());
            if started.elapsed() + delay >= timeout {
                return Err(error);
            }
            let error = limits.may_retry(error, server_delay)?;
            tracing::debug!(path, error = %error, ?delay, attempt = retries + 1, "retrying");
            retries += 1;
            inner
                .transport
                .counters()
                .retries
                .fetch_add(1, Ordering::Relaxed);
            Transport::sleep(delay).await;
        }
    }
}

fn send_error(e: SendError, timeout: Duration) -> Error {
    match e {
        SendError::Connect(why) => Error::Connect(why),
        SendError::ClosedBeforeResponse(why) => {
            Error::Connect(why.context("the connection closed before a response"))
        }
        SendError::Timeout => Error::Timeout(TimeoutKind::Request(timeout)),
        SendError::ConnectTimeout(connect_timeout) => {
            Error::Timeout(TimeoutKind::Connect(connect_timeout))
        }
        SendError::Other(why) => Error::Transport(why),
    }
}

fn serialise_error(what: &'static str) -> impl Fn(serde_json::Error) -> Error {
    move |e| Error::Serialize {
        what,
        cause: ErrorCause::with_source(e.to_string(), e),
    }
}

fn request_id_owned(headers: &Headers) -> Option<String> {
    request_id(headers).map(str::to_owned)
}

/// The request id a response carries, by the names the API uses.
pub(crate) fn request_id(headers: &Headers) -> Option<&str> {
    ["x-request-id", "x-debug-trace-id", "request-id"]
        .iter()
        .find_map(|name| headers.get(name))
}

pub(crate) async fn read_json<T: serde::de::DeserializeOwned>(
    response: HttpResponse,
    what: &str,
) -> Result<T> {
    let bytes = response.body.bytes().await?;
    serde_json::from_slice(&bytes).map_err(|e| Error::decode(what, e, &bytes))
}
