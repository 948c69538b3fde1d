//! The one error type of the crate, and the status -> error mapping both targets use.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::types::ChatResponse;

/// Shorthand for `Result<T, cohere_edge::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the API said when it answered with an error status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// The server's `message` field, or the body text when there is none.
    pub message: String,
    /// The response body as text (at most [`ApiError::MAX_BODY`] bytes are kept).
    pub body: String,
    /// The request id header (`x-request-id`, else `x-debug-trace-id`), for support.
    pub request_id: Option<String>,
    /// Every header of the error response (names in lowercase), e.g. the
    /// rate-limit headers of a 429. Empty for an error built with [`ApiError::new`].
    pub headers: Vec<(String, String)>,
    /// Set when this retryable error came back without the retry it could have
    /// had, and why. `None` otherwise.
    pub retry_stop: Option<RetryStop>,
}

/// Why a retryable error came back without a further attempt, though retries
/// were left: see [`Error::retry_stop`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryStop {
    /// The client's retry budget was spent (see [`crate::RetryBudget`]): the call
    /// failed with the error it got, so an outage is not multiplied by retries.
    BudgetSpent,
    /// The client is holding requests for a rate-limit window that ends after
    /// this call's deadline: the call was not sent (again), and the error is the
    /// one whose response announced the window.
    RateLimitWindow,
}

impl fmt::Display for RetryStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RetryStop::BudgetSpent => "not retried: the client's retry budget is spent",
            RetryStop::RateLimitWindow => {
                "not sent: the client holds requests for a rate-limit window that ends after this call's deadline"
            }
        })
    }
}

impl ApiError {
    /// Longest body kept in an error, in bytes (64 KiB).
    pub const MAX_BODY: usize = 64 * 1024;

    /// Builds an error from a status, a body and an optional request id. The
    /// message is the body's JSON `message` field when there is one.
    pub fn new(status: u16, body: &[u8], request_id: Option<String>) -> Self {
        let keep = body.len().min(Self::MAX_BODY);
        let body_text = String::from_utf8_lossy(&body[..keep]).into_owned();
        // Only the `message` field is wanted; the scanner keeps serde_json out of
        // the WebAssembly build's error path.
        let message = std::str::from_utf8(body)
            .ok()
            .and_then(|text| crate::json_scan::scan(text).ok())
            .and_then(|fields| fields.message)
            .unwrap_or_else(|| {
                if body_text.trim().is_empty() {
                    reason_phrase(status).to_owned()
                } else {
                    truncate_chars(body_text.trim(), 2048)
                }
            });
        ApiError {
            status,
            message,
            body: body_text,
            request_id,
            headers: Vec::new(),
            retry_stop: None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status,
            reason_phrase(self.status),
            self.message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if let Some(stop) = &self.retry_stop {
            write!(f, " ({stop})")?;
        }
        Ok(())
    }
}

/// Which limit a [`Error::Timeout`] hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// The whole call (`ClientBuilder::timeout`), retries included.
    Request(Duration),
    /// Establishing a connection (`ClientBuilder::connect_timeout`).
    Connect(Duration),
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeoutKind::Request(d) => {
                write!(f, "the request did not complete within {}", Seconds(*d))
            }
            TimeoutKind::Connect(d) => write!(f, "no connection within {}", Seconds(*d)),
        }
    }
}

/// A duration in messages, as seconds to the microsecond: `300s`, `1.5s`,
/// `0.000250s`. Not `Duration`'s `Debug`, whose unit-choosing formatter cost the
/// WebAssembly module 1.5 KB.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, mut fraction) = (self.0.as_secs(), self.0.subsec_micros());
        if fraction == 0 {
            return write!(f, "{whole}s");
        }
        let mut digits = 6;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
        write!(f, "{whole}.{fraction:0digits$}s")
    }
}

/// Why a stream ended before `message-end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interruption {
    /// The body ended (the server or a proxy closed it) before `message-end`.
    EndOfBody,
    /// Nothing arrived for longer than `stream_idle_timeout`.
    IdleTimeout(Duration),
    /// The connection failed while reading.
    Transport(String),
}

