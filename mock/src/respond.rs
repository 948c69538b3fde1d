//! Building responses: JSON bodies, errors, common headers (request id, CORS).

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Response, StatusCode};
use serde::Serialize;
use serde_json::json;

use crate::body::MockBody;

/// The response type every handler returns.
pub(crate) type MockResponse = Response<MockBody>;

/// Headers a browser may read from a cross-origin response.
const EXPOSED: &str = "*, x-request-id, retry-after, retry-after-ms, x-ratelimit-reset";

/// A JSON response with `status`.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> MockResponse {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut resp = Response::new(MockBody::full(body));
    *resp.status_mut() = status;
    set(resp.headers_mut(), "content-type", "application/json");
    resp
}

/// An error response with body `{"message": message}`.
pub(crate) fn error(status: StatusCode, message: &str) -> MockResponse {
    json(status, &json!({ "message": message }))
}

/// An empty response with `status`.
pub(crate) fn empty(status: StatusCode) -> MockResponse {
    let mut resp = Response::new(MockBody::empty());
    *resp.status_mut() = status;
    resp
}

/// The answer to a CORS preflight (`OPTIONS` on any path): 204.
pub(crate) fn preflight(request_headers: &HeaderMap) -> MockResponse {
    let mut resp = empty(StatusCode::NO_CONTENT);
    let h = resp.headers_mut();
    set(h, "access-control-allow-methods", "GET, POST, OPTIONS");
    let allow = request_headers
        .get("access-control-request-headers")
        .cloned()
        .unwrap_or(HeaderValue::from_static("*"));
    h.insert("access-control-allow-headers", allow);
    set(h, "access-control-max-age", "600");
    resp
}

/// Adds the headers every response carries: `x-request-id`, CORS, and
/// `timing-allow-origin`, which lets a page's Resource Timing see whether each
/// request opened a new connection (the www/ demo's latency table shows it).
pub(crate) fn finish(mut resp: MockResponse, request_id: &str) -> MockResponse {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-request-id", v);
    }
    set(h, "access-control-allow-origin", "*");
    set(h, "access-control-expose-headers", EXPOSED);
    set(h, "timing-allow-origin", "*");
    resp
}

/// Sets header `name` to a value known to be valid (invalid ones are skipped).
pub(crate) fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(HeaderName::from_static(name), v);
    }
}
