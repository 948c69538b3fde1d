//! Fault injection through the `x-mock-fault` header and `MockConfig::fault`.

mod common;

use std::time::{Duration, Instant};

use cohere_mock::MockConfig;
use common::*;
use futures_util::StreamExt;
use serde_json::{json, Value};

#[tokio::test]
async fn status_with_retry_headers() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    let fault = "status=429;retry-after=7;retry-after-ms=1500;ratelimit-reset=9";
    let r = chat_with_fault(&c, &server, "x", false, fault).await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(r.headers()["retry-after-ms"], "1500");
    assert_eq!(r.headers()["x-ratelimit-reset"], "9");
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"message": "mock fault: status 429"})
    );
    let r = post(
        &c,
        &server,
        "/v2/embed",
        &json!({}),
        &[("x-mock-fault", "status=503;retry-after-date=30")],
    )
    .await;
    assert_eq!(r.status(), 503);
    let date = httpdate::parse_http_date(r.headers()["retry-after"].to_str().unwrap()).unwrap();
    assert!(date > std::time::SystemTime::now() + Duration::from_secs(20));
}

#[tokio::test]
async fn times_and_key_fail_then_succeed() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    let fault = [("x-mock-fault", "status=503;times=2;key=flaky")];
    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(
            post(&c, &server, "/v2/chat", &chat_body("x", false), &fault)
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(seen, [503, 503, 200, 200]);
    // Another key has its own budget.
    let other = chat_with_fault(&c, &server, "x", false, "status=500;times=1;key=other").await;
    assert_eq!(other.status(), 500);
}

#[tokio::test]
async fn server_wide_fault_applies_to_api_but_not_control() {
    let server = start(MockConfig {
        fault: Some("status=500;times=1;key=boot".into()),
        ..MockConfig::default()
    })
    .await;
    let c = client(false);
    assert_eq!(
        status_of(c.get(format!("{}/__stats", server.url()))).await,
        200
    );
    assert_eq!(
        post(&c, &server, "/v2/rerank", &json!({}), &[])
            .await
            .status(),
        500
    );
    let rerank = json!({"model": "m", "query": "q", "documents": ["q"]});
    assert_eq!(
        post(&c, &server, "/v2/rerank", &rerank, &[]).await.status(),
        200
    );
}

#[tokio::test]
async fn unknown_items_are_named() {
    let server = start(MockConfig::default()).await;
    let r = chat_with_fault(
        &client(false),
        &server,
        "x",
        false,
        "status=503;cut_after=2",
    )
    .await;
    assert_eq!(r.status(), 400);
    let msg = r.json::<Value>().await.unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("cut_after=2"), "{msg}");
}

#[tokio::test]
async fn delay_headers_and_stall_non_stream() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    for fault in ["delay-headers-ms=150", "stall-ms=150"] {
        let t = Instant::now();
        let r = chat_with_fault(&c, &server, "x", false, fault).await;
        assert_eq!(r.status(), 200);
        assert!(
            t.elapsed() >= Duration::from_millis(150),
            "{fault}: {:?}",
            t.elapsed()
        );
    }
}

#[tokio::test]
async fn stall_pauses_after_second_event() {
    let server = start(MockConfig::default()).await;
    let r = chat_with_fault(&client(false), &server, "x", true, "stall-ms=300").await;
    let mut stream = r.bytes_stream();
    let mut buf = Vec::new();
    let t = Instant::now();
    let mut gap_seen = None;
    while let Some(chunk) = stream.next().await {
        buf.extend_from_slice(&chunk.unwrap());
        if gap_seen.is_none() && parse_sse_prefix(&buf) >= 2 {
            gap_seen = Some(t.elapsed());
        }
    }
    let total = t.elapsed();
    let first_two = gap_seen.unwrap();
    assert!(
        total - first_two >= Duration::from_millis(250),
        "first two at {first_two:?}, end at {total:?}"
    );
    assert_eq!(names(&parse_sse(&buf)).last().unwrap(), "message-end");
}

