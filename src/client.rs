//! [`Client`] and [`ClientBuilder`]: the public Rust API over the transport.

use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT,
};
use web_time::{Instant, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result, TimeoutKind};
use crate::retry::{self, RetryHints};
use crate::stream::ChatStream;
use crate::transport::{self, HttpRequest, HttpResponse, SendError, Transport, TransportConfig};
use crate::types::{
    ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, RerankRequest, RerankResponse,
};

/// The API's address: `https://api.cohere.com`.
pub const DEFAULT_BASE_URL: &str = "https://api.cohere.com";
/// Default for [`ClientBuilder::timeout`]: 300 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
/// Default for [`ClientBuilder::connect_timeout`]: 10 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default for [`ClientBuilder::stream_idle_timeout`]: 120 s.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(120);
/// Default for [`ClientBuilder::max_retries`]: 2.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default for [`ClientBuilder::pool_max_idle_per_host`]: 20.
pub const DEFAULT_POOL_MAX_IDLE_PER_HOST: usize = 20;
/// Default for [`ClientBuilder::pool_idle_timeout`]: 30 s.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Default for [`ClientBuilder::max_connections`]: 100.
pub const DEFAULT_MAX_CONNECTIONS: usize = 100;
/// Default for [`ClientBuilder::tcp_keepalive`]: 60 s.
pub const DEFAULT_TCP_KEEPALIVE: Duration = Duration::from_secs(60);
/// Default for [`ClientBuilder::max_response_bytes`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

const USER_AGENT_VALUE: &str = concat!("cohere-edge/", env!("CARGO_PKG_VERSION"));

/// Counters of what a [`Client`] (and its clones) did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP requests sent (each attempt counts).
    pub requests: u64,
    /// Connections opened (a new TCP connection, and TLS session, each).
    pub connections_opened: u64,
    /// Attempts that were retries (after a retryable status, a connection
    /// failure, or a stale pooled connection).
    pub retries: u64,
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

struct Inner {
    transport: Transport,
    base_url: String,
    /// Every request's headers, with `Accept: application/json`.
    json_headers: HeaderMap,
    /// The same with `Accept: text/event-stream`, for streams.
    stream_headers: HeaderMap,
    timeout: Duration,
    max_retries: u32,
    max_event_bytes: usize,
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

    /// What this client (and its clones) have done so far.
    pub fn stats(&self) -> ClientStats {
        let c = self.inner.transport.counters();
        ClientStats {
            requests: c.requests.load(Ordering::Relaxed),
            connections_opened: c.connections_opened.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
        }
    }

    /// `POST /v2/chat` with `stream: false`: the whole reply at once.
    pub async fn chat(&self, request: &ChatRequest) -> Result<ChatResponse> {
        let body = request
            .to_json_body(false)
            .map_err(|e| Error::Config(format!("could not serialise the chat request: {e}")))?;
        let response = self.send("/v2/chat", body, false).await?;
        read_json(response, "chat response").await
    }

    /// `POST /v2/chat` with `stream: true`: the reply as a [`ChatStream`] of events.
    /// Retries happen only before the stream is handed back.
    pub async fn chat_stream(&self, request: &ChatRequest) -> Result<ChatStream> {
        let body = request
            .to_json_body(true)
            .map_err(|e| Error::Config(format!("could not serialise the chat request: {e}")))?;
        let response = self.send("/v2/chat", body, true).await?;
        Ok(ChatStream::new(
            response.body.into_stream(),
            self.inner.max_event_bytes,
        ))
    }

    /// `POST /v2/embed`.
    pub async fn embed(&self, request: &EmbedRequest) -> Result<EmbedResponse> {
        let body = serde_json::to_vec(request)
            .map_err(|e| Error::Config(format!("could not serialise the embed request: {e}")))?;
        let response = self.send("/v2/embed", body, false).await?;
        read_json(response, "embed response").await
    }

    /// `POST /v2/rerank`.
    pub async fn rerank(&self, request: &RerankRequest) -> Result<RerankResponse> {
        let body = serde_json::to_vec(request)
            .map_err(|e| Error::Config(format!("could not serialise the rerank request: {e}")))?;
        let response = self.send("/v2/rerank", body, false).await?;
        read_json(response, "rerank response").await
    }

