//! The WebAssembly build against cohere-mock, run by wasm-bindgen-test in Node and
//! (with WASM_BINDGEN_USE_BROWSER=1) in headless Chromium: the real `fetch` of
//! each, over loopback. The test command starts two mocks and passes their
//! addresses at compile time (wasm has no process environment): COHERE_MOCK_URL
//! for every test, and COHERE_MOCK_URL_FRESH, which only the connection-count
//! test talks to, so its count starts from no connection at all.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use cohere_edge::js::WasmClient;
use cohere_edge::{ChatMessage, ChatRequest, Client, ClientBuilder, Error, RequestOptions};
use futures_util::StreamExt;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_time::Instant;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn raw_fetch(url: &str, init: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(f: &js_sys::Function, ms: i32);
}

fn mock_url() -> &'static str {
    // Read at build time; a build without it fails these tests with this message.
    match option_env!("COHERE_MOCK_URL") {
        Some(url) => url,
        None => {
            panic!("COHERE_MOCK_URL must name a running cohere-mock when these tests are built")
        }
    }
}

fn fresh_mock_url() -> &'static str {
    match option_env!("COHERE_MOCK_URL_FRESH") {
        Some(url) => url,
        None => panic!("COHERE_MOCK_URL_FRESH must name a second running cohere-mock"),
    }
}

fn builder() -> ClientBuilder {
    Client::builder()
        .api_key("wasm-test-key")
        .base_url(mock_url())
}

fn request(text: &str) -> ChatRequest {
    ChatRequest::new("command-a-03-2025", vec![ChatMessage::user(text)])
}

async fn sleep_ms(ms: i32) {
    let p = Promise::new(&mut |resolve, _| set_timeout(&resolve, ms));
    JsFuture::from(p).await.unwrap();
}

/// A plain fetch to the mock's own endpoints, in the same credentials mode as
/// the client (so it shares the client's socket pool).
async fn mock_endpoint(base: &str, method: &str, path: &str) -> serde_json::Value {
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &method.into()).unwrap();
    Reflect::set(&init, &"credentials".into(), &"omit".into()).unwrap();
    let url = format!("{base}{path}");
    let resp: web_sys::Response = JsFuture::from(raw_fetch(&url, &init))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let text = JsFuture::from(resp.text().unwrap()).await.unwrap();
    serde_json::from_str(&text.as_string().unwrap()).unwrap_or(serde_json::Value::Null)
}

async fn mock_stats() -> serde_json::Value {
    mock_endpoint(mock_url(), "GET", "/__stats").await
}

fn stat(v: &serde_json::Value, name: &str) -> u64 {
    v[name]
        .as_u64()
        .unwrap_or_else(|| panic!("no {name} in {v}"))
}

#[wasm_bindgen_test]
async fn chat_returns_the_reply() {
    let client = builder().build().unwrap();
    let reply = client.chat(&request("hello from wasm")).await.unwrap();
    assert!(reply.text().starts_with("Echo:"), "{}", reply.text());
    assert_eq!(client.stats().requests, 1);
}

#[wasm_bindgen_test]
async fn stream_delivers_every_delta_then_the_whole_reply() {
    let client = builder()
        .default_header("x-mock-deltas", "20")
        .build()
        .unwrap();
    let mut stream = client.chat_stream(&request("stream please")).await.unwrap();
    let mut deltas = 0;
    let mut text = String::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        if let Some(t) = event.text() {
            deltas += 1;
            text.push_str(t);
        }
    }
    assert_eq!(deltas, 20);
    assert_eq!(stream.response().text(), text);
}

#[wasm_bindgen_test]
async fn a_cut_stream_interrupts_with_the_partial_reply() {
    let client = builder()
        .default_header("x-mock-fault", "cut-after=4")
        .build()
        .unwrap();
    let stream = client.chat_stream(&request("cut me")).await.unwrap();
    let e = stream.into_response().await.unwrap_err();
    assert!(matches!(e, Error::StreamInterrupted { .. }), "{e:?}");
    assert!(e.partial_response().is_some());
}

#[wasm_bindgen_test]
async fn dropping_a_stream_aborts_its_fetch_and_closes_the_connection() {
    let before = stat(&mock_stats().await, "connections_closed");
    let client = builder()
        .default_header("x-mock-deltas", "200")
        .default_header("x-mock-delta-delay-ms", "20")
        .build()
        .unwrap();
    let mut stream = client.chat_stream(&request("drop me")).await.unwrap();
    stream.next().await.unwrap().unwrap();
    drop(stream);
    // The mock sees the connection close well before the 4 s the reply would take.
    let started = Instant::now();
    loop {
        if stat(&mock_stats().await, "connections_closed") > before {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the connection stayed open after the stream was dropped"
        );
        sleep_ms(50).await;
    }
}

