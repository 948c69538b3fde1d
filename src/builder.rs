//! [`ClientBuilder`]: every option of a [`Client`], its default, and the checks
//! `build()` makes before a client exists.

use std::fmt;
use std::time::Duration;

use crate::base_url::check_base_url;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::headers::Headers;
use crate::retry_budget::RetryBudget;
use crate::transport::{HttpTransport, PlatformOptions, Transport, TransportConfig};

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
/// Default for [`ClientBuilder::max_connections`] on native targets: 100.
pub const DEFAULT_MAX_CONNECTIONS: usize = 100;
/// Default for [`ClientBuilder::max_connections`] inside Cloudflare Workers: 6,
/// the runtime's limit on simultaneous outgoing connections per request.
pub const WORKERS_MAX_CONNECTIONS: usize = 6;
/// Default for [`ClientBuilder::tcp_keepalive`]: 60 s.
pub const DEFAULT_TCP_KEEPALIVE: Duration = Duration::from_secs(60);
/// Default for [`ClientBuilder::max_response_bytes`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

const USER_AGENT_VALUE: &str = concat!("cohere-edge/", env!("CARGO_PKG_VERSION"));

/// The option lives next to its rule, in `transport/keepalive.rs`.
pub use crate::transport::keepalive::Keepalive;

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
    no_auth: bool,
    base_url: String,
    client_name: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    stream_idle_timeout: Duration,
    max_retries: u32,
    pool_max_idle_per_host: usize,
    pool_idle_timeout: Duration,
    max_connections: Option<usize>,
    tcp_keepalive: Option<Duration>,
    http2: bool,
    root_certificates: Vec<Vec<u8>>,
    headers: Vec<(String, String)>,
    allow_insecure_http: bool,
    max_event_bytes: usize,
    max_response_bytes: usize,
    keepalive: Keepalive,
    retry_budget: Option<RetryBudget>,
    pub(crate) platform: PlatformOptions,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("no_auth", &self.no_auth)
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
            .field("keepalive", &self.keepalive)
            .field("retry_budget", &self.retry_budget)
            .finish_non_exhaustive()
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
            no_auth: false,
            base_url: DEFAULT_BASE_URL.to_owned(),
            client_name: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            stream_idle_timeout: DEFAULT_STREAM_IDLE_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            pool_max_idle_per_host: DEFAULT_POOL_MAX_IDLE_PER_HOST,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            max_connections: None,
            tcp_keepalive: Some(DEFAULT_TCP_KEEPALIVE),
            http2: true,
            root_certificates: Vec::new(),
            headers: Vec::new(),
            allow_insecure_http: false,
            max_event_bytes: crate::sse::DEFAULT_MAX_EVENT_BYTES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            keepalive: Keepalive::Auto,
            retry_budget: Some(RetryBudget::new()),
            platform: PlatformOptions::default(),
        }
    }

    /// A builder with the key from `CO_API_KEY` (else `COHERE_API_KEY`) and the base
    /// URL from `CO_API_URL` when set. Empty variables count as unset. (On
    /// WebAssembly there is no process environment: set the options instead.)
    pub fn from_env() -> Self {
        ClientBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] over any source of variables, so tests need
    /// not change the process environment while other threads read it.
    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
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

    /// Sends no `Authorization` header at all, for a proxy or gateway that adds
    /// its own credentials; no API key is then needed (setting one too is a
    /// [`Error::Config`] from `build()`). Default: off, and a key is required.
    ///
    /// ```
    /// let client = cohere_edge::Client::builder()
    ///     .no_auth()
    ///     .base_url("https://gateway.example/cohere")
    ///     .build();
    /// assert!(client.is_ok());
    /// ```
    pub fn no_auth(mut self) -> Self {
        self.no_auth = true;
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
    /// Native only (a `fetch` gives no separate connect phase).
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

    /// Bounds the retries of all calls together, so retries do not multiply an
    /// outage: a token bucket where each call earns 0.1 retry, 1 more is earned
    /// each second, and at most 10 are saved (a new client starts with 10); see
    /// [`RetryBudget`] for the rules. A call that finds the budget spent fails with
    /// the error it got, [`Error::retry_stop`] saying so. A call may always retry
    /// while no other call is retrying, so a single sequential caller keeps its
    /// `max_retries`. `None` turns the budget off. Default: `RetryBudget::new()`.
    ///
    /// Measured against a server answering 503 to everything, 256 calls 64 at a
    /// time: about 1.1 attempts a call with the budget, 3 without it.
    ///
    /// Whatever the budget, a `429` or `503` that names its wait (`Retry-After`,
    /// `retry-after-ms`, `X-RateLimit-Reset`) holds every call's next attempt
    /// until then (at most 60 s); a call whose deadline comes first fails at once
    /// with that error.
    ///
    /// ```
    /// use cohere_edge::{Client, RetryBudget};
    /// let client = Client::builder()
    ///     .api_key("k")
    ///     .retry_budget(RetryBudget::new().ratio(0.2))
    ///     .build();
    /// assert!(client.is_ok());
    /// ```
    pub fn retry_budget(mut self, budget: impl Into<Option<RetryBudget>>) -> Self {
        self.retry_budget = budget.into();
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

    /// Most connections open at once; further calls wait their turn (a queue,
    /// never an error). Default: 100 on native targets; on WebAssembly 6 inside
    /// Cloudflare Workers (the runtime's own limit, beyond which it cancels
    /// connections) and unlimited elsewhere.
    ///
    /// Natively it bounds sockets, not requests: an HTTP/2 connection counts once
    /// however many streams it carries (the server's `SETTINGS_MAX_CONCURRENT_STREAMS`
    /// bounds those, and a full connection makes the pool open another), and an
    /// HTTP/1.1 connection counts once for the requests it serves one after
    /// another. On WebAssembly the platform owns the sockets, so it bounds
    /// requests in flight. The pool keeps at least this many idle connections, so
    /// none are churned.
    ///
    /// ```
    /// let client = cohere_edge::Client::builder()
    ///     .api_key("key")
    ///     .max_connections(8)
    ///     .build()?;
    /// # Ok::<(), cohere_edge::Error>(())
    /// ```
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = Some(n);
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
    /// certificate verification cannot be switched off. Native only (on
    /// WebAssembly the platform decides what it trusts).
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

    /// When a WebAssembly build sets `keepalive` on its fetches; see [`Keepalive`].
    /// Default: [`Keepalive::Auto`]. Ignored on native targets.
    pub fn keepalive(mut self, mode: Keepalive) -> Self {
        self.keepalive = mode;
        self
    }

    /// Checks every option and builds the client.
    pub fn build(self) -> Result<Client> {
        let key = match (self.no_auth, self.api_key.as_deref().map(str::trim)) {
            (true, None) => None,
            (true, Some(_)) => {
                return Err(Error::Config(
                    "no_auth and an API key are both set: choose one".into(),
                ))
            }
            (false, key) => Some(key.filter(|k| !k.is_empty()).ok_or_else(|| {
                Error::Config("no API key: set CO_API_KEY or pass one to the builder".into())
            })?),
        };
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
        if self.max_connections == Some(0) {
            return Err(Error::Config("max_connections must be at least 1".into()));
        }
        if self.max_event_bytes == 0 || self.max_response_bytes == 0 {
            return Err(Error::Config("size limits must be at least 1 byte".into()));
        }
        if let Some(budget) = &self.retry_budget {
            budget.check().map_err(Error::Config)?;
        }

        let mut headers = extra_headers(&self.headers)?;
        if let Some(key) = key {
            headers
                .set_static("authorization", &format!("Bearer {key}"))
                .map_err(|_| {
                    Error::Config("the API key holds characters not allowed in a header".into())
                })?;
        }
        headers.set_static("user-agent", USER_AGENT_VALUE)?;
        headers.set_static("content-type", "application/json")?;
        if let Some(name) = &self.client_name {
            headers
                .set_static("x-client-name", name)
                .map_err(|_| Error::Config(format!("invalid client name '{name}'")))?;
        }

        let transport = Transport::new(TransportConfig {
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
            keepalive: self.keepalive,
            platform: self.platform,
        })?;
        let mut json_headers = headers.clone();
        json_headers.set_static("accept", "application/json")?;
        let mut stream_headers = headers;
        stream_headers.set_static("accept", "text/event-stream")?;
        Ok(Client::from_parts(crate::client::Parts {
            transport,
            base_url,
            json_headers,
            stream_headers,
            timeout: self.timeout,
            max_retries: self.max_retries,
            max_event_bytes: self.max_event_bytes,
            retry_budget: self.retry_budget,
        }))
    }
}

/// Checks caller-supplied header names and values.
fn extra_headers(pairs: &[(String, String)]) -> Result<Headers> {
    let mut headers = Headers::default();
    for (name, value) in pairs {
        headers.append(name, value)?;
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn no_auth_needs_no_key_and_refuses_one() {
        let client = ClientBuilder::new().no_auth().build().unwrap();
        assert!(!client.debug_headers().contains("authorization"));
        let both = ClientBuilder::new().no_auth().api_key("k").build();
        assert!(matches!(both, Err(Error::Config(_))));
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
        let e = b()
            .retry_budget(RetryBudget::new().ratio(-1.0))
            .build()
            .unwrap_err();
        assert!(
            matches!(e, Error::Config(ref m) if m.contains("ratio")),
            "{e}"
        );
    }

    #[test]
    fn from_env_reads_the_documented_variables() {
        // A map stands in for the process environment: setting real variables
        // while other test threads build clients (and read the environment) is
        // a data race.
        let env = |vars: &[(&str, &str)]| {
            let vars: std::collections::HashMap<String, String> = vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            ClientBuilder::from_lookup(move |k| vars.get(k).cloned())
        };
        let b = env(&[
            ("COHERE_API_KEY", "second"),
            ("CO_API_URL", "http://127.0.0.1:9/"),
        ]);
        assert_eq!(b.api_key.as_deref(), Some("second"));
        assert_eq!(b.base_url, "http://127.0.0.1:9/");
        let both = [
            ("CO_API_KEY", "first"),
            ("COHERE_API_KEY", "second"),
            ("CO_API_URL", "http://127.0.0.1:9/"),
        ];
        assert_eq!(env(&both).api_key.as_deref(), Some("first"));
        let client = env(&both).build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9");
        let blank = [("CO_API_KEY", " "), ("CO_API_URL", "http://127.0.0.1:9/")];
        assert!(matches!(env(&blank).build(), Err(Error::Config(_))));
    }

    #[test]
    fn key_never_in_debug() {
        let secret = "sk-very-secret-123";
        let builder = ClientBuilder::new().api_key(secret);
        assert!(!format!("{builder:?}").contains(secret));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains(secret));
        assert!(!client.debug_headers().contains(secret));
    }
}
