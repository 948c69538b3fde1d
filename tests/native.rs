//! The native client against cohere-mock on loopback: real TCP, real TLS, real
//! HTTP/1.1 and HTTP/2, the mock's own connection counters.
// Native only: these use tokio, cohere-mock and proptest (tests/wasm.rs is the wasm suite).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use cohere_edge::{Client, EmbedRequest, Error, Interruption, RerankRequest, StreamEvent};
use cohere_mock::MockConfig;
use support::{builder_for, mock, mock_with_fault, request, spawn_calls, tls};

async fn sequential_over_tls(http2: bool) {
    let server = mock(tls(http2)).await;
    assert!(server.url().starts_with("https://"));
    let client = builder_for(&server).build().unwrap();
    for i in 0..50 {
        let reply = client.chat(&request(&format!("hello {i}"))).await.unwrap();
        assert!(
            reply.text().contains(&format!("hello {i}")),
            "{}",
            reply.text()
        );
    }
    let s = server.stats();
    assert_eq!(s.connections_accepted, 1, "{s:?}");
    assert_eq!(s.tls_handshakes, 1, "{s:?}");
    assert_eq!(s.requests, 50);
    let c = client.stats();
    assert_eq!((c.requests, c.connections_opened, c.retries), (50, 1, 0));
}

#[tokio::test]
async fn fifty_sequential_requests_over_tls_http1_use_one_connection() {
    sequential_over_tls(false).await;
}

#[tokio::test]
async fn fifty_sequential_requests_over_tls_http2_use_one_connection() {
    sequential_over_tls(true).await;
}

