//! Connection reuse that never misses (the native pool): sequential calls on one
//! connection every run with the CPU kept busy, one HTTP/2 connection for a cold
//! burst, HTTP/2 spread past the server's stream limit, the cap on sockets (not
//! streams), and warm-up. Counted at the server (cohere-mock, and an independent
//! hyper server) and by the client; no timing assertions.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{builder_for, mock, request, spawn_calls, tls, wait_for};

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cohere_edge::{Client, StreamEvent};
use cohere_mock::MockConfig;
use tokio::sync::Notify;

/// Threads that keep every core busy until dropped, so that the tasks hyper and
/// the pool run on get scheduled late, as on a loaded machine.
struct BusyCpu {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl BusyCpu {
    fn start() -> BusyCpu {
        let stop = Arc::new(AtomicBool::new(false));
        let n = std::thread::available_parallelism().map_or(2, |n| n.get());
        let threads = (0..n)
            .map(|_| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(
                            x.wrapping_mul(6364136223846793005).wrapping_add(1),
                        );
                    }
                })
            })
            .collect();
        BusyCpu { stop, threads }
    }
}

impl Drop for BusyCpu {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

const RUNS: usize = 20;
const CALLS: usize = 25;

/// `RUNS` fresh clients, each making `CALLS` sequential calls (chats and streams
/// read to their end, alternately), must each open exactly one connection.
async fn sequential_runs(base_url: &str, ca: Option<String>, accepted: impl Fn() -> u64) {
    let _busy = BusyCpu::start();
    for run in 0..RUNS {
        let before = accepted();
        let mut b = Client::builder().api_key("test-key").base_url(base_url);
        if let Some(pem) = &ca {
            b = b.add_root_certificate(pem);
        }
        let client = b.build().unwrap();
        for i in 0..CALLS {
            // By the global count: the independent server answers in order.
            if (run * CALLS + i).is_multiple_of(2) {
                client.chat(&request("hi")).await.unwrap();
            } else {
                let stream = client.chat_stream(&request("hi")).await.unwrap();
                stream.into_response().await.unwrap();
            }
        }
        let opened = client.stats().connections_opened;
        assert_eq!(
            opened, 1,
            "run {run}: the client opened {opened} connections"
        );
        assert_eq!(
            accepted() - before,
            1,
            "run {run}: the server accepted more than one"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequential_http1_calls_use_one_connection_every_run_plain() {
    let server = mock(MockConfig {
        http2: false,
        ..Default::default()
    })
    .await;
    sequential_runs(&server.url(), None, || server.stats().connections_accepted).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequential_http1_calls_use_one_connection_every_run_tls() {
    let server = mock(tls(false)).await;
    sequential_runs(&server.url(), server.ca_pem(), || {
        server.stats().connections_accepted
    })
    .await;
    assert_eq!(server.stats().tls_handshakes, RUNS as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequential_http1_calls_use_one_connection_every_run_independent_server() {
    // A plain hyper HTTP/1.1 server, none of cohere-mock's own machinery.
    let reply = r#"{"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"ok"}]}}"#;
    let stream = "event: message-start\ndata: {\"type\":\"message-start\",\"id\":\"x\",\"delta\":{\"message\":{\"role\":\"assistant\"}}}\n\nevent: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\"}}\n\n";
    let mut answers = Vec::new();
    for i in 0..RUNS * CALLS {
        answers.push(if i % 2 == 0 {
            support::json(200, reply)
        } else {
            support::sse(stream)
        });
    }
    let server = support::FixtureServer::start(answers).await;
    sequential_runs(&server.url(), None, || server.accepted() as u64).await;
}

/// Starts `n` calls at once from a fresh client and waits for all of them.
async fn burst(client: &Client, n: usize, streams: bool) {
    let tasks = spawn_calls(client, n, move |c, i| async move {
        if streams {
            let s = c.chat_stream(&request(&format!("s{i}"))).await?;
            s.into_response().await.map(drop)
        } else {
            c.chat(&request(&format!("c{i}"))).await.map(drop)
        }
    });
    for t in tasks {
        t.await.unwrap().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_burst_to_an_h2_server_shares_one_connection() {
    for (n, streams) in [(64, false), (200, true)] {
        let server = mock(tls(true)).await;
        let client = builder_for(&server).build().unwrap();
        burst(&client, n, streams).await;
        let s = server.stats();
        assert_eq!(s.requests, n as u64);
        assert_eq!(
            (s.connections_accepted, s.tls_handshakes),
            (1, 1),
            "{n} concurrent {}: {s:?}",
            if streams { "streams" } else { "chats" }
        );
        assert_eq!(client.stats().connections_opened, 1);
        assert_eq!(client.stats().tls_handshakes, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_burst_to_an_http1_server_still_runs_in_parallel() {
    // The first connection says HTTP/1.1: the waiting requests open their own,
    // and the origin is remembered, so the next burst does not wait at all.
    let server = mock(tls(false)).await;
    let client = builder_for(&server)
        .max_connections(16)
        .default_header("x-mock-fault", "delay-headers-ms=50")
        .build()
        .unwrap();
    burst(&client, 16, false).await;
    let s = server.stats();
    assert_eq!(s.requests, 16);
    assert!(s.connections_accepted > 1, "ran one at a time: {s:?}");
    assert!(s.max_open_connections <= 16, "{s:?}");
}

/// Holds `n` streams open at once: resolves when every one has its first event
/// while none has finished (so none could have waited for another to end).
async fn hold_streams_open(client: &Client, n: usize) {
    let started = Arc::new(AtomicUsize::new(0));
    let all_started = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let tasks = spawn_calls(client, n, |c, i| {
        let (started, all_started, release) =
            (started.clone(), all_started.clone(), release.clone());
        async move {
            let mut s = c.chat_stream(&request(&format!("s{i}"))).await.unwrap();
            let first = s.next_event().await.unwrap().unwrap();
            assert!(matches!(first, StreamEvent::MessageStart(_)), "{first:?}");
            let wait = release.notified();
            if started.fetch_add(1, Ordering::SeqCst) + 1 == n {
                all_started.notify_one();
            }
            wait.await;
            drop(s);
        }
    });
    // A liveness guard only: if requests queued behind others they would never
    // start, since none finishes before this returns.
    tokio::time::timeout(Duration::from_secs(120), all_started.notified())
        .await
        .unwrap_or_else(|_| {
            panic!(
                "only {} of {n} streams started while all were held open",
                started.load(Ordering::SeqCst)
            )
        });
    release.notify_waiters();
    for t in tasks {
        t.await.unwrap();
    }
}

/// A mock whose streams stay open (one delta a minute), HTTP/2 over TLS.
fn slow_h2(max_streams: Option<u32>) -> MockConfig {
    MockConfig {
        delta_delay: Duration::from_secs(60),
        http2_max_concurrent_streams: max_streams,
        ..tls(true)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h2_spreads_past_the_server_stream_limit() {
    let server = mock(slow_h2(Some(200))).await;
    let client = builder_for(&server).build().unwrap();
    hold_streams_open(&client, 1000).await;
    let s = server.stats();
    // 1,000 streams at 200 a connection: five connections, all at once.
    assert_eq!(s.connections_accepted, 5, "{s:?}");
    assert_eq!(client.stats().connections_opened, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_connections_bounds_sockets_not_h2_streams() {
    let server = mock(slow_h2(None)).await;
    let client = builder_for(&server).max_connections(2).build().unwrap();
    // 150 streams, more than the 100 a connection is assumed to take before the
    // server's SETTINGS (hyper's default: 200) arrive: still one connection.
    hold_streams_open(&client, 150).await;
    let s = server.stats();
    assert_eq!(s.connections_accepted, 1, "{s:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warm_opens_the_connection_without_sending_a_request() {
    for http2 in [true, false] {
        let server = mock(tls(http2)).await;
        let client = builder_for(&server).build().unwrap();
        client.warm().await.unwrap();
        client.warm().await.unwrap();
        // The server counts its side of the handshake a moment after the client
        // finished its own.
        let s = wait_for(&server, |s| s.tls_handshakes >= 1).await;
        assert_eq!(
            (s.connections_accepted, s.tls_handshakes, s.requests),
            (1, 1, 0),
            "http2 {http2}: {s:?}"
        );
        for _ in 0..3 {
            client.chat(&request("hi")).await.unwrap();
        }
        let s = server.stats();
        assert_eq!((s.connections_accepted, s.requests), (1, 3), "{s:?}");
        assert_eq!(client.stats().connections_opened, 1);
        assert_eq!(client.stats().requests, 3);
    }
}

#[tokio::test]
async fn warm_fails_like_a_call_when_the_server_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let err = client.warm().await.unwrap_err();
    assert!(matches!(err, cohere_edge::Error::Connect(_)), "{err:?}");
}

#[tokio::test]
async fn connect_timeout_reports_its_own_length() {
    // A server that accepts TCP and never answers the TLS handshake: the connect
    // timeout (not the whole call's) is what ends the attempt.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let held = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            sockets.push(s);
        }
    });
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("https://{addr}"))
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(60))
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.chat(&request("x")).await.unwrap_err();
    match &err {
        cohere_edge::Error::Timeout(cohere_edge::TimeoutKind::Connect(d)) => {
            assert_eq!(*d, Duration::from_millis(200));
            assert!(err.to_string().contains("within 0.2s"), "{err}");
        }
        other => panic!("expected a connect timeout, got {other:?}"),
    }
    held.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_client_closes_its_idle_connections() {
    // The pool holds each connection's sender and each connection task counts
    // its socket in the pool: neither may keep the other alive.
    for http2 in [false, true] {
        let server = mock(tls(http2)).await;
        let client = builder_for(&server).build().unwrap();
        burst(&client, 8, false).await;
        assert!(server.stats().open_connections >= 1);
        drop(client);
        let s = wait_for(&server, |s| s.open_connections == 0).await;
        assert_eq!(s.connections_closed, s.connections_accepted, "{s:?}");
    }
}
