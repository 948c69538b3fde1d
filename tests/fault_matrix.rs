//! The fault matrix: every fault the client must survive, each with its one exact
//! outcome (success after so many retries, or one specific error kind), run against
//! cohere-mock (faults per request through `x-mock-fault`) or a fixture server on
//! loopback, each under a deadline so that a hang is a failure too. The same faults in
//! Node, for the npm package, are in tests/js/faults.test.mjs. tests/native.rs looks
//! closer at some of them (which events arrived before a cut or a stall, which timeout
//! fired, the partial reply); tests/security.rs has the untrusted certificate.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use cohere_edge::{ChatMessage, ChatRequest, Client, ClientBuilder, RequestOptions, StreamEvent};
use cohere_mock::{MockConfig, MockServer};
use support::{Canned, FixtureServer};

/// Longest any case may take before it counts as a hang.
const DEADLINE: Duration = Duration::from_secs(10);

fn request() -> ChatRequest {
    ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("fault matrix")])
}

/// What one call came to.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// The call succeeded after `retries` retries.
    Ok { retries: u64 },
    /// The call failed with this error kind.
    Err(&'static str),
    /// A stream: the error kinds it yielded in order, and whether it reached message-end.
    Stream {
        errors: Vec<&'static str>,
        completed: bool,
    },
}

enum Call {
    Chat,
    Stream,
}

struct Case {
    name: &'static str,
    fault: &'static str,
    call: Call,
    expect: Outcome,
}

fn ok(retries: u64) -> Outcome {
    Outcome::Ok { retries }
}

