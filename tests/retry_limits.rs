//! Retries that never multiply an outage (issue 20), against cohere-mock: the
//! retry budget under a total 503 outage with many concurrent calls (attempts
//! counted at the server), the client-wide rate-limit window with queued calls
//! (429s counted at the server), a call whose deadline falls inside a window, and
//! a single sequential caller that keeps all its retries. The bucket's arithmetic
//! is unit-tested on a paused clock in src/retry_budget.rs; the same behaviour in
//! Node is tests/js/retry_limits.test.mjs.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use cohere_edge::{
    ChatMessage, ChatRequest, Client, ClientBuilder, Error, RequestOptions, RetryBudget, RetryStop,
};
use cohere_mock::{MockConfig, MockServer};
use futures_util::stream::{self, StreamExt};

/// Longest any test may take before it counts as a hang.
const DEADLINE: Duration = Duration::from_secs(60);

fn request() -> ChatRequest {
    ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("retry limits")])
}

async fn mock(fault: Option<&str>) -> MockServer {
    MockServer::start(MockConfig {
        fault: fault.map(str::to_owned),
        ..Default::default()
    })
    .await
    .unwrap()
}

fn client_for(server: &MockServer) -> ClientBuilder {
    Client::builder().api_key("test-key").base_url(server.url())
}