    /// Sends with the retry rules of [`crate::retry`] inside the whole-call timeout.
    async fn send(&self, path: &str, body: Vec<u8>, streaming: bool) -> Result<HttpResponse> {
        let inner = &*self.inner;
        let url = format!("{}{}", inner.base_url, path);
        let body = Bytes::from(body);
        let headers = if streaming {
            &inner.stream_headers
        } else {
            &inner.json_headers
        };
        let started = Instant::now();
        let mut retries = 0u32;
        let mut stale_resent = false;
        loop {
            let left = inner
                .timeout
                .checked_sub(started.elapsed())
                .filter(|d| !d.is_zero())
                .ok_or(Error::Timeout(TimeoutKind::Request(inner.timeout)))?;
            let request = HttpRequest {
                method: http::Method::POST,
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
                    let request_id = request_id(&response.headers);
                    let hints = RetryHints::from_headers(&response.headers);
                    let status = response.status;
                    // An error body that cannot be read still gives a typed error.
                    let body = response.body.bytes().await.unwrap_or_default();
                    (Error::from_status(status, &body, request_id), hints)
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
                Err(e) => (send_error(e, inner.timeout), RetryHints::default()),
            };
            if !retry::should_retry(retries, inner.max_retries, error.is_retryable()) {
                return Err(error);
            }
            let now_unix = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO);
            let delay = retry::retry_delay(retries, &hints, now_unix, fastrand::f64());
            if started.elapsed() + delay >= inner.timeout {
                return Err(error);
            }
            tracing::debug!(path, error = %error, ?delay, attempt = retries + 1, "retrying");
            retries += 1;
            inner
                .transport
                .counters()
                .retries
                .fetch_add(1, Ordering::Relaxed);
            transport::sleep(delay).await;
        }
    }
}