impl fmt::Display for Interruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Interruption::EndOfBody => f.write_str("the stream ended before message-end"),
            Interruption::IdleTimeout(d) => {
                write!(f, "no data for {} (stream idle timeout)", Seconds(*d))
            }
            Interruption::Transport(e) => write!(f, "connection failed mid-stream: {e}"),
        }
    }
}

/// Why a connection or a transfer failed: a message for people and, where the
/// platform gives one, the error underneath, which
/// [`std::error::Error::source`] hands out (on native targets down to the
/// `io::Error` of a refused TCP connect or the rustls error of a failed TLS
/// handshake; on WebAssembly the JS error's text is all there is).
///
/// Displays as its message. Cheap to clone: the source is shared.
///
/// ```
/// use std::error::Error as _;
/// use cohere_edge::{Error, ErrorCause};
/// let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
/// let e = Error::Connect(ErrorCause::with_source("could not connect", io));
/// assert_eq!(e.to_string(), "connection failed: could not connect");
/// let cause = e.source().unwrap();
/// assert_eq!(cause.source().unwrap().to_string(), "refused");
/// ```
#[derive(Clone)]
pub struct ErrorCause {
    message: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl ErrorCause {
    /// A cause with `message` and `source` underneath it.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> ErrorCause {
        ErrorCause {
            message: message.into(),
            source: Some(Arc::new(source)),
        }
    }

