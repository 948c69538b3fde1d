//! A Cloudflare Worker in Rust (workers-rs) that calls Cohere through cohere-edge's
//! Rust API: the same routes as the JavaScript example in `examples/worker`.
//!
//! ```text
//! GET  /              one line of usage
//! POST /chat          {"message": "...", "model"?: "..."} -> the chat reply, as the API's JSON
//! POST /chat/stream   same body -> the reply's text, streamed as it arrives; a reply
//!                     cut short upstream ends with a line "[error] <message>"
//! POST /chat/batch    {"messages": ["...", ...], "model"?: "..."} -> {"replies": [...]},
//!                     the chats run concurrently (at most 6 connections at a time)
//! ```
//!
//! An upstream API error comes back as JSON `{"error": {"status", "message", "requestId"}}`
//! with the upstream status. Configuration: the secret `COHERE_API_KEY` and, for a local
//! Cohere-compatible server, the variable `COHERE_BASE_URL`.

use cohere_edge::{ChatMessage, ChatRequest, ChatStream, Client, Error as CohereError};
use futures_util::future::try_join_all;
use futures_util::{stream, StreamExt};
use serde_json::{json, Value};
use worker::{event, Context, Env, Headers, Method, Request, Response};

const DEFAULT_MODEL: &str = "command-a-03-2025";
const MAX_BODY_BYTES: usize = 64 * 1024;
const MAX_BATCH: usize = 32;
const USAGE: &str = "POST /chat or /chat/stream with {\"message\": \"...\", \"model\"?: \"...\"}; \
POST /chat/batch with {\"messages\": [\"...\", ...]}\n";

/// Why a request failed, and so which response it gets.
enum Failure {
    /// The caller's request is wrong: 400.
    BadInput(String),
    /// The Worker is not set up: 500.
    Config(String),
    /// Calling Cohere failed: the upstream status, 504 or 502.
    Upstream(CohereError),
    /// The runtime failed (reading the body, building a response): 500.
    Runtime(worker::Error),
}

impl From<CohereError> for Failure {
    fn from(e: CohereError) -> Self {
        Failure::Upstream(e)
    }
}

impl From<worker::Error> for Failure {
    fn from(e: worker::Error) -> Self {
        Failure::Runtime(e)
    }
}

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let path = req.path();
    let method = match path.as_str() {
        "/" => Method::Get,
        "/chat" | "/chat/stream" | "/chat/batch" => Method::Post,
        _ => return error_json(404, &format!("no route {path}"), None),
    };
    if req.method() != method {
        let headers = Headers::new();
        headers.set("allow", method.as_ref())?;
        return Ok(error_json(405, &format!("{path} takes {method}"), None)?.with_headers(headers));
    }
    let result = match path.as_str() {
        "/" => Response::ok(USAGE).map_err(Failure::from),
        "/chat" => chat(&mut req, &env).await,
        "/chat/stream" => chat_stream(&mut req, &env).await,
        _ => chat_batch(&mut req, &env).await,
    };
    result.or_else(|failure| failure_response(&failure))
}

async fn chat(req: &mut Request, env: &Env) -> Result<Response, Failure> {
    let request = chat_request(&read_json(req).await?)?;
    let reply = client(env)?.chat(&request).await?;
    Ok(Response::from_json(&reply)?)
}

async fn chat_stream(req: &mut Request, env: &Env) -> Result<Response, Failure> {
    let request = chat_request(&read_json(req).await?)?;
    // Resolves once the upstream reply has started, so an upstream error is still a
    // proper JSON error response here.
    let events = client(env)?.chat_stream(&request).await?;
    let headers = Headers::new();
    headers.set("content-type", "text/plain; charset=utf-8")?;
    headers.set("cache-control", "no-store")?;
    // Workers compresses text for callers that accept gzip, and its compressor holds
    // bytes back until the body ends; `identity` keeps each delta flowing.
    headers.set("content-encoding", "identity")?;
    headers.set("x-content-type-options", "nosniff")?;
    Ok(Response::from_stream(text_of(events))?.with_headers(headers))
}