#[tokio::test]
async fn without_pooling_every_request_opens_a_connection() {
    let server = mock(tls(true)).await;
    let client = builder_for(&server)
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    for _ in 0..5 {
        client.chat(&request("x")).await.unwrap();
    }
    assert_eq!(server.stats().connections_accepted, 5);
    assert_eq!(server.stats().tls_handshakes, 5);
    assert_eq!(client.stats().connections_opened, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_connections_caps_open_sockets() {
    // HTTP/1.1 so that every request in flight needs its own connection.
    let server = mock(tls(false)).await;
    let client = builder_for(&server)
        .max_connections(8)
        .default_header("x-mock-fault", "delay-headers-ms=20")
        .build()
        .unwrap();
    let tasks = spawn_calls(&client, 64, |c, i| async move {
        c.chat(&request(&format!("q{i}"))).await
    });
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let s = server.stats();
    assert_eq!(s.requests, 64);
    assert!(s.max_open_connections <= 8, "{s:?}");
    assert!(
        s.max_open_connections >= 2,
        "requests did run in parallel: {s:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_requests_reuse_returning_connections_instead_of_opening_more() {
    // Many more requests queued than the cap, and replies with no delay: each
    // permit comes free a moment before its connection is back in the pool. That
    // gap must not let a queued request open a socket over the cap.
    let server = mock(tls(false)).await;
    let client = builder_for(&server).max_connections(4).build().unwrap();
    let tasks = spawn_calls(&client, 8, |c, t| async move {
        for i in 0..150 {
            c.chat(&request(&format!("q{t}-{i}"))).await.unwrap();
        }
    });
    for t in tasks {
        t.await.unwrap();
    }
    let s = server.stats();
    assert_eq!(s.requests, 1200);
    assert!(s.max_open_connections <= 4, "{s:?}");
    assert_eq!(s.connections_accepted, 4, "{s:?}");
    assert_eq!(client.stats().connections_opened, 4);
}

#[tokio::test]
async fn a_connection_closed_before_the_response_is_resent_transparently() {
    let (server, builder) = mock_with_fault("drop;times=1;key=stale-1").await;
    let client = builder.max_retries(0).build().unwrap();
    let reply = client.chat(&request("resend me")).await.unwrap();
    assert!(reply.text().contains("resend me"), "{}", reply.text());
    assert_eq!(client.stats().retries, 1);
    assert_eq!(server.stats().requests, 2);
}

#[tokio::test]
async fn retries_after_429_with_retry_after_ms_then_succeeds() {
    let (server, builder) = mock_with_fault("status=429;retry-after-ms=60;times=2;key=r429").await;
    let client = builder.build().unwrap();
    let started = Instant::now();
    client.chat(&request("x")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(120));
    assert_eq!(client.stats().retries, 2);
    assert_eq!(server.stats().requests, 3);
}

#[tokio::test]
async fn retries_exhausted_give_the_typed_error() {
    let (server, builder) = mock_with_fault("status=503;retry-after=0").await;
    let client = builder.max_retries(1).build().unwrap();
    let e = client.chat(&request("x")).await.unwrap_err();
    assert!(matches!(e, Error::ServiceUnavailable(_)), "{e:?}");
    assert_eq!(e.status(), Some(503));
    assert!(e.request_id().is_some());
    assert_eq!(server.stats().requests, 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (server, builder) = mock_with_fault("status=400").await;
    let client = builder.build().unwrap();
    let e = client.chat(&request("x")).await.unwrap_err();
    assert!(
        matches!(e, Error::BadRequest(ref a) if a.message.contains("status 400")),
        "{e:?}"
    );
    assert_eq!(server.stats().requests, 1);
}

#[tokio::test]
async fn wrong_key_is_unauthorized_and_the_key_never_shows() {
    let secret = "sk-wrong-but-secret-42";
    let server = mock(MockConfig {
        api_key: Some("right".into()),
        ..Default::default()
    })
    .await;
    let client = Client::builder()
        .api_key(secret)
        .base_url(server.url())
        .build()
        .unwrap();
    let e = client.chat(&request("x")).await.unwrap_err();
    assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
    for text in [format!("{e}"), format!("{e:?}"), format!("{client:?}")] {
        assert!(!text.contains(secret), "{text}");
    }
}

#[tokio::test]
async fn streams_arrive_event_by_event_and_fold_into_the_reply() {
    let server = mock(tls(true)).await;
    let client = builder_for(&server).build().unwrap();
    let mut stream = client
        .chat_stream(&request("stream this please"))
        .await
        .unwrap();
    let mut kinds = Vec::new();
    let mut text = String::new();
    while let Some(e) = stream.next_event().await {
        let e = e.unwrap();
        text.push_str(e.text().unwrap_or_default());
        kinds.push(e.kind().to_owned());
    }
    assert_eq!(kinds.first().map(String::as_str), Some("message-start"));
    assert_eq!(kinds.last().map(String::as_str), Some("message-end"));
    let reply = stream.response();
    assert_eq!(reply.text(), text);
    assert_eq!(reply.finish_reason.as_str(), "COMPLETE");
    // The same reply as the non-streamed call.
    assert_eq!(
        client
            .chat(&request("stream this please"))
            .await
            .unwrap()
            .text(),
        text
    );
    // And the connection was reused for it.
    assert_eq!(server.stats().connections_accepted, 1);
}

#[tokio::test]
async fn tool_calls_stream_and_fold() {
    let server = mock(MockConfig::default()).await;
    let client = builder_for(&server).build().unwrap();
    let mut req = request("weather in Paris");
    req.tools = Some(vec![cohere_edge::Tool::function(
        "get_weather",
        "Weather for a city",
        serde_json::json!({"type": "object", "properties": {"query": {"type": "string"}}}),
    )]);
    let streamed = client
        .chat_stream(&req)
        .await
        .unwrap()
        .into_response()
        .await
        .unwrap();
    let whole = client.chat(&req).await.unwrap();
    assert_eq!(streamed.finish_reason.as_str(), "TOOL_CALL");
    let calls = streamed.message.tool_calls.as_ref().unwrap();
    assert_eq!(calls.len(), 1);
    let function =
        |r: &cohere_edge::ChatResponse| r.message.tool_calls.as_ref().unwrap()[0].function.clone();
    assert_eq!(function(&streamed), function(&whole));
    assert_eq!(streamed.message.tool_plan, whole.message.tool_plan);
    let args = calls[0]
        .function
        .as_ref()
        .unwrap()
        .arguments
        .as_deref()
        .unwrap();
    serde_json::from_str::<serde_json::Value>(args).unwrap();
}

#[tokio::test]
async fn a_cut_stream_is_interrupted_after_the_events_that_arrived() {
    let (_server, builder) = mock_with_fault("cut-after=4").await;
    let client = builder.build().unwrap();
    let mut stream = client
        .chat_stream(&request("one two three four five"))
        .await
        .unwrap();
    let mut ok = 0;
    let mut err = None;
    while let Some(e) = stream.next_event().await {
        match e {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(err.is_none(), "only one error");
                err = Some(e);
            }
        }
    }
    assert_eq!(ok, 4);
    let err = err.expect("an interruption");
    assert!(matches!(err, Error::StreamInterrupted { .. }), "{err:?}");
    let partial = err.partial_response().unwrap();
    assert!(!partial.text().is_empty());
    assert_eq!(partial.text(), stream.response().text());
}

#[tokio::test]
async fn into_response_of_a_cut_stream_returns_the_partial_reply() {
    let (_server, builder) = mock_with_fault("cut-after=3").await;
    let client = builder.build().unwrap();
    let e = client
        .chat_stream(&request("a b c"))
        .await
        .unwrap()
        .into_response()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "StreamInterrupted");
    assert!(e.partial_response().is_some());
}

#[tokio::test]
async fn a_stalled_stream_hits_the_idle_timeout() {
    let (_server, builder) = mock_with_fault("stall-ms=5000").await;
    let client = builder
        .stream_idle_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut stream = client.chat_stream(&request("x")).await.unwrap();
    let mut got = 0;
    let err = loop {
        match stream.next_event().await {
            Some(Ok(_)) => got += 1,
            Some(Err(e)) => break e,
            None => panic!("stream ended without the timeout"),
        }
    };
    assert_eq!(got, 2);
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(
        err,
        Error::StreamInterrupted {
            reason: Interruption::IdleTimeout(_),
            ..
        }
    ));
    assert!(started.elapsed() < Duration::from_secs(4));
    assert!(stream.next_event().await.is_none());
}

#[tokio::test]
async fn slow_headers_hit_the_request_timeout() {
    let (_server, builder) = mock_with_fault("delay-headers-ms=5000").await;
    let client = builder.timeout(Duration::from_millis(300)).build().unwrap();
    let started = Instant::now();
    let e = client.chat(&request("x")).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_malformed_event_is_an_error_and_the_stream_goes_on() {
    let (_server, builder) = mock_with_fault("malformed-event").await;
    let client = builder.build().unwrap();
    let mut stream = client.chat_stream(&request("x y z")).await.unwrap();
    let (mut errors, mut saw_end) = (Vec::new(), false);
    while let Some(e) = stream.next_event().await {
        match e {
            Ok(StreamEvent::MessageEnd(_)) => saw_end = true,
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        matches!(&errors[0], Error::Decode { what, .. } if what.contains("event")),
        "{errors:?}"
    );
    assert!(saw_end);
}

#[tokio::test]
async fn unknown_oversized_and_invalid_utf8_events() {
    let (_server, builder) =
        mock_with_fault("unknown-event;oversized-event=10000;invalid-utf8").await;
    let client = builder.max_event_bytes(4096).build().unwrap();
    let mut stream = client.chat_stream(&request("x")).await.unwrap();
    let (mut unknown, mut too_large, mut decode, mut saw_end) = (0, 0, 0, false);
    while let Some(e) = stream.next_event().await {
        match e {
            Ok(StreamEvent::Unknown(v)) => {
                assert_eq!(v["type"], "future-thing");
                unknown += 1;
            }
            Ok(StreamEvent::MessageEnd(_)) => saw_end = true,
            Ok(_) => {}
            Err(Error::TooLarge { limit, .. }) => {
                assert_eq!(limit, 4096);
                too_large += 1;
            }
            Err(Error::Decode { .. }) => decode += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((unknown, too_large, decode, saw_end), (1, 1, 1, true));
}

#[tokio::test]
async fn dropping_a_stream_closes_its_connection() {
    let server = mock(MockConfig {
        deltas: 200,
        delta_delay: Duration::from_millis(20),
        ..Default::default()
    })
    .await;
    let client = builder_for(&server).build().unwrap();
    let mut stream = client.chat_stream(&request("x")).await.unwrap();
    stream.next_event().await.unwrap().unwrap();
    stream.next_event().await.unwrap().unwrap();
    assert_eq!(server.stats().open_connections, 1);
    drop(stream);
    support::wait_for(&server, |s| s.open_connections == 0).await;
}

#[tokio::test]
async fn embed_and_rerank() {
    let server = mock(tls(true)).await;
    let client = builder_for(&server).build().unwrap();
    let req = EmbedRequest {
        texts: Some(vec!["hello".into(), "world".into()]),
        input_type: Some(cohere_edge::EmbedInputType::SearchDocument),
        embedding_types: Some(vec![
            cohere_edge::EmbeddingType::Float,
            cohere_edge::EmbeddingType::Int8,
        ]),
        output_dimension: Some(16),
        ..EmbedRequest::new("embed-v4.0")
    };
    let e = client.embed(&req).await.unwrap();
    let float = e.embeddings.float.unwrap();
    assert_eq!((float.len(), float[0].len()), (2, 16));
    assert_eq!(e.embeddings.int8.unwrap().len(), 2);
    let r = client
        .rerank(&RerankRequest {
            top_n: Some(2),
            ..RerankRequest::new(
                "rerank-v3.5",
                "capital of France",
                vec![
                    "Rome".into(),
                    "Paris is the capital of France".into(),
                    "Berlin".into(),
                ],
            )
        })
        .await
        .unwrap();
    assert_eq!(r.results.len(), 2);
    assert_eq!(r.results[0].index, 1);
    assert!(r.results[0].relevance_score >= r.results[1].relevance_score);
}