    /// The message (what `Display` shows).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same cause with `context` put in front of its message; the source stays.
    pub(crate) fn context(mut self, context: &str) -> ErrorCause {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl From<String> for ErrorCause {
    /// A cause with a message and no source.
    fn from(message: String) -> ErrorCause {
        ErrorCause {
            message,
            source: None,
        }
    }
}

impl From<&str> for ErrorCause {
    /// A cause with a message and no source.
    fn from(message: &str) -> ErrorCause {
        ErrorCause::from(message.to_owned())
    }
}

impl fmt::Display for ErrorCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for ErrorCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ErrorCause");
        d.field("message", &self.message);
        if let Some(source) = &self.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl std::error::Error for ErrorCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Every way a call can fail.
///
/// API errors have one variant per status the API documents, each carrying an
/// [`ApiError`] (status, message, body, request id); other statuses are
/// [`Error::Api`]. The API key never appears in any error.
///
/// ```
/// use cohere_edge::{ApiError, Error};
/// let e = Error::from_status(429, br#"{"message":"slow down"}"#, Some("req-1".into()));
/// assert!(matches!(e, Error::TooManyRequests(_)));
/// assert_eq!(e.status(), Some(429));
/// assert!(e.is_retryable());
/// assert_eq!(e.to_string(), "429 Too Many Requests: slow down (request id req-1)");
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 400.
    #[error("{0}")]
    BadRequest(ApiError),
    /// 401: missing or wrong API key.
    #[error("{0}")]
    Unauthorized(ApiError),
    /// 403.
    #[error("{0}")]
    Forbidden(ApiError),
    /// 404.
    #[error("{0}")]
    NotFound(ApiError),
    /// 422.
    #[error("{0}")]
    UnprocessableEntity(ApiError),
    /// 429: rate limited.
    #[error("{0}")]
    TooManyRequests(ApiError),
    /// 498: invalid token.
    #[error("{0}")]
    InvalidToken(ApiError),
    /// 499: the request was cancelled.
    #[error("{0}")]
    ClientClosedRequest(ApiError),
    /// 500.
    #[error("{0}")]
    InternalServer(ApiError),
    /// 501.
    #[error("{0}")]
    NotImplemented(ApiError),
    /// 503.
    #[error("{0}")]
    ServiceUnavailable(ApiError),
    /// 504.
    #[error("{0}")]
    GatewayTimeout(ApiError),
    /// Any other non-success status.
    #[error("{0}")]
    Api(ApiError),
    /// A time limit was hit.
    #[error("timed out: {0}")]
    Timeout(TimeoutKind),
    /// No connection could be made, or it closed before any response began.
    /// [`std::error::Error::source`] leads to the cause underneath.
    #[error("connection failed: {0}")]
    Connect(#[source] ErrorCause),
    /// The connection failed after the response began.
    /// [`std::error::Error::source`] leads to the cause underneath.
    #[error("transport error: {0}")]
    Transport(#[source] ErrorCause),
    /// A stream ended before `message-end`. `partial` holds what did arrive.
    #[error("stream interrupted: {reason}")]
    StreamInterrupted {
        /// Why it ended.
        reason: Interruption,
        /// The reply accumulated from the events that arrived.
        partial: Box<ChatResponse>,
    },
    /// The server reported an error inside the stream (`message-end` with `error`
    /// or `error_type`). The stream hands out that `message-end` event first.
    #[error("the server reported an error in the stream: {message}{}", .error_type.as_deref().map(|t| format!(" ({t})")).unwrap_or_default())]
    StreamError {
        /// The server's message (`delta.error`; empty when it sent only a type).
        message: String,
        /// The kind of failure (`delta.error_type`), when the server said.
        error_type: Option<String>,
        /// The reply accumulated from the events that arrived.
        partial: Box<ChatResponse>,
    },
    /// A response or event could not be parsed.
    #[error("could not decode {what}: {message}")]
    Decode {
        /// What was being decoded (`"chat response"`, `"content-delta event"`, …).
        what: String,
        /// The parser's message.
        message: String,
        /// The offending text (at most 1 KiB of it).
        input: String,
    },
    /// A response body or stream event was larger than its limit.
    #[error("{what} is larger than the limit of {limit} bytes")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The client was configured wrongly (missing key, bad URL, bad option).
    #[error("configuration: {0}")]
    Config(String),
    /// The crate was used in a way it does not allow (not a configuration
    /// mistake): the npm package's stream `next()` called again before the
    /// previous call settled. The message says what happened and what to do.
    ///
    /// ```
    /// let e = cohere_edge::Error::Usage("await each next() before the next one".into());
    /// assert_eq!(e.kind(), "Usage");
    /// assert_eq!(e.to_string(), "usage: await each next() before the next one");
    /// ```
    #[error("usage: {0}")]
    Usage(String),
    /// A request could not be serialised (not a configuration mistake: the
    /// request itself holds something JSON cannot express).
    #[error("could not serialise the {what} request: {cause}")]
    Serialize {
        /// Which request (`"chat"`, `"embed"`, …).
        what: &'static str,
        /// serde_json's error, as the source.
        #[source]
        cause: ErrorCause,
    },
}

/// The pattern of every variant that holds an [`ApiError`], binding it to `$e`
/// (one list for [`Error::api_error`] and its `&mut` twin).
macro_rules! status_variants {
    ($e:ident) => {
        Error::BadRequest($e)
            | Error::Unauthorized($e)
            | Error::Forbidden($e)
            | Error::NotFound($e)
            | Error::UnprocessableEntity($e)
            | Error::TooManyRequests($e)
            | Error::InvalidToken($e)
            | Error::ClientClosedRequest($e)
            | Error::InternalServer($e)
            | Error::NotImplemented($e)
            | Error::ServiceUnavailable($e)
            | Error::GatewayTimeout($e)
            | Error::Api($e)
    };
}

impl Error {
    /// Maps a non-success status to its variant. The one mapping both targets use.
    pub fn from_status(status: u16, body: &[u8], request_id: Option<String>) -> Error {
        Error::from_api(ApiError::new(status, body, request_id))
    }

    /// The variant of `e`'s status, holding `e`.
    pub(crate) fn from_api(e: ApiError) -> Error {
        match e.status {
            400 => Error::BadRequest(e),
            401 => Error::Unauthorized(e),
            403 => Error::Forbidden(e),
            404 => Error::NotFound(e),
            422 => Error::UnprocessableEntity(e),
            429 => Error::TooManyRequests(e),
            498 => Error::InvalidToken(e),
            499 => Error::ClientClosedRequest(e),
            500 => Error::InternalServer(e),
            501 => Error::NotImplemented(e),
            503 => Error::ServiceUnavailable(e),
            504 => Error::GatewayTimeout(e),
            _ => Error::Api(e),
        }
    }

    pub(crate) fn decode(what: impl Into<String>, err: impl fmt::Display, input: &[u8]) -> Error {
        let keep = input.len().min(1024);
        Error::Decode {
            what: what.into(),
            message: err.to_string(),
            input: String::from_utf8_lossy(&input[..keep]).into_owned(),
        }
    }

    /// The API error details, for the status variants.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            status_variants!(e) => Some(e),
            _ => None,
        }
    }

    /// Why this retryable error came back although retries were left, when that
    /// is so (for API errors; a connection error says it in its message).
    ///
    /// ```
    /// use cohere_edge::{Error, RetryStop};
    /// let e = Error::from_status(503, b"", None);
    /// assert_eq!(e.retry_stop(), None);
    /// ```
    pub fn retry_stop(&self) -> Option<RetryStop> {
        self.api_error().and_then(|e| e.retry_stop)
    }

    /// The same error, marked as not retried for `stop` (API errors carry it in
    /// [`ApiError::retry_stop`]; a connection error adds it to its message).
    pub(crate) fn with_retry_stop(mut self, stop: RetryStop) -> Error {
        if let Error::Connect(why) = &mut self {
            why.message = format!("{} ({stop})", why.message);
        } else if let Some(api) = self.api_error_mut() {
            api.retry_stop = Some(stop);
        }
        self
    }

    /// The same error with the response's headers in its [`ApiError::headers`].
    pub(crate) fn with_headers(mut self, headers: &crate::headers::Headers) -> Error {
        if let Some(api) = self.api_error_mut() {
            api.headers = headers
                .iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect();
        }
        self
    }

    fn api_error_mut(&mut self) -> Option<&mut ApiError> {
        match self {
            status_variants!(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(|e| e.status)
    }

    /// The request id the server sent with an API error.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.request_id.as_deref())
    }

    /// True for every time limit: the whole call, the connect, and a stream's idle timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            Error::Timeout(_)
                | Error::StreamInterrupted {
                    reason: Interruption::IdleTimeout(_),
                    ..
                }
        )
    }

