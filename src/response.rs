//! Response metadata: the status and headers of a call or a stream, for callers
//! who read request ids and rate-limit headers, and the raw response of
//! [`crate::Client::request`].

use bytes::Bytes;

use crate::headers::Headers;

/// Headers whose names start with these are rate-limit information.
const RATE_LIMIT_PREFIXES: [&str; 5] = [
    "x-ratelimit-",
    "x-trial-endpoint-call-",
    "x-endpoint-monthly-call-",
    "retry-after",
    "x-api-warning",
];

/// The status and headers of a response (on WebAssembly: the headers `fetch`
/// exposes, which for a cross-origin response are the safelisted ones and those
/// the server lists in `Access-Control-Expose-Headers`).
///
/// ```no_run
/// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
/// use cohere_edge::{ChatMessage, ChatRequest, RequestOptions};
/// let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Hi")]);
/// let reply = client.chat_with_response(&req, &RequestOptions::new()).await?;
/// println!("{} {:?}", reply.meta.status(), reply.meta.request_id());
/// for (name, value) in reply.meta.rate_limit() {
///     println!("{name}: {value}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    status: u16,
    headers: Headers,
}

impl ResponseMeta {
    pub(crate) fn new(status: u16, headers: Headers) -> Self {
        ResponseMeta { status, headers }
    }

    /// The HTTP status, e.g. 200.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of header `name` (any case), if the response has it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase())
    }

    /// Every header, names in lowercase, in the order they arrived.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter()
    }

    /// The request id the API gave this call (`x-request-id`, else
    /// `x-debug-trace-id`, else `request-id`): quote it to Cohere support.
    pub fn request_id(&self) -> Option<&str> {
        crate::client::request_id(&self.headers)
    }

    /// The rate-limit and quota headers (`x-ratelimit-*`,
    /// `x-trial-endpoint-call-*`, `x-endpoint-monthly-call-*`, `retry-after*`,
    /// `x-api-warning`), in the order they arrived; empty when the API sent none.
    pub fn rate_limit(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .filter(|(n, _)| RATE_LIMIT_PREFIXES.iter().any(|p| n.starts_with(p)))
            .collect()
    }
}

/// A call's result with its response's [`ResponseMeta`]; see
/// [`crate::Client::chat_with_response`].
#[derive(Debug)]
pub struct WithResponse<T> {
    /// The parsed result (or, for a stream, the stream).
    pub data: T,
    /// The status and headers of the response.
    pub meta: ResponseMeta,
}

/// A response of [`crate::Client::request`]: its metadata and its whole body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status and headers.
    pub meta: ResponseMeta,
    /// The body as it arrived.
    pub body: Bytes,
}

impl RawResponse {
    /// The body parsed as JSON into `T`; a body that does not parse is
    /// [`crate::Error::Decode`].
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> crate::Result<T> {
        serde_json::from_slice(&self.body)
            .map_err(|e| crate::Error::decode("response", e, &self.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_and_rate_limit_headers_are_found() {
        let mut h = Headers::default();
        h.append("Content-Type", "application/json").unwrap();
        h.append("X-Request-Id", "req-1").unwrap();
        h.append("x-trial-endpoint-call-limit", "40").unwrap();
        h.append("x-trial-endpoint-call-remaining", "39").unwrap();
        let meta = ResponseMeta::new(200, h);
        assert_eq!(meta.status(), 200);
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(meta.header("CONTENT-TYPE"), Some("application/json"));
        assert_eq!(
            meta.rate_limit(),
            [
                ("x-trial-endpoint-call-limit", "40"),
                ("x-trial-endpoint-call-remaining", "39")
            ]
        );
        assert_eq!(meta.headers().count(), 4);
    }
}