/// Runs `calls` chats, `concurrency` at a time, each with `options`; returns
/// every outcome.
async fn burst(
    client: &Client,
    calls: usize,
    concurrency: usize,
    options: RequestOptions,
) -> Vec<Result<(), Error>> {
    let run = stream::iter(0..calls)
        .map(|_| {
            let options = options.clone();
            async move { client.chat_with(&request(), &options).await.map(|_| ()) }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>();
    tokio::time::timeout(DEADLINE, run).await.expect("no hang")
}

#[tokio::test]
async fn a_total_outage_with_64_concurrent_calls_gets_at_most_a_quarter_more_attempts() {
    // Every request is answered 503 with no Retry-After: the default backoff applies.
    let server = mock(Some("status=503")).await;
    let client = client_for(&server).build().unwrap();
    let outcomes = burst(&client, 256, 64, RequestOptions::new()).await;

    let attempts = server.stats().requests;
    let per_call = attempts as f64 / 256.0;
    println!("256 calls, 64 at a time, all 503: {attempts} attempts, {per_call:.3} a call");
    assert!(per_call <= 1.25, "{attempts} attempts for 256 calls");
    // Each call still fails with its typed 503; those refused a retry say so.
    let mut stopped = 0;
    for outcome in &outcomes {
        let e = outcome.as_ref().unwrap_err();
        assert_eq!(e.kind(), "ServiceUnavailable", "{e:?}");
        assert!(e.is_retryable());
        if e.retry_stop() == Some(RetryStop::BudgetSpent) {
            stopped += 1;
            assert!(e.to_string().contains("retry budget is spent"), "{e}");
        }
    }
    let stats = client.stats();
    assert!(stopped > 0);
    assert_eq!(stats.retries_skipped, stopped);
    assert_eq!(
        stats.requests, attempts,
        "the client counted what the server saw"
    );
}

#[tokio::test]
async fn without_a_budget_every_call_takes_all_its_retries() {
    // The control: the budget is what bounds the test above.
    let server = mock(Some("status=503;retry-after-ms=10")).await;
    let client = client_for(&server).retry_budget(None).build().unwrap();
    let outcomes = burst(&client, 64, 64, RequestOptions::new()).await;
    assert!(outcomes
        .iter()
        .all(|o| o.as_ref().unwrap_err().kind() == "ServiceUnavailable"));
    assert_eq!(server.stats().requests, 64 * 3);
    assert_eq!(client.stats().retries_skipped, 0);
}

#[tokio::test]
async fn a_rate_limit_window_holds_queued_calls_and_all_succeed() {
    // 429 with Retry-After: 1 for one second from the first request, then success.
    let server = mock(Some("status=429;retry-after=1;for-ms=1000;key=window")).await;
    let client = client_for(&server).build().unwrap();
    let outcomes = burst(&client, 256, 16, RequestOptions::new()).await;

    let stats = server.stats();
    println!(
        "256 calls, 16 at a time, 429 for 1 s: {} 429s sent, {} requests",
        stats.fault_status_responses, stats.requests
    );
    for outcome in &outcomes {
        assert!(outcome.is_ok(), "{outcome:?}");
    }
    assert!(
        stats.fault_status_responses <= 32,
        "{} 429s for 16 concurrent calls",
        stats.fault_status_responses
    );
    assert_eq!(stats.requests, 256 + stats.fault_status_responses);
    assert_eq!(
        client.stats().retries_skipped,
        0,
        "429s that name their wait cost nothing"
    );
}

#[tokio::test]
async fn calls_started_inside_a_window_wait_for_its_end_instead_of_sending() {
    // One call hears the 429 (Retry-After: 1, the server limiting for 1 s); the
    // 64 calls that start after it are held by the client, not sent into the window.
    let server = mock(Some("status=429;retry-after=1;for-ms=1000;key=held")).await;
    let client = client_for(&server).build().unwrap();
    let first = client
        .chat_with(&request(), &RequestOptions::new().max_retries(0))
        .await
        .unwrap_err();
    assert_eq!(first.kind(), "TooManyRequests");
    let outcomes = burst(&client, 64, 64, RequestOptions::new()).await;
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    let stats = server.stats();
    assert_eq!(stats.fault_status_responses, 1, "{stats:?}");
    assert_eq!(stats.requests, 65);
    let client_stats = client.stats();
    assert_eq!(client_stats.retries, 0);
    assert!(client_stats.rate_limit_wait > Duration::ZERO);
}

#[tokio::test]
async fn a_call_whose_deadline_falls_inside_the_window_fails_fast_unsent() {
    let server = mock(None).await;
    let client = client_for(&server).build().unwrap();
    // One call hears 429 with a 20 s window (and may not retry).
    let fault = RequestOptions::new()
        .max_retries(0)
        .header("x-mock-fault", "status=429;retry-after=20;times=1;key=ff");
    let first = client.chat_with(&request(), &fault).await.unwrap_err();
    assert_eq!(first.kind(), "TooManyRequests");
    assert_eq!(first.retry_stop(), None, "it simply had no retries");

    // A later call that must end within 5 s fails at once, with that 429, unsent.
    let short = RequestOptions::new().timeout(Duration::from_secs(5));
    let e = tokio::time::timeout(Duration::from_secs(4), client.chat_with(&request(), &short))
        .await
        .expect("fails fast, not after its timeout")
        .unwrap_err();
    assert_eq!(e.kind(), "TooManyRequests", "{e:?}");
    assert_eq!(e.status(), Some(429));
    assert_eq!(e.retry_stop(), Some(RetryStop::RateLimitWindow));
    assert_eq!(e.request_id(), first.request_id());
    assert!(e.is_retryable());
    assert_eq!(server.stats().requests, 1, "the second call was never sent");
}

#[tokio::test]
async fn a_single_sequential_caller_keeps_its_normal_retries() {
    // 30 calls one after another, each answered 503 twice before it succeeds, the
    // server asking for 1 ms waits: 60 retries in a moment, six times the saved
    // budget, and none is refused.
    let server = mock(None).await;
    let client = client_for(&server).build().unwrap();
    for i in 0..30 {
        let fault = format!("status=503;retry-after-ms=1;times=2;key=seq-{i}");
        let options = RequestOptions::new().header("x-mock-fault", fault);
        let before = client.stats().retries;
        tokio::time::timeout(DEADLINE, client.chat_with(&request(), &options))
            .await
            .expect("no hang")
            .unwrap_or_else(|e| panic!("call {i}: {e}"));
        assert_eq!(client.stats().retries - before, 2, "call {i}");
    }
    let stats = client.stats();
    assert_eq!((stats.retries, stats.retries_skipped), (60, 0));
    assert_eq!(server.stats().requests, 90);
}

#[tokio::test]
async fn a_budget_of_nothing_still_lets_one_caller_retry_but_not_two() {
    // With no tokens ever, only a call that retries alone may retry: of two calls
    // that fail together, exactly one retries.
    let server = mock(Some("status=503;retry-after-ms=1000")).await;
    let none = RetryBudget::new()
        .ratio(0.0)
        .min_per_second(0.0)
        .max_saved(0.0);
    let client = client_for(&server)
        .retry_budget(none)
        .max_retries(1)
        .build()
        .unwrap();
    let outcomes = burst(&client, 2, 2, RequestOptions::new()).await;
    let stops: Vec<_> = outcomes
        .iter()
        .map(|o| o.as_ref().unwrap_err().retry_stop())
        .collect();
    assert!(
        stops.contains(&None) && stops.contains(&Some(RetryStop::BudgetSpent)),
        "{stops:?}"
    );
    assert_eq!(server.stats().requests, 3);
}