fn send_error(e: SendError, timeout: Duration) -> Error {
    match e {
        SendError::Connect(why) => Error::Connect(why),
        SendError::ClosedBeforeResponse(why) => {
            Error::Connect(format!("the connection closed before a response: {why}"))
        }
        SendError::Timeout => Error::Timeout(TimeoutKind::Request(timeout)),
        SendError::ConnectTimeout => Error::Timeout(TimeoutKind::Connect(timeout)),
        SendError::Other(why) => Error::Transport(why),
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    ["x-request-id", "x-debug-trace-id", "request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok().map(str::to_owned))
}

async fn read_json<T: serde::de::DeserializeOwned>(
    response: HttpResponse,
    what: &str,
) -> Result<T> {
    let bytes = response.body.bytes().await?;
    serde_json::from_slice(&bytes).map_err(|e| Error::decode(what, e, &bytes))
}

/// Options for a [`Client`]. Every option has a default; [`ClientBuilder::build`]
/// checks them all and says what is wrong.
///
/// ```
/// use std::time::Duration;
/// let client = cohere_edge::Client::builder()
///     .api_key("my-key")
///     .client_name("my-service")
///     .timeout(Duration::from_secs(60))
///     .max_retries(3)
///     .max_connections(32)
///     .build()
///     .unwrap();
/// assert_eq!(client.base_url(), "https://api.cohere.com");
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    client_name: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    stream_idle_timeout: Duration,
    max_retries: u32,
    pool_max_idle_per_host: usize,
    pool_idle_timeout: Duration,
    max_connections: usize,
    tcp_keepalive: Option<Duration>,
    http2: bool,
    root_certificates: Vec<Vec<u8>>,
    headers: Vec<(String, String)>,
    allow_insecure_http: bool,
    max_event_bytes: usize,
    max_response_bytes: usize,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("client_name", &self.client_name)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("max_retries", &self.max_retries)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("max_connections", &self.max_connections)
            .field("tcp_keepalive", &self.tcp_keepalive)
            .field("http2", &self.http2)
            .field("root_certificates", &self.root_certificates.len())
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("max_event_bytes", &self.max_event_bytes)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// Every option at its default, and no API key yet.
    pub fn new() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            client_name: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            stream_idle_timeout: DEFAULT_STREAM_IDLE_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            pool_max_idle_per_host: DEFAULT_POOL_MAX_IDLE_PER_HOST,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            tcp_keepalive: Some(DEFAULT_TCP_KEEPALIVE),
            http2: true,
            root_certificates: Vec::new(),
            headers: Vec::new(),
            allow_insecure_http: false,
            max_event_bytes: crate::sse::DEFAULT_MAX_EVENT_BYTES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// A builder with the key from `CO_API_KEY` (else `COHERE_API_KEY`) and the base
    /// URL from `CO_API_URL` when set. Empty variables count as unset.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut b = ClientBuilder::new();
        b.api_key = var("CO_API_KEY").or_else(|| var("COHERE_API_KEY"));
        if let Some(url) = var("CO_API_URL") {
            b.base_url = url;
        }
        b
    }

    /// The API key, sent as `Authorization: Bearer …`. Required.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Where requests go. Default: `https://api.cohere.com`. A path prefix is kept
    /// (`https://proxy.example/cohere` sends to `…/cohere/v2/chat`). Plain `http`
    /// is refused unless the host is loopback or [`Self::allow_insecure_http`] is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sent as `X-Client-Name` so the API can tell callers apart. Default: not sent.
    pub fn client_name(mut self, name: impl Into<String>) -> Self {
        self.client_name = Some(name.into());
        self
    }

    /// Longest a whole non-streaming call may take, retries and backoff included;
    /// for a stream, the limit until its response head arrives. Default: 300 s.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Longest to wait for a new connection (TCP and TLS). Default: 10 s.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Longest silence allowed inside a stream before it fails with
    /// [`Error::StreamInterrupted`] (`is_timeout()` is true). Default: 120 s.
    pub fn stream_idle_timeout(mut self, d: Duration) -> Self {
        self.stream_idle_timeout = d;
        self
    }

    /// Retries after a retryable failure (408, 409, 429, 5xx, connection failures
    /// before a response). Default: 2. A stale pooled connection is resent once
    /// on top of this.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Idle connections kept per host for reuse; 0 disables pooling (every request
    /// opens a new connection). Default: 20. Native only.
    pub fn pool_max_idle_per_host(mut self, n: usize) -> Self {
        self.pool_max_idle_per_host = n;
        self
    }

    /// How long an idle pooled connection is kept. Default: 30 s. Native only.
    pub fn pool_idle_timeout(mut self, d: Duration) -> Self {
        self.pool_idle_timeout = d;
        self
    }

    /// Most requests in flight at once, and so most connections open at once;
    /// further calls wait their turn. Default: 100. Native only.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// TCP keepalive probe interval; `None` turns probes off. Default: 60 s. Native only.
    pub fn tcp_keepalive(mut self, d: Option<Duration>) -> Self {
        self.tcp_keepalive = d;
        self
    }

    /// Offer HTTP/2 by ALPN (the server picks). `false` forces HTTP/1.1.
    /// Default: true. Native only.
    pub fn http2(mut self, enabled: bool) -> Self {
        self.http2 = enabled;
        self
    }

    /// Trusts one more root certificate (PEM; a bundle of several is fine), on top
    /// of the system's roots. The only way to reach a server with a private CA:
    /// certificate verification cannot be switched off. Native only.
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Adds a header to every request. Default: none.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Allows a plain-`http` base URL on a non-loopback host (the key then travels
    /// unencrypted). Default: false.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Largest stream line or event, in bytes; a larger one is an error and is not
    /// buffered. Default: 1 MiB.
    pub fn max_event_bytes(mut self, n: usize) -> Self {
        self.max_event_bytes = n;
        self
    }

    /// Largest non-streaming response body, in bytes. Default: 64 MiB.
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Checks every option and builds the client.
    pub fn build(self) -> Result<Client> {
        let key = self
            .api_key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                Error::Config("no API key: set CO_API_KEY or pass one to the builder".into())
            })?;
        let (base_url, loopback) = check_base_url(&self.base_url, self.allow_insecure_http)?;
        for (name, d) in [
            ("timeout", self.timeout),
            ("connect_timeout", self.connect_timeout),
            ("stream_idle_timeout", self.stream_idle_timeout),
        ] {
            if d.is_zero() {
                return Err(Error::Config(format!("{name} must be more than zero")));
            }
        }
        if self.max_connections == 0 {
            return Err(Error::Config("max_connections must be at least 1".into()));
        }
        if self.max_event_bytes == 0 || self.max_response_bytes == 0 {
            return Err(Error::Config("size limits must be at least 1 byte".into()));
        }

        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("invalid header name {name:?}")))?;
            let v = HeaderValue::from_str(value)
                .map_err(|_| Error::Config(format!("invalid value for header {name:?}")))?;
            headers.append(n, v);
        }
        let mut auth = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
            Error::Config("the API key holds characters not allowed in a header".into())
        })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(name) = &self.client_name {
            let v = HeaderValue::from_str(name)
                .map_err(|_| Error::Config(format!("invalid client name {name:?}")))?;
            headers.insert(HeaderName::from_static("x-client-name"), v);
        }

        let transport = Transport::new(&TransportConfig {
            connect_timeout: self.connect_timeout,
            stream_idle_timeout: self.stream_idle_timeout,
            pool_max_idle_per_host: self.pool_max_idle_per_host,
            pool_idle_timeout: self.pool_idle_timeout,
            max_connections: self.max_connections,
            tcp_keepalive: self.tcp_keepalive,
            http2: self.http2,
            root_certificates: self.root_certificates,
            max_response_bytes: self.max_response_bytes,
            loopback,
        })?;
        let mut json_headers = headers.clone();
        json_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut stream_headers = headers;
        stream_headers.insert(ACCEPT, HeaderValue::from_static("text/event-stream"));
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                base_url,
                json_headers,
                stream_headers,
                timeout: self.timeout,
                max_retries: self.max_retries,
                max_event_bytes: self.max_event_bytes,
            }),
        })
    }
}