fn parse_sse_prefix(buf: &[u8]) -> usize {
    buf.windows(2).filter(|w| *w == b"\n\n").count()
}

async fn cut_stream(h2c: bool) {
    let server = start(MockConfig::default()).await;
    let r = chat_with_fault(&client(h2c), &server, "x", true, "cut-after=3").await;
    assert_eq!(r.status(), 200);
    let mut stream = r.bytes_stream();
    let mut buf = Vec::new();
    let mut errored = false;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(b) => buf.extend_from_slice(&b),
            Err(_) => {
                errored = true;
                break;
            }
        }
    }
    assert!(
        errored,
        "the body must end with an error, got {:?}",
        String::from_utf8_lossy(&buf)
    );
    let events = parse_sse(&buf);
    assert_eq!(
        names(&events),
        ["message-start", "content-start", "content-delta"]
    );
}

#[tokio::test]
async fn cut_after_aborts_http1_body() {
    cut_stream(false).await;
}

#[tokio::test]
async fn cut_after_resets_http2_stream() {
    cut_stream(true).await;
}

#[tokio::test]
async fn event_shaping_faults() {
    let server = start(MockConfig {
        deltas: 3,
        ..MockConfig::default()
    })
    .await;
    let c = client(false);
    let body = |fault: &'static str| {
        let (c, server) = (&c, &server);
        async move {
            let r = chat_with_fault(c, server, "x", true, fault).await;
            r.bytes().await.unwrap()
        }
    };
    let unknown = parse_sse(&body("unknown-event").await);
    assert_eq!(names(&unknown)[..2], ["message-start", "future-thing"]);
    assert_eq!(
        unknown[1].json(),
        json!({"type": "future-thing", "payload": {"x": 1}})
    );

    let malformed = parse_sse(&body("malformed-event").await);
    assert_eq!(malformed[2].name.as_deref(), Some("content-delta"));
    assert_eq!(malformed[2].data, b"{\"type\":\"content-delta\",");
    assert!(serde_json::from_slice::<Value>(&malformed[2].data).is_err());
    assert_eq!(names(&malformed).last().unwrap(), "message-end");
    for e in malformed.iter().skip(3) {
        e.json();
    }

    let oversized = parse_sse(&body("oversized-event=100000").await);
    let big = oversized
        .iter()
        .find(|e| e.data.len() > 100_000)
        .expect("big event");
    assert_eq!(
        big.json()["delta"]["message"]["content"]["text"]
            .as_str()
            .unwrap()
            .len(),
        100_000
    );

    let raw = body("invalid-utf8").await;
    assert!(raw.windows(2).any(|w| w == [0xFF, 0xFE]));
    assert!(std::str::from_utf8(&raw).is_err());

    let done = body("done-marker").await;
    assert!(done.ends_with(b"event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":{\"input_tokens\":1,\"output_tokens\":3},\"tokens\":{\"input_tokens\":65,\"output_tokens\":3}}}}\n\ndata: [DONE]\n\n"));
}

#[tokio::test]
async fn drop_closes_without_response_then_recovers() {
    let server = start(MockConfig::default()).await;
    let url = format!("{}/v2/chat", server.url());
    let fresh = || client(false);
    // Each on a fresh connection: the first is dropped, the second answered.
    let send = || {
        fresh()
            .post(&url)
            .bearer_auth("k")
            .header("x-mock-fault", "drop;times=1;key=d")
            .json(&chat_body("x", false))
            .send()
    };
    let err = send().await.expect_err("no response");
    assert!(!err.is_status(), "{err}");
    let ok = send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(server.stats().requests, 2);
}

#[tokio::test]
async fn close_after_response_closes_the_connection() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    let r = chat_with_fault(&c, &server, "x", false, "close-after-response").await;
    assert_eq!(r.headers()["connection"], "close");
    r.bytes().await.unwrap();
    assert!(eventually(|| server.stats().open_connections == 0).await);
    assert_eq!(chat(&c, &server).await.status(), 200);
    assert_eq!(server.stats().connections_accepted, 2);
}
