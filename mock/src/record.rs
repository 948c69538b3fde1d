//! The most recent request, kept for assertions.

use bytes::Bytes;
use http::{HeaderMap, Method, Uri};

/// A request as the server received it, held in its own (shared) buffers: recording
/// costs no text conversion on the request path; [`RecordedRequest`] is made on read.
#[derive(Debug, Clone)]
pub(crate) struct RawRequest {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl From<&RawRequest> for RecordedRequest {
    fn from(raw: &RawRequest) -> Self {
        RecordedRequest {
            method: raw.method.to_string(),
            path: raw
                .uri
                .path_and_query()
                .map_or_else(|| raw.uri.path().to_string(), |p| p.to_string()),
            headers: raw
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: String::from_utf8_lossy(&raw.body).into_owned(),
        }
    }
}

/// A request as the server received it (see [`crate::MockServer::last_request`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// Path and query, e.g. `/v2/chat`.
    pub path: String,
    /// Headers in arrival order, names lowercase; values decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The body, decoded lossily as UTF-8.
    pub body: String,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