async fn chat_batch(req: &mut Request, env: &Env) -> Result<Response, Failure> {
    let body = read_json(req).await?;
    let messages = match body.get("messages").and_then(Value::as_array) {
        Some(m) if !m.is_empty() && m.len() <= MAX_BATCH => m,
        _ => {
            return Err(Failure::BadInput(format!(
                "\"messages\" must be an array of 1 to {MAX_BATCH} strings"
            )))
        }
    };
    let model = model_of(&body)?;
    let requests = messages
        .iter()
        .map(|m| match m.as_str() {
            Some(text) if !text.is_empty() => {
                Ok(ChatRequest::new(model, vec![ChatMessage::user(text)]))
            }
            _ => Err(Failure::BadInput(
                "every item of \"messages\" must be a non-empty string".into(),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    // One client for the whole request: its connection queue keeps this request within
    // Workers' 6 simultaneous outgoing connections, so the runtime never cancels one.
    let cohere = client(env)?;
    let replies = try_join_all(requests.iter().map(|r| cohere.chat(r))).await?;
    Ok(Response::from_json(&json!({ "replies": replies }))?)
}

/// A client for this request. Workers limits outgoing connections per request, so each
/// request gets its own (cheap) client and so its own 6-connection queue; connections
/// themselves are pooled by the runtime either way.
fn client(env: &Env) -> Result<Client, Failure> {
    let key = env.secret("COHERE_API_KEY").map_err(|_| {
        Failure::Config(
            "COHERE_API_KEY is not set: run `npx wrangler secret put COHERE_API_KEY`".into(),
        )
    })?;
    let mut builder = Client::builder()
        .api_key(key.to_string())
        .client_name("cohere-edge-worker-rs-example");
    if let Ok(url) = env.var("COHERE_BASE_URL") {
        builder = builder.base_url(url.to_string());
    }
    builder.build().map_err(|e| Failure::Config(e.to_string()))
}

/// The reply's text deltas as bytes, read only as fast as the caller reads. A caller
/// that goes away cancels the response body, which drops this stream and with it the
/// `ChatStream`, and that aborts the upstream fetch.
fn text_of(events: ChatStream) -> impl futures_util::Stream<Item = worker::Result<Vec<u8>>> {
    stream::unfold(Some(events), |state| async move {
        let mut events = state?;
        loop {
            match events.next().await {
                None => return None,
                Some(Ok(event)) => match event.text() {
                    Some(text) if !text.is_empty() => {
                        return Some((Ok(text.as_bytes().to_vec()), Some(events)))
                    }
                    _ => continue,
                },
                // workerd ends an errored response body like a finished one (the
                // caller sees a clean end), so say it in the text itself.
                Some(Err(e)) => return Some((Ok(format!("\n[error] {e}\n").into_bytes()), None)),
            }
        }
    })
}

async fn read_json(req: &mut Request) -> Result<Value, Failure> {
    let too_big = || Failure::BadInput(format!("body over {MAX_BODY_BYTES} bytes"));
    let declared = req.headers().get("content-length")?;
    if declared.and_then(|n| n.parse::<usize>().ok()).unwrap_or(0) > MAX_BODY_BYTES {
        return Err(too_big());
    }
    let text = req.text().await?;
    if text.len() > MAX_BODY_BYTES {
        return Err(too_big());
    }
    let body: Value =
        serde_json::from_str(&text).map_err(|_| Failure::BadInput("body is not JSON".into()))?;
    if !body.is_object() {
        return Err(Failure::BadInput("body must be a JSON object".into()));
    }
    Ok(body)
}

fn chat_request(body: &Value) -> Result<ChatRequest, Failure> {
    let message = match body.get("message").and_then(Value::as_str) {
        Some(m) if !m.is_empty() => m,
        _ => {
            return Err(Failure::BadInput(
                "\"message\" must be a non-empty string".into(),
            ))
        }
    };
    Ok(ChatRequest::new(
        model_of(body)?,
        vec![ChatMessage::user(message)],
    ))
}

fn model_of(body: &Value) -> Result<&str, Failure> {
    match body.get("model") {
        None => Ok(DEFAULT_MODEL),
        Some(Value::String(m)) if !m.is_empty() => Ok(m),
        Some(_) => Err(Failure::BadInput(
            "\"model\" must be a non-empty string".into(),
        )),
    }
}

fn failure_response(failure: &Failure) -> worker::Result<Response> {
    match failure {
        Failure::BadInput(m) => error_json(400, m, None),
        Failure::Config(m) => error_json(500, m, None),
        Failure::Runtime(e) => error_json(500, &e.to_string(), None),
        Failure::Upstream(e) => {
            let status = match e.status() {
                Some(s) if (400..=599).contains(&s) => s,
                _ if e.is_timeout() => 504,
                _ => 502,
            };
            error_json(status, &e.to_string(), e.request_id())
        }
    }
}

fn error_json(status: u16, message: &str, request_id: Option<&str>) -> worker::Result<Response> {
    let mut error = json!({ "status": status, "message": message });
    if let Some(id) = request_id {
        error["requestId"] = json!(id);
    }
    Ok(Response::from_json(&json!({ "error": error }))?.with_status(status))
}
