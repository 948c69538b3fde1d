//! [`RequestOptions`]: settings for one call that override the client's.

use std::time::Duration;

/// Settings for one call, on top of the client's. Every field defaults to the
/// client's setting. To cancel a call, drop its future (or its stream): the
/// request is aborted and its connection closed or returned to the pool.
///
/// ```no_run
/// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
/// use std::time::Duration;
/// use cohere_edge::{ChatMessage, ChatRequest, RequestOptions};
/// let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Hi")]);
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(20))
///     .max_retries(0)
///     .header("x-trace-id", "abc123");
/// let reply = client.chat_with(&req, &options).await?;
/// # let _ = reply; Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// This call's whole-call timeout (see [`crate::ClientBuilder::timeout`]).
    /// Default: the client's. Zero is treated as "already expired".
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// This call's retry budget. Default: the client's.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = Some(n);
        self
    }

    /// A header for this call only; it replaces a client header of the same name.
    /// An invalid name or value fails the call with [`crate::Error::Config`].
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}
