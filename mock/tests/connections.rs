//! Transport behaviour: keep-alive, counters, TLS, HTTP/2, RTT proxy, idle timeout,
//! close after N requests, shutdown.

mod common;

use std::time::{Duration, Instant};

use cohere_mock::{MockConfig, MockServer};
use common::*;

#[tokio::test]
async fn keep_alive_reuses_one_connection() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    for _ in 0..3 {
        let r = chat(&c, &server).await;
        assert_eq!(r.version(), reqwest::Version::HTTP_11);
        r.bytes().await.unwrap();
    }
    let s = server.stats();
    assert_eq!(
        (
            s.connections_accepted,
            s.requests,
            s.open_connections,
            s.max_open_connections,
            s.connections_closed
        ),
        (1, 3, 1, 1, 0)
    );
    assert_eq!(s.tls_handshakes, 0);
    drop(c);
    assert!(
        eventually(|| server.stats().open_connections == 0).await,
        "{:?}",
        server.stats()
    );
    assert_eq!(server.stats().connections_closed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_open_concurrent_connections() {
    let server = start(MockConfig {
        delta_delay: Duration::from_millis(20),
        deltas: 5,
        ..MockConfig::default()
    })
    .await;
    let c = client(false);
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let c = c.clone();
            let url = format!("{}/v2/chat", server.url());
            tokio::spawn(body_of(
                c.post(url).bearer_auth("k").json(&chat_body("x", true)),
            ))
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let s = server.stats();
    assert_eq!(s.max_open_connections, 6, "{s:?}");
    assert_eq!(s.connections_accepted, 6);
    assert_eq!(s.requests, 6);
    server.reset_stats();
    let s = server.stats();
    assert_eq!(
        (s.requests, s.connections_accepted, s.max_open_connections),
        (0, 0, s.open_connections)
    );
}

#[tokio::test]
async fn h2c_prior_knowledge_multiplexes_on_one_connection() {
    let server = start(MockConfig::default()).await;
    let c = client(true);
    let (body_a, body_b) = (chat_body("a", true), chat_body("b", true));
    let (a, b) = tokio::join!(
        post(&c, &server, "/v2/chat", &body_a, &[]),
        post(&c, &server, "/v2/chat", &body_b, &[])
    );
    assert_eq!(a.version(), reqwest::Version::HTTP_2);
    assert_eq!(b.version(), reqwest::Version::HTTP_2);
    a.bytes().await.unwrap();
    b.bytes().await.unwrap();
    assert_eq!(server.stats().connections_accepted, 1);
}

#[tokio::test]
async fn tls_with_trusted_cert_negotiates_h2_and_counts_handshakes() {
    let server = start(MockConfig {
        tls: true,
        ..MockConfig::default()
    })
    .await;
    assert!(server.url().starts_with("https://127.0.0.1:"));
    assert!(server
        .ca_pem()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    let c = tls_client(&server).build().unwrap();
    for _ in 0..3 {
        let r = chat(&c, &server).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.version(), reqwest::Version::HTTP_2);
        r.bytes().await.unwrap();
    }
    let s = server.stats();
    assert_eq!(
        (s.connections_accepted, s.tls_handshakes, s.requests),
        (1, 1, 3)
    );

    // The certificate also names DNS "localhost".
    let by_name = tls_client(&server)
        .resolve("localhost", server.addr())
        .build()
        .unwrap();
    let r = by_name
        .get(format!(
            "https://localhost:{}/__stats",
            server.addr().port()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // An untrusting client fails the handshake.
    let strict = reqwest::Client::builder()
        .tls_certs_only([])
        .build()
        .unwrap();
    assert!(strict
        .get(format!("{}/__stats", server.url()))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn tls_http1_only_uses_http11() {
    let server = start(MockConfig {
        tls: true,
        http2: false,
        ..MockConfig::default()
    })
    .await;
    let c = tls_client(&server).build().unwrap();
    let r = post(&c, &server, "/v2/chat", &chat_body("x", true), &[]).await;
    assert_eq!(r.version(), reqwest::Version::HTTP_11);
    assert_eq!(parse_sse(&r.bytes().await.unwrap()).len(), 16);
}

#[tokio::test]
async fn rtt_adds_latency_per_connection_and_per_request() {
    let rtt = Duration::from_millis(100);
    let server = start(MockConfig {
        rtt,
        ..MockConfig::default()
    })
    .await;
    let c = client(false);
    let t = Instant::now();
    chat(&c, &server).await.bytes().await.unwrap();
    let first = t.elapsed();
    let t = Instant::now();
    chat(&c, &server).await.bytes().await.unwrap();
    let second = t.elapsed();
    assert!(
        first >= 2 * rtt,
        "new connection: one RTT to connect plus one for the request, got {first:?}"
    );
    assert!(second >= rtt, "reused connection: one RTT, got {second:?}");
    let s = server.stats();
    assert_eq!((s.connections_accepted, s.requests), (1, 2));
}

#[tokio::test]
async fn rtt_with_tls_pays_for_the_handshake() {
    let rtt = Duration::from_millis(80);
    let server = start(MockConfig {
        rtt,
        tls: true,
        ..MockConfig::default()
    })
    .await;
    let c = tls_client(&server).build().unwrap();
    let t = Instant::now();
    let r = chat(&c, &server).await;
    assert_eq!(r.status(), 200);
    r.bytes().await.unwrap();
    assert!(
        t.elapsed() >= 3 * rtt,
        "connect + TLS 1.3 handshake + request, got {:?}",
        t.elapsed()
    );
    assert_eq!(server.stats().tls_handshakes, 1);
}

#[tokio::test]
async fn idle_timeout_closes_idle_connections() {
    let server = start(MockConfig {
        idle_timeout: Some(Duration::from_millis(150)),
        ..MockConfig::default()
    })
    .await;
    let c = client(false);
    // A slow stream longer than the idle timeout is not cut: a request is in flight.
    let r = chat_with_fault(&c, &server, "x", true, "stall-ms=300").await;
    assert_eq!(
        names(&parse_sse(&r.bytes().await.unwrap())).last().unwrap(),
        "message-end"
    );
    assert_eq!(server.stats().open_connections, 1);
    // Event-driven: wait for the close instead of sleeping a fixed margin.
    assert!(eventually(|| server.stats().open_connections == 0).await);
    let s = server.stats();
    assert_eq!((s.open_connections, s.connections_closed), (0, 1), "{s:?}");
    // The client recovers with a new connection.
    assert_eq!(chat(&c, &server).await.status(), 200);
    assert_eq!(server.stats().connections_accepted, 2);
}

/// `close_after_requests: Some(2)`: every second response ends its connection, which
/// HTTP/1.1 says with `connection: close` and HTTP/2 (which has no such header) with
/// GOAWAY; the next request needs a new connection.
async fn closes_after_two_requests(h2c: bool) {
    let server = start(MockConfig {
        close_after_requests: Some(2),
        ..MockConfig::default()
    })
    .await;
    let c = client(h2c);
    for i in 1..=4 {
        let r = chat(&c, &server).await;
        let close = r
            .headers()
            .get("connection")
            .map(|v| v.to_str().unwrap().to_string());
        let says_close = i % 2 == 0 && !h2c;
        assert_eq!(
            close.as_deref(),
            says_close.then_some("close"),
            "request {i}"
        );
        r.bytes().await.unwrap();
        if i % 2 == 0 {
            assert!(eventually(|| server.stats().open_connections == 0).await);
        }
    }
    assert_eq!(server.stats().connections_accepted, 2);
}

#[tokio::test]
async fn close_after_requests_http1() {
    closes_after_two_requests(false).await;
}

#[tokio::test]
async fn close_after_requests_http2_sends_goaway() {
    closes_after_two_requests(true).await;
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let server = start(MockConfig::default()).await;
    let addr = server.addr();
    let c = client(false);
    chat(&c, &server).await.bytes().await.unwrap();
    server.shutdown().await;
    assert!(c
        .get(format!("http://{addr}/__stats"))
        .send()
        .await
        .is_err());

    let server = MockServer::start(MockConfig::default()).await.unwrap();
    let addr = server.addr();
    drop(server);
    // A bounded poll, not a margin: the listener closes once its task is dropped.
    assert!(
        eventually(|| std::net::TcpStream::connect(addr).is_err()).await,
        "{addr} still accepts connections after the server was dropped"
    );
}
