//! Request handling: CORS preflight, control endpoints, auth, faults, then the API handlers.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode, Version};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;
use serde_json::Value;

use crate::body::InflightGuard;
use crate::chat::ChatPlan;
use crate::fault::FaultSpec;
use crate::record::RawRequest;
use crate::reply::uuid_like;
use crate::respond::{self, set, MockResponse};
use crate::state::{ConnState, Shared};
use crate::stream::{shape_events, spawn_stream};

/// Largest request body read (bigger ones get 413).
const MAX_BODY: usize = 32 << 20;
/// Largest `x-mock-deltas` accepted.
const MAX_DELTAS: usize = 100_000;

/// Serves one request; never fails (errors become JSON error responses).
pub(crate) async fn handle(
    req: Request<Incoming>,
    shared: Arc<Shared>,
    conn: Arc<ConnState>,
) -> Result<MockResponse, Infallible> {
    let guard = InflightGuard::new(&conn.inflight);
    shared.stats.request_seen();
    let served = conn.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let seq = shared.next_seq();
    let request_id = uuid_like(seq);
    let version = req.version();
    let (parts, body) = req.into_parts();
    let (body, body_error) = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => (b.to_bytes(), None),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => (
            Bytes::new(),
            Some((StatusCode::PAYLOAD_TOO_LARGE, "request body too large")),
        ),
        Err(_) => (
            Bytes::new(),
            Some((StatusCode::BAD_REQUEST, "could not read the request body")),
        ),
    };
    shared.record(RawRequest {
        method: parts.method.clone(),
        uri: parts.uri.clone(),
        headers: parts.headers.clone(),
        body: body.clone(),
    });

    let ctx = Ctx {
        shared: &shared,
        conn: &conn,
        headers: &parts.headers,
        body: &body,
        body_error,
        request_id: &request_id,
        seq,
    };
    let (mut resp, fault) = route(&parts.method, parts.uri.path(), parts.uri.query(), ctx).await;

    let close_limit = shared
        .config
        .close_after_requests
        .is_some_and(|n| served >= n);
    let close_fault = fault.as_ref().is_some_and(|f| f.close_after_response);
    if close_limit || close_fault {
        if version <= Version::HTTP_11 {
            set(resp.headers_mut(), "connection", "close");
        }
        conn.graceful.notify_one();
    }
    if let Some(f) = &fault {
        add_retry_headers(resp.headers_mut(), f);
    }
    let resp = resp.map(|b| b.with_guard(guard));
    Ok(respond::finish(resp, &request_id))
}

/// What a route handler needs about the request.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    shared: &'a Shared,
    conn: &'a ConnState,
    headers: &'a HeaderMap,
    body: &'a Bytes,
    /// Set when the body could not be read whole (too large, or the client went away).
    body_error: Option<(StatusCode, &'static str)>,
    request_id: &'a str,
    seq: u64,
}

/// The endpoint's response and the fault in force for it, if any.
async fn route(
    method: &Method,
    path: &str,
    query: Option<&str>,
    ctx: Ctx<'_>,
) -> (MockResponse, Option<FaultSpec>) {
    if method == Method::OPTIONS {
        return (respond::preflight(ctx.headers), None);
    }
    let allowed = match path {
        "/v2/chat" | "/v2/embed" | "/v2/rerank" | "/__stats/reset" => Method::POST,
        "/v1/tokenize" | "/v1/detokenize" | "/v1/check-api-key" => Method::POST,
        "/__stats" | "/v1/models" => Method::GET,
        p if model_name(p).is_some() => Method::GET,
        _ => return (respond::error(StatusCode::NOT_FOUND, "not found"), None),
    };
    if method != allowed {
        let mut resp = respond::error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
        set(resp.headers_mut(), "allow", &format!("{allowed}, OPTIONS"));
        return (resp, None);
    }
    match path {
        "/__stats" => (
            respond::json(StatusCode::OK, &ctx.shared.stats.snapshot()),
            None,
        ),
        "/__stats/reset" => {
            ctx.shared.stats.reset();
            (respond::empty(StatusCode::NO_CONTENT), None)
        }
        "/v1/models" => match check_auth(ctx.headers, ctx.shared.config.api_key.as_deref()) {
            Err(message) => (respond::error(StatusCode::UNAUTHORIZED, message), None),
            Ok(()) => match crate::models::list(query) {
                Ok(list) => (respond::json(StatusCode::OK, &list), None),
                Err(msg) => (respond::error(StatusCode::BAD_REQUEST, &msg), None),
            },
        },
        p if model_name(p).is_some() => {
            match check_auth(ctx.headers, ctx.shared.config.api_key.as_deref()) {
                Err(message) => (respond::error(StatusCode::UNAUTHORIZED, message), None),
                Ok(()) => match model_name(p).and_then(crate::models::get) {
                    Some(model) => (respond::json(StatusCode::OK, &model), None),
                    None => (
                        respond::error(StatusCode::NOT_FOUND, "model not found"),
                        None,
                    ),
                },
            }
        }
        _ => api(path, ctx).await,
    }
}