/// Validates the base URL; returns it without a trailing slash, and whether its
/// host is loopback.
fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<(String, bool)> {
    let url = url::Url::parse(raw.trim())
        .map_err(|e| Error::Config(format!("invalid base URL {raw:?}: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => {
            d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost")
        }
        None => return Err(Error::Config(format!("base URL {raw:?} has no host"))),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback || allow_insecure_http => {}
        "http" => {
            return Err(Error::Config(format!(
                "refusing plain http to {}: the API key would travel unencrypted; \
                 use https, a loopback host, or allow_insecure_http(true)",
                url.host_str().unwrap_or_default()
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "unsupported URL scheme {other:?} in base URL"
            )))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "the base URL must not have a query or fragment".into(),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the base URL must not hold credentials".into(),
        ));
    }
    Ok((url.as_str().trim_end_matches('/').to_owned(), loopback))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert_eq!(
            check_base_url("https://api.cohere.com/", false).unwrap(),
            ("https://api.cohere.com".into(), false)
        );
        assert_eq!(
            check_base_url("https://proxy.example/cohere/", false)
                .unwrap()
                .0,
            "https://proxy.example/cohere"
        );
        assert!(check_base_url("http://127.0.0.1:8080", false).unwrap().1);
        assert!(check_base_url("http://localhost:1", false).unwrap().1);
        assert!(check_base_url("http://[::1]:1", false).unwrap().1);
        assert!(matches!(
            check_base_url("http://example.com", false),
            Err(Error::Config(_))
        ));
        assert!(check_base_url("http://example.com", true).is_ok());
        assert!(matches!(
            check_base_url("ftp://example.com", false),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            check_base_url("not a url", false),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            check_base_url("https://u:p@example.com", false),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn missing_or_blank_key_is_a_config_error() {
        let e = ClientBuilder::new().build().unwrap_err();
        assert!(
            matches!(e, Error::Config(ref m) if m.contains("CO_API_KEY")),
            "{e}"
        );
        assert!(matches!(Client::new("  ").unwrap_err(), Error::Config(_)));
    }

    #[test]
    fn bad_options_are_config_errors() {
        let b = || ClientBuilder::new().api_key("k");
        assert!(matches!(
            b().timeout(Duration::ZERO).build(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            b().max_connections(0).build(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            b().default_header("bad name", "v").build(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            b().add_root_certificate("not pem").build(),
            Err(Error::Config(_))
        ));
        assert!(matches!(Client::new("bad\nkey"), Err(Error::Config(_))));
    }

    #[test]
    fn from_env_reads_the_documented_variables() {
        // The only test in this binary that touches these variables.
        let saved: Vec<_> = ["CO_API_KEY", "COHERE_API_KEY", "CO_API_URL"]
            .iter()
            .map(|k| (*k, std::env::var(k).ok()))
            .collect();
        std::env::remove_var("CO_API_KEY");
        std::env::set_var("COHERE_API_KEY", "second");
        std::env::set_var("CO_API_URL", "http://127.0.0.1:9/");
        let b = ClientBuilder::from_env();
        assert_eq!(b.api_key.as_deref(), Some("second"));
        assert_eq!(b.base_url, "http://127.0.0.1:9/");
        std::env::set_var("CO_API_KEY", "first");
        assert_eq!(ClientBuilder::from_env().api_key.as_deref(), Some("first"));
        let client = Client::from_env().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9");
        std::env::set_var("CO_API_KEY", " ");
        std::env::remove_var("COHERE_API_KEY");
        assert!(matches!(Client::from_env(), Err(Error::Config(_))));
        for (k, v) in saved {
            match v {
                Some(v) => std::env::set_var(k, v),
                None => std::env::remove_var(k),
            }
        }
    }

    #[test]
    fn key_never_in_debug() {
        let secret = "sk-very-secret-123";
        let builder = ClientBuilder::new().api_key(secret);
        assert!(!format!("{builder:?}").contains(secret));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains(secret));
        assert!(!format!("{:?}", client.inner.json_headers).contains(secret));
        assert!(!format!("{:?}", client.inner.stream_headers).contains(secret));
    }
}