fn stream(errors: &[&'static str], completed: bool) -> Outcome {
    Outcome::Stream {
        errors: errors.to_vec(),
        completed,
    }
}

/// Runs one call and reduces it to its outcome.
async fn run(client: &Client, call: &Call, options: RequestOptions) -> Outcome {
    let before = client.stats().retries;
    match call {
        Call::Chat => match client.chat_with(&request(), &options).await {
            Ok(_) => ok(client.stats().retries - before),
            Err(e) => Outcome::Err(e.kind()),
        },
        Call::Stream => {
            let mut events = match client.chat_stream_with(&request(), &options).await {
                Ok(s) => s,
                Err(e) => return Outcome::Err(e.kind()),
            };
            let (mut errors, mut completed) = (Vec::new(), false);
            while let Some(item) = events.next_event().await {
                match item {
                    Ok(StreamEvent::MessageEnd(_)) => completed = true,
                    Ok(_) => {}
                    Err(e) => errors.push(e.kind()),
                }
            }
            stream(&errors, completed)
        }
    }
}

fn client_for(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .timeout(Duration::from_secs(2))
        .stream_idle_timeout(Duration::from_millis(400))
        .max_event_bytes(4096)
}

/// The faults cohere-mock produces per request. `key=` keeps each case's `times`
/// counter apart.
fn mock_cases() -> Vec<Case> {
    use Call::*;
    vec![
        Case {
            name: "stale pooled connection: closed with no response, resent once",
            fault: "drop;times=1;key=stale",
            call: Chat,
            expect: ok(1),
        },
        Case {
            name: "reset before the headers, every attempt",
            fault: "drop",
            call: Chat,
            expect: Outcome::Err("Connect"),
        },
        Case {
            name: "reset mid-stream",
            fault: "cut-after=3",
            call: Stream,
            expect: stream(&["StreamInterrupted"], false),
        },
        Case {
            name: "malformed JSON event: one error, the stream goes on",
            fault: "malformed-event",
            call: Stream,
            expect: stream(&["Decode"], true),
        },
        Case {
            name: "oversized event (10000 bytes, limit 4096): one error, the stream goes on",
            fault: "oversized-event=10000",
            call: Stream,
            expect: stream(&["TooLarge"], true),
        },
        Case {
            name: "invalid UTF-8 in an event: one error, the stream goes on",
            fault: "invalid-utf8",
            call: Stream,
            expect: stream(&["Decode"], true),
        },
        Case {
            name: "429 with Retry-After in seconds",
            fault: "status=429;retry-after=1;times=1;key=ra-s",
            call: Chat,
            expect: ok(1),
        },
        Case {
            name: "429 with Retry-After as an HTTP date",
            fault: "status=429;retry-after-date=1;times=1;key=ra-date",
            call: Chat,
            expect: ok(1),
        },
        Case {
            name: "429 with retry-after-ms",
            fault: "status=429;retry-after-ms=50;times=2;key=ra-ms",
            call: Chat,
            expect: ok(2),
        },
        Case {
            name: "429 with X-RateLimit-Reset",
            fault: "status=429;ratelimit-reset=1;times=1;key=ra-reset",
            call: Chat,
            expect: ok(1),
        },
        Case {
            name: "503 with Retry-After in seconds",
            fault: "status=503;retry-after=0;times=1;key=503-s",
            call: Chat,
            expect: ok(1),
        },
        Case {
            name: "503 with Retry-After as an HTTP date",
            fault: "status=503;retry-after-date=1;times=1;key=503-date",
            call: Chat,
            expect: ok(1),
        },
        Case {
            name: "503 on every attempt: retries run out",
            fault: "status=503;retry-after-ms=10",
            call: Chat,
            expect: Outcome::Err("ServiceUnavailable"),
        },
        Case {
            name: "429 on every attempt: retries run out",
            fault: "status=429;retry-after-ms=10",
            call: Chat,
            expect: Outcome::Err("TooManyRequests"),
        },
        Case {
            name: "slow headers: the request timeout (2 s)",
            fault: "delay-headers-ms=8000",
            call: Chat,
            expect: Outcome::Err("Timeout"),
        },
        Case {
            name: "stalled stream: the idle timeout (400 ms)",
            fault: "stall-ms=8000",
            call: Stream,
            expect: stream(&["StreamInterrupted"], false),
        },
        Case {
            name: "401",
            fault: "status=401",
            call: Chat,
            expect: Outcome::Err("Unauthorized"),
        },
        Case {
            name: "498",
            fault: "status=498",
            call: Chat,
            expect: Outcome::Err("InvalidToken"),
        },
        Case {
            name: "401 on a stream",
            fault: "status=401",
            call: Stream,
            expect: Outcome::Err("Unauthorized"),
        },
    ]
}

#[tokio::test]
async fn every_mock_fault_has_its_exact_outcome() {
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    // Retries wait as the server asks, but never longer than this in a test.
    let client = client_for(&server).max_retries(2).build().unwrap();
    let mut failures = Vec::new();
    for case in mock_cases() {
        let started = Instant::now();
        let options = RequestOptions::new().header("x-mock-fault", case.fault);
        let outcome = tokio::time::timeout(DEADLINE, run(&client, &case.call, options)).await;
        let took = started.elapsed();
        match outcome {
            Ok(outcome) if outcome == case.expect => {
                println!("ok   {:<70} {:?} in {took:.2?}", case.name, outcome)
            }
            Ok(outcome) => failures.push(format!(
                "{}: expected {:?}, got {outcome:?}",
                case.name, case.expect
            )),
            Err(_) => failures.push(format!("{}: still running after {DEADLINE:?}", case.name)),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn a_server_that_closes_after_each_response_loses_nothing() {
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    let client = client_for(&server).max_retries(0).build().unwrap();
    for _ in 0..5 {
        let options = RequestOptions::new().header("x-mock-fault", "close-after-response");
        let outcome = tokio::time::timeout(DEADLINE, run(&client, &Call::Chat, options))
            .await
            .expect("no hang");
        assert_eq!(outcome, ok(0));
    }
    let stats = server.stats();
    assert_eq!(stats.requests, 5);
    assert_eq!(stats.connections_accepted, 5, "{stats:?}");
}

#[tokio::test]
async fn a_stale_pooled_connection_is_replaced() {
    // The server closes idle connections after 100 ms. Once the pool has seen its
    // connection close, the next call opens a new one with no retry of its own. (A
    // connection that closes unseen, as the request goes out, is resent once: the
    // "stale pooled connection" case of the matrix above.)
    let server = MockServer::start(MockConfig {
        idle_timeout: Some(Duration::from_millis(100)),
        ..Default::default()
    })
    .await
    .unwrap();
    let client = client_for(&server).max_retries(0).build().unwrap();
    assert_eq!(
        run(&client, &Call::Chat, RequestOptions::new()).await,
        ok(0)
    );
    // Event-driven, no margin: the server closes the idle connection, and the
    // client's connection task sees the socket end.
    support::wait_for(&server, |s| s.connections_closed == 1).await;
    support::wait_until(
        || client.open_connections() == 0,
        || format!("the pool still holds {}", client.open_connections()),
    )
    .await;
    assert_eq!(
        run(&client, &Call::Chat, RequestOptions::new()).await,
        ok(0)
    );
    assert_eq!(server.stats().connections_accepted, 2);
}

#[tokio::test]
async fn connection_refused_is_connect() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(1)
        .build()
        .unwrap();
    let err = tokio::time::timeout(DEADLINE, client.chat(&request()))
        .await
        .expect("no hang")
        .unwrap_err();
    assert_eq!(err.kind(), "Connect", "{err:?}");
    assert!(err.is_connect() && err.is_retryable(), "{err:?}");
    // The cause is kept: the chain of sources reaches the refused TCP connect.
    assert!(
        support::io_errors_under(&err)
            .iter()
            .any(|e| e.kind() == std::io::ErrorKind::ConnectionRefused),
        "no refused io::Error in {:?}",
        support::error_chain(&err)
    );
}

#[tokio::test]
async fn a_truncated_event_at_the_end_of_the_body_is_interrupted() {
    // The body ends in the middle of an event: its half is not an event.
    let body = "event: message-start\ndata: {\"type\":\"message-start\",\"id\":\"x\",\"delta\":{\"message\":{\"role\":\"assistant\"}}}\n\n\
                event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hel";
    let fixture = FixtureServer::start(vec![support::sse(body)]).await;
    let client = Client::builder()
        .api_key("k")
        .base_url(fixture.url())
        .max_retries(0)
        .build()
        .unwrap();
    let outcome =
        tokio::time::timeout(DEADLINE, run(&client, &Call::Stream, RequestOptions::new()))
            .await
            .expect("no hang");
    assert_eq!(outcome, stream(&["StreamInterrupted"], false));
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_the_key_stays_home() {
    let secret = "sk-redirect-secret";
    let elsewhere = FixtureServer::start(vec![support::json(200, "{}")]).await;
    let redirect = Canned {
        status: 307,
        content_type: "text/plain",
        body: bytes::Bytes::from_static(b"moved"),
        headers: vec![("location", format!("{}/v2/chat", elsewhere.url()))],
    };
    let origin = FixtureServer::start(vec![redirect]).await;
    let client = Client::builder()
        .api_key(secret)
        .base_url(origin.url())
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.chat(&request()).await.unwrap_err();
    assert_eq!(err.kind(), "Api", "{err:?}");
    assert_eq!(err.status(), Some(307));
    assert!(!format!("{err} {err:?}").contains(secret));
    assert!(
        elsewhere.seen().is_empty(),
        "nothing reached the other host"
    );
    assert_eq!(origin.seen().len(), 1);
}

#[tokio::test]
async fn a_server_that_closes_after_n_requests_loses_nothing() {
    // The server closes each connection after its 3rd request (saying so with
    // `connection: close` on that response): the client moves to a new connection
    // each time, with no error and no retry.
    let server = MockServer::start(MockConfig {
        close_after_requests: Some(3),
        ..Default::default()
    })
    .await
    .unwrap();
    let client = client_for(&server).max_retries(0).build().unwrap();
    for _ in 0..10 {
        let outcome =
            tokio::time::timeout(DEADLINE, run(&client, &Call::Chat, RequestOptions::new()))
                .await
                .expect("no hang");
        assert_eq!(outcome, ok(0));
    }
    let stats = server.stats();
    assert_eq!(stats.connections_accepted, 4, "{stats:?}");
}