/// The `{model}` of `/v1/models/{model}`, percent-decoded.
fn model_name(path: &str) -> Option<String> {
    let raw = path
        .strip_prefix("/v1/models/")
        .filter(|r| !r.is_empty() && !r.contains('/'))?;
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `/v2/*` endpoints, with faults and auth applied first.
async fn api(path: &str, ctx: Ctx<'_>) -> (MockResponse, Option<FaultSpec>) {
    if let Some((status, message)) = ctx.body_error {
        return (respond::error(status, message), None);
    }
    let fault = match active_fault(ctx) {
        Ok(f) => f,
        Err(msg) => return (respond::error(StatusCode::BAD_REQUEST, &msg), None),
    };
    // check-api-key is a POST without a body.
    let json: Result<Value, _> = if path == "/v1/check-api-key" && ctx.body.is_empty() {
        Ok(Value::Null)
    } else {
        serde_json::from_slice(ctx.body)
    };
    if let Some(f) = &fault {
        if f.drop {
            ctx.conn.kill.notify_one();
            std::future::pending::<()>().await;
        }
        let streaming = json
            .as_ref()
            .is_ok_and(|v| v.get("stream") == Some(&Value::Bool(true)));
        let head_delay = f.delay_headers.or(if streaming { None } else { f.stall });
        if let Some(d) = head_delay {
            tokio::time::sleep(d).await;
        }
        if let Some(code) = f.status {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            ctx.shared.stats.fault_status_sent();
            return (
                respond::error(status, &format!("mock fault: status {code}")),
                fault,
            );
        }
    }
    if let Err(message) = check_auth(ctx.headers, ctx.shared.config.api_key.as_deref()) {
        return (respond::error(StatusCode::UNAUTHORIZED, message), fault);
    }
    let body = match json {
        Ok(v) => v,
        Err(e) => {
            return (
                respond::error(StatusCode::BAD_REQUEST, &format!("invalid JSON body: {e}")),
                fault,
            )
        }
    };
    let result = match path {
        "/v2/chat" => chat(&body, ctx, fault.as_ref()),
        "/v2/embed" => {
            crate::embed::respond(&body, ctx.request_id).map(|j| respond::json(StatusCode::OK, &j))
        }
        "/v1/tokenize" => crate::v1::tokenize(&body).map(|j| respond::json(StatusCode::OK, &j)),
        "/v1/detokenize" => crate::v1::detokenize(&body).map(|j| respond::json(StatusCode::OK, &j)),
        "/v1/check-api-key" => Ok(respond::json(StatusCode::OK, &crate::v1::check_api_key())),
        _ => {
            crate::rerank::respond(&body, ctx.request_id).map(|j| respond::json(StatusCode::OK, &j))
        }
    };
    let resp = result.unwrap_or_else(|msg| respond::error(StatusCode::BAD_REQUEST, &msg));
    (resp, fault)
}

/// The merged server-wide and header fault spec, when it applies to this request.
fn active_fault(ctx: Ctx<'_>) -> Result<Option<FaultSpec>, String> {
    let header = match ctx.headers.get("x-mock-fault") {
        Some(v) => Some(FaultSpec::parse(
            v.to_str()
                .map_err(|_| "x-mock-fault must be ASCII".to_string())?,
        )?),
        None => None,
    };
    let spec = match (ctx.shared.server_fault.clone(), header) {
        (Some(s), Some(h)) => s.merged_with(h),
        (Some(s), None) => s,
        (None, Some(h)) => h,
        (None, None) => return Ok(None),
    };
    if spec.is_empty() || !ctx.shared.fault_counters.applies(&spec) {
        return Ok(None);
    }
    Ok(Some(spec))
}

/// Checks the Bearer token; the error is the 401 message.
fn check_auth(headers: &HeaderMap, api_key: Option<&str>) -> Result<(), &'static str> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .filter(|t| !t.is_empty());
    match (token, api_key) {
        (None, _) => Err("no api key supplied"),
        (Some(t), Some(k)) if t != k => Err("invalid api token"),
        _ => Ok(()),
    }
}

fn chat(body: &Value, ctx: Ctx<'_>, fault: Option<&FaultSpec>) -> Result<MockResponse, String> {
    let config = &ctx.shared.config;
    let deltas = header_number(ctx.headers, "x-mock-deltas")?.map_or(Ok(config.deltas), |n| {
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= MAX_DELTAS)
            .ok_or(format!("x-mock-deltas must be at most {MAX_DELTAS}"))
    })?;
    let delay = header_number(ctx.headers, "x-mock-delta-delay-ms")?
        .map_or(config.delta_delay, Duration::from_millis);
    let plan = ChatPlan::from_request(body, deltas, ctx.request_id.to_string(), ctx.seq)?;
    if !plan.stream {
        return Ok(respond::json(StatusCode::OK, &plan.response()));
    }
    let no_fault = FaultSpec::default();
    let fault = fault.unwrap_or(&no_fault);
    let events = shape_events(plan.events(), fault);
    let mut resp = hyper::Response::new(spawn_stream(events, delay, fault));
    set(resp.headers_mut(), "content-type", "text/event-stream");
    set(resp.headers_mut(), "cache-control", "no-cache");
    Ok(resp)
}

/// Parses an optional numeric header.
fn header_number(headers: &HeaderMap, name: &str) -> Result<Option<u64>, String> {
    match headers.get(name) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(Some)
            .ok_or_else(|| format!("{name} must be a non-negative integer")),
    }
}

/// `Retry-After`, `retry-after-ms` and `X-RateLimit-Reset` as the fault asks.
fn add_retry_headers(headers: &mut HeaderMap, f: &FaultSpec) {
    if let Some(s) = f.retry_after {
        set(headers, "retry-after", &s.to_string());
    }
    if let Some(s) = f.retry_after_date {
        // Clamped to ten years so the date stays printable.
        let secs = s.min(10 * 365 * 24 * 3600);
        if let Some(when) = SystemTime::now().checked_add(Duration::from_secs(secs)) {
            set(headers, "retry-after", &httpdate::fmt_http_date(when));
        }
    }
    if let Some(ms) = f.retry_after_ms {
        set(headers, "retry-after-ms", &ms.to_string());
    }
    if let Some(s) = f.ratelimit_reset {
        set(headers, "x-ratelimit-reset", &s.to_string());
    }
}