/// A `WasmClient` at the mock, as `core.js` makes one (no retries).
fn js_client() -> WasmClient {
    WasmClient::new(
        mock_url().into(),
        None,
        Some(0),
        None,
        None,
        JsValue::UNDEFINED,
        None,
    )
    .unwrap()
}

/// `POST /v2/chat` through the JS surface's `send` (a stream with `stream`),
/// with call headers (a flat array of names and values) and an abort signal.
fn js_chat(
    client: &WasmClient,
    stream: bool,
    headers: &[&str],
    signal: Option<web_sys::AbortSignal>,
) -> js_sys::Promise {
    let headers: js_sys::Array = headers.iter().map(|h| JsValue::from_str(h)).collect();
    headers.push(&"authorization".into());
    headers.push(&"Bearer k".into());
    let body = format!(
        r#"{{"model":"m","messages":[{{"role":"user","content":"hi"}}],"stream":{stream}}}"#
    );
    client.send(
        "POST".into(),
        "/v2/chat".into(),
        Some(body),
        stream,
        None,
        None,
        headers,
        signal,
    )
}

#[wasm_bindgen_test]
async fn a_second_next_before_the_first_settled_is_a_usage_error() {
    let client = js_client();
    let head = JsFuture::from(js_chat(&client, true, &["x-mock-deltas", "5"], None))
        .await
        .unwrap();
    use wasm_bindgen::convert::TryFromJsValue;
    let stream = cohere_edge::js::WasmChatStream::try_from_js_value(
        Reflect::get(&head, &"stream".into()).unwrap(),
    )
    .unwrap();
    let first = stream.next();
    let e = JsFuture::from(stream.next()).await.unwrap_err();
    let get = |k: &str| Reflect::get(&e, &k.into()).unwrap().as_string();
    assert_eq!(get("kind").as_deref(), Some("Usage"));
    assert!(
        get("message").unwrap().contains("await each call"),
        "{:?}",
        get("message")
    );
    // The first call is unharmed, and the stream reads on to its end.
    let mut text = JsFuture::from(first).await.unwrap().as_string().unwrap();
    assert!(text.contains("message-start"), "{text}");
    while let Some(batch) = JsFuture::from(stream.next()).await.unwrap().as_string() {
        text.push_str(&batch);
    }
    assert!(text.contains("message-end"), "{text}");
}

#[wasm_bindgen_test]
async fn an_abort_signal_cancels_a_call() {
    let client = js_client();
    let controller = web_sys::AbortController::new().unwrap();
    let pending = js_chat(
        &client,
        false,
        &["x-mock-fault", "delay-headers-ms=3000"],
        Some(controller.signal()),
    );
    let started = Instant::now();
    sleep_ms(100).await;
    controller.abort();
    let reason = JsFuture::from(pending).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let name = Reflect::get(&reason, &"name".into()).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("AbortError"));
}