    /// True when the connection could not be made (or closed before a response began).
    pub fn is_connect(&self) -> bool {
        matches!(
            self,
            Error::Connect(_) | Error::Timeout(TimeoutKind::Connect(_))
        )
    }

    /// True when trying again may succeed: 408, 409, 429 and 5xx, and connection
    /// failures before a response began (see [`crate::retry`]).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connect(_) | Error::Timeout(TimeoutKind::Connect(_)) => true,
            e => e.status().is_some_and(crate::retry::is_retryable_status),
        }
    }

    /// The variant's name, e.g. `"TooManyRequests"` (what the CLI prints).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::BadRequest(_) => "BadRequest",
            Error::Unauthorized(_) => "Unauthorized",
            Error::Forbidden(_) => "Forbidden",
            Error::NotFound(_) => "NotFound",
            Error::UnprocessableEntity(_) => "UnprocessableEntity",
            Error::TooManyRequests(_) => "TooManyRequests",
            Error::InvalidToken(_) => "InvalidToken",
            Error::ClientClosedRequest(_) => "ClientClosedRequest",
            Error::InternalServer(_) => "InternalServer",
            Error::NotImplemented(_) => "NotImplemented",
            Error::ServiceUnavailable(_) => "ServiceUnavailable",
            Error::GatewayTimeout(_) => "GatewayTimeout",
            Error::Api(_) => "Api",
            Error::Timeout(_) => "Timeout",
            Error::Connect(_) => "Connect",
            Error::Transport(_) => "Transport",
            Error::StreamInterrupted { .. } => "StreamInterrupted",
            Error::StreamError { .. } => "StreamError",
            Error::Decode { .. } => "Decode",
            Error::TooLarge { .. } => "TooLarge",
            Error::Config(_) => "Config",
            Error::Usage(_) => "Usage",
            Error::Serialize { .. } => "Serialize",
        }
    }

    /// The reply accumulated before a stream failed, for the stream variants.
    pub fn partial_response(&self) -> Option<&ChatResponse> {
        match self {
            Error::StreamInterrupted { partial, .. } | Error::StreamError { partial, .. } => {
                Some(partial)
            }
            _ => None,
        }
    }
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The reason phrase of a status code (the ones this API uses, and the common rest).
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        498 => "Invalid Token",
        499 => "Client Closed Request",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_seconds() {
        let read = |d: Duration| Seconds(d).to_string();
        assert_eq!(read(Duration::from_secs(300)), "300s");
        assert_eq!(read(Duration::from_millis(1500)), "1.5s");
        assert_eq!(read(Duration::from_millis(10)), "0.01s");
        assert_eq!(read(Duration::from_micros(250)), "0.00025s");
        assert_eq!(read(Duration::from_nanos(1)), "0s");
        let e = Error::Timeout(TimeoutKind::Connect(Duration::from_millis(2500)));
        assert!(e.to_string().contains("no connection within 2.5s"), "{e}");
    }

    #[test]
    fn each_documented_status_has_its_variant() {
        let cases: [(u16, &str); 12] = [
            (400, "BadRequest"),
            (401, "Unauthorized"),
            (403, "Forbidden"),
            (404, "NotFound"),
            (422, "UnprocessableEntity"),
            (429, "TooManyRequests"),
            (498, "InvalidToken"),
            (499, "ClientClosedRequest"),
            (500, "InternalServer"),
            (501, "NotImplemented"),
            (503, "ServiceUnavailable"),
            (504, "GatewayTimeout"),
        ];
        for (status, kind) in cases {
            let e = Error::from_status(status, b"{\"key\":\"value\"}", None);
            assert_eq!(e.kind(), kind, "status {status}");
            assert_eq!(e.status(), Some(status));
            assert_eq!(e.api_error().unwrap().body, "{\"key\":\"value\"}");
        }
        assert_eq!(Error::from_status(418, b"", None).kind(), "Api");
        assert_eq!(Error::from_status(502, b"", None).kind(), "Api");
    }

    #[test]
    fn message_comes_from_json_or_text() {
        let e = ApiError::new(400, br#"{"message":"invalid model"}"#, None);
        assert_eq!(e.message, "invalid model");
        let e = ApiError::new(502, b"upstream exploded", Some("abc".into()));
        assert_eq!(e.message, "upstream exploded");
        assert_eq!(
            e.to_string(),
            "502 Bad Gateway: upstream exploded (request id abc)"
        );
        let e = ApiError::new(503, b"", None);
        assert_eq!(e.message, "Service Unavailable");
    }

    #[test]
    fn body_is_bounded() {
        let big = vec![b'x'; ApiError::MAX_BODY * 2];
        let e = ApiError::new(500, &big, None);
        assert_eq!(e.body.len(), ApiError::MAX_BODY);
        assert!(e.message.chars().count() <= 2049);
    }

    #[test]
    fn predicates() {
        assert!(Error::Connect("refused".into()).is_retryable());
        // A cause made from text alone ends the chain of sources.
        let e = Error::Transport("reset".into());
        assert_eq!(e.to_string(), "transport error: reset");
        let cause = std::error::Error::source(&e).expect("the cause");
        assert_eq!(cause.to_string(), "reset");
        assert!(cause.source().is_none());
        assert!(Error::Timeout(TimeoutKind::Request(Duration::from_secs(1))).is_timeout());
        assert!(!Error::from_status(400, b"", None).is_retryable());
        assert!(Error::from_status(503, b"", None).is_retryable());
        let interrupted = Error::StreamInterrupted {
            reason: Interruption::IdleTimeout(Duration::from_secs(2)),
            partial: Box::default(),
        };
        assert!(interrupted.is_timeout());
        assert!(interrupted.partial_response().is_some());
    }

    #[test]
    fn a_retry_stop_keeps_the_type_and_says_why() {
        let e = Error::from_status(503, b"down", Some("r".into()))
            .with_retry_stop(RetryStop::BudgetSpent);
        assert_eq!(e.kind(), "ServiceUnavailable");
        assert!(e.is_retryable());
        assert_eq!(e.retry_stop(), Some(RetryStop::BudgetSpent));
        assert_eq!(
            e.to_string(),
            "503 Service Unavailable: down (request id r) (not retried: the client's retry budget is spent)"
        );
        let c = Error::Connect("refused".into()).with_retry_stop(RetryStop::BudgetSpent);
        assert!(c.is_connect() && c.is_retryable());
        assert!(c.to_string().contains("retry budget is spent"), "{c}");
        let t = Error::Timeout(TimeoutKind::Request(Duration::from_secs(1)))
            .with_retry_stop(RetryStop::BudgetSpent);
        assert_eq!(t.retry_stop(), None);
    }
}
