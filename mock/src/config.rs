//! Server configuration.

use std::time::Duration;

/// How a [`crate::MockServer`] behaves. Every field is public; start from
/// [`MockConfig::default()`] and override what you need.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Serve HTTPS with a freshly generated self-signed certificate for the DNS name
    /// `localhost` and the IP address `127.0.0.1`. Default `false` (plain HTTP).
    pub tls: bool,
    /// Speak HTTP/1.1. Default `true`.
    pub http1: bool,
    /// Speak HTTP/2 (ALPN `h2` under TLS, prior-knowledge h2c on plain HTTP). Default `true`.
    pub http2: bool,
    /// Simulated network round trip: when non-zero a delaying TCP proxy sits in front of the
    /// server (a new connection is usable one RTT after accept; every chunk is delayed by
    /// RTT/2 in each direction). Default zero (no proxy).
    pub rtt: Duration,
    /// Number of content-delta events in a streamed reply, and of words in a non-streamed
    /// reply. Default 12. Per request override: header `x-mock-deltas`.
    pub deltas: usize,
    /// Pause between stream events. Default zero. Per request override: header
    /// `x-mock-delta-delay-ms`.
    pub delta_delay: Duration,
    /// Accepted API key. Default `None`: any non-empty Bearer token is accepted;
    /// `Some(k)`: only `k` is accepted, other tokens get 401.
    pub api_key: Option<String>,
    /// A server-wide fault spec applied to every `/v2/*` request, same syntax as the
    /// `x-mock-fault` header (see [`crate::fault`]). Default `None`.
    pub fault: Option<String>,
    /// Close a keep-alive connection that has been idle (no bytes moved, no request in
    /// flight) this long. Default `None` (never).
    pub idle_timeout: Option<Duration>,
    /// Close each connection after serving this many requests (HTTP/1.1 sends
    /// `connection: close` on the last one; HTTP/2 sends GOAWAY). Default `None` (never).
    pub close_after_requests: Option<usize>,
    /// HTTP/2 `SETTINGS_MAX_CONCURRENT_STREAMS` announced on each connection.
    /// Default `None` (hyper's default, 200).
    pub http2_max_concurrent_streams: Option<u32>,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            tls: false,
            http1: true,
            http2: true,
            rtt: Duration::ZERO,
            deltas: 12,
            delta_delay: Duration::ZERO,
            api_key: None,
            fault: None,
            idle_timeout: None,
            close_after_requests: None,
            http2_max_concurrent_streams: None,
        }
    }
}