#[wasm_bindgen_test]
async fn the_js_surface_reports_status_errors_with_their_details() {
    let client = js_client();
    let e = JsFuture::from(js_chat(
        &client,
        false,
        &["x-mock-fault", "status=404"],
        None,
    ))
    .await
    .unwrap_err();
    let get = |k: &str| Reflect::get(&e, &k.into()).unwrap();
    assert_eq!(get("statusCode").as_f64(), Some(404.0));
    assert_eq!(get("cohereEdge").as_bool(), Some(true));
    assert!(get("body").as_string().unwrap().contains("message"));
    assert!(get("requestId").as_string().is_some());

    // What the builder refuses is a clear error at construction; so is a
    // timeout no Duration holds, from a caller that skipped options.js.
    let refused = |base: &str, timeout: Option<f64>| {
        let e = WasmClient::new(
            base.into(),
            timeout,
            None,
            None,
            None,
            JsValue::UNDEFINED,
            None,
        )
        .err()
        .expect("rejected");
        Reflect::get(&e, &"message".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    let message = refused("http://example.com", None);
    assert!(message.contains("plain http"), "{message}");
    let message = refused(mock_url(), Some(-1.0));
    assert!(message.contains("timeoutInSeconds"), "{message}");
}

#[wasm_bindgen_test]
async fn a_wrong_key_is_unauthorized() {
    let client = builder().api_key("wrong").build().unwrap();
    // The mock accepts any key unless told otherwise; the fault header makes it
    // answer as the API does for a wrong key.
    let e = client
        .chat_with(
            &request("x"),
            &RequestOptions::new().header("x-mock-fault", "status=401"),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
    assert!(!e.to_string().contains("wrong"));
}

#[wasm_bindgen_test]
async fn slow_headers_hit_the_timeout() {
    let client = builder()
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .default_header("x-mock-fault", "delay-headers-ms=3000")
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.chat(&request("slow")).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[wasm_bindgen_test]
async fn a_stalled_stream_hits_the_idle_timeout() {
    let client = builder()
        .stream_idle_timeout(Duration::from_millis(300))
        .default_header("x-mock-fault", "stall-ms=5000")
        .build()
        .unwrap();
    let started = Instant::now();
    let stream = client.chat_stream(&request("stall")).await.unwrap();
    let e = stream.into_response().await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[wasm_bindgen_test]
async fn retries_after_429_then_succeeds() {
    let key = format!("wasm-429-{}", js_sys::Math::random());
    let client = builder()
        .default_header(
            "x-mock-fault",
            format!("status=429;retry-after-ms=50;times=1;key={key}"),
        )
        .build()
        .unwrap();
    let reply = client.chat(&request("retry me")).await.unwrap();
    assert!(!reply.text().is_empty());
    assert_eq!(client.stats().retries, 1);
    assert_eq!(client.stats().requests, 2);
}

#[wasm_bindgen_test]
async fn a_request_over_64_kib_succeeds_without_keepalive() {
    let client = builder().build().unwrap();
    let big = "lorem ipsum ".repeat(10_000); // 120 kB
    let reply = client.chat(&request(&big)).await.unwrap();
    assert!(!reply.text().is_empty());
    assert_eq!(client.stats().keepalive_requests, 0);
}

#[wasm_bindgen_test]
async fn concurrent_keepalive_requests_stay_within_the_quota() {
    let client = builder()
        .default_header("x-mock-fault", "delay-headers-ms=300")
        .build()
        .unwrap();
    let text = "x".repeat(10_000); // each body is a little over 10 kB
    let req = request(&text);
    let calls = (0..12).map(|_| client.chat(&req));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let (peak, now) = cohere_edge::transport::keepalive_budget_probe();
    assert!(peak <= 64 * 1024, "peak {peak}");
    assert_eq!(now, 0);
    let with_keepalive = client.stats().keepalive_requests;
    // Six of them fit in 64 KiB at once; the others went out without keepalive.
    assert!((1..12).contains(&with_keepalive), "{with_keepalive}");
}

#[wasm_bindgen_test]
async fn twenty_sequential_chats_reuse_connections() {
    // A mock nothing else has talked to: every connection counts.
    let client = builder().base_url(fresh_mock_url()).build().unwrap();
    for i in 0..20 {
        client.chat(&request(&format!("chat {i}"))).await.unwrap();
    }
    // The stats request is a plain fetch: like the client's own next call, it
    // waits one macrotask, so that Node's fetch has its socket back (the client
    // does this itself; see transport/wasm.rs `await_handback`).
    sleep_ms(0).await;
    let stats = mock_endpoint(fresh_mock_url(), "GET", "/__stats").await;
    let accepted = stat(&stats, "connections_accepted");
    let requests = stat(&stats, "requests");
    console_log!(
        "20 sequential chats: the mock accepted {accepted} connection(s) for {requests} request(s) \
         (CORS preflights and the stats request included)"
    );
    assert_eq!(accepted, 1, "{stats}");
}

#[wasm_bindgen_test]
async fn warm_reaches_the_api_without_breaking_cors() {
    // In Chromium the warm-up request is cross-origin with the key: it must pass
    // the CORS preflight like any call, and spend no tokens (a GET of the models).
    let client = builder().build().unwrap();
    let before = stat(&mock_stats().await, "requests");
    client.warm().await.unwrap();
    client.chat(&request("after warm-up")).await.unwrap();
    let after = stat(&mock_stats().await, "requests");
    // The stats request, the warm-up GET, the chat, and in a browser a preflight
    // for each of the two.
    assert!((3..=5).contains(&(after - before)), "{before} -> {after}");
    let unreachable = builder()
        .base_url("http://127.0.0.1:9")
        .max_retries(0)
        .build()
        .unwrap();
    let err = unreachable.warm().await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
}
