//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::time::Duration;

use cohere_mock::{MockConfig, MockServer};
use serde_json::{json, Value};

/// Starts a server with `config`.
pub async fn start(config: MockConfig) -> MockServer {
    MockServer::start(config).await.expect("mock starts")
}

/// A plain-HTTP client (HTTP/1.1 unless `h2c`).
pub fn client(h2c: bool) -> reqwest::Client {
    let b = reqwest::Client::builder().timeout(Duration::from_secs(20));
    let b = if h2c {
        b.http2_prior_knowledge()
    } else {
        b.http1_only()
    };
    b.build().expect("client")
}

/// A client trusting only the server's self-signed certificate.
pub fn tls_client(server: &MockServer) -> reqwest::ClientBuilder {
    let pem = server.ca_pem().expect("tls server has a cert");
    let cert = reqwest::Certificate::from_pem(pem.as_bytes()).expect("pem parses");
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .tls_certs_only([cert])
}

/// A chat request body.
pub fn chat_body(prompt: &str, stream: bool) -> Value {
    json!({"model": "command-a-03-2025", "messages": [{"role": "user", "content": prompt}], "stream": stream})
}

/// POSTs `body` to `path` with a Bearer token and the extra `headers`.
pub async fn post(
    client: &reqwest::Client,
    server: &MockServer,
    path: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = client
        .post(format!("{}{path}", server.url()))
        .bearer_auth("test-key")
        .json(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("request sent")
}

/// A plain chat (`POST /v2/chat`, prompt "x", not streamed).
pub async fn chat(client: &reqwest::Client, server: &MockServer) -> reqwest::Response {
    post(client, server, "/v2/chat", &chat_body("x", false), &[]).await
}

/// Sends `req` and gives the response's status.
pub async fn status_of(req: reqwest::RequestBuilder) -> u16 {
    req.send().await.expect("request sent").status().as_u16()
}

/// Sends `req` and reads its whole body.
pub async fn body_of(req: reqwest::RequestBuilder) -> bytes::Bytes {
    let r = req.send().await.expect("request sent");
    r.bytes().await.expect("the whole body")
}

/// Sends `req` and reads its body as JSON.
pub async fn json_of(req: reqwest::RequestBuilder) -> Value {
    let r = req.send().await.expect("request sent");
    r.json().await.expect("a JSON body")
}

/// `POST /v2/chat` with `prompt` (streamed or not) and the fault `fault`
/// (an `x-mock-fault` header value).
pub async fn chat_with_fault(
    client: &reqwest::Client,
    server: &MockServer,
    prompt: &str,
    stream: bool,
    fault: &str,
) -> reqwest::Response {
    let body = chat_body(prompt, stream);
    post(
        client,
        server,
        "/v2/chat",
        &body,
        &[("x-mock-fault", fault)],
    )
    .await
}

/// One parsed SSE event: the `event:` name (None when absent) and raw `data:` bytes.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: Option<String>,
    pub data: Vec<u8>,
}

impl Event {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.data).expect("event data is JSON")
    }
}

/// Splits a complete SSE body (written as `event: x\ndata: y\n\n`) into events.
pub fn parse_sse(body: &[u8]) -> Vec<Event> {
    let mut events = Vec::new();
    let mut rest = body;
    while let Some(end) = rest.windows(2).position(|w| w == b"\n\n") {
        let block = &rest[..end];
        rest = &rest[end + 2..];
        let mut ev = Event {
            name: None,
            data: Vec::new(),
        };
        for line in block.split(|b| *b == b'\n') {
            if let Some(v) = line.strip_prefix(b"event: ") {
                ev.name = Some(String::from_utf8_lossy(v).into_owned());
            } else if let Some(v) = line.strip_prefix(b"data: ") {
                ev.data = v.to_vec();
            }
        }
        events.push(ev);
    }
    assert!(
        rest.is_empty(),
        "trailing bytes after last event: {:?}",
        String::from_utf8_lossy(rest)
    );
    events
}

/// Event names in order.
pub fn names(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.name.clone().unwrap_or_else(|| "<data>".into()))
        .collect()
}

/// The concatenated content-delta texts.
pub fn streamed_text(events: &[Event]) -> String {
    events
        .iter()
        .filter(|e| e.name.as_deref() == Some("content-delta"))
        .map(|e| {
            e.json()["delta"]["message"]["content"]["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Waits up to 3 s for `check` to hold.
pub async fn eventually(mut check: impl FnMut() -> bool) -> bool {
    for _ in 0..300 {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    check()
}
