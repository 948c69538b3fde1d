//! Security properties of the native client: the key never leaves through Debug,
//! Display, errors or tracing; plain http only to loopback unless allowed
//! explicitly; TLS verification has no off switch (only extra roots), and an
//! untrusted certificate is a connect error that keeps its cause. The redirect
//! case (no Authorization to another origin) is in tests/fault_matrix.rs.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cohere_edge::{ChatMessage, ChatRequest, Client, ClientBuilder, RequestOptions};
use cohere_mock::{MockConfig, MockServer};

const SECRET: &str = "sk-live-very-secret-0123456789";

fn request() -> ChatRequest {
    ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("hello")])
}

/// A tracing writer that keeps everything written to it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_key_never_shows_in_debug_display_errors_or_tracing() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start(MockConfig {
        api_key: Some("the-right-key".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let builder = Client::builder()
        .api_key(SECRET)
        .base_url(server.url())
        .max_retries(2)
        .timeout(Duration::from_secs(2));
    let mut seen = vec![format!("{builder:?}")];
    let client = builder.build().unwrap();
    seen.push(format!("{client:?}"));
    // A rejected key, retried failures, a timeout and a stream: every path that logs.
    let unauthorized = client.chat(&request()).await.unwrap_err();
    let retried = client
        .chat_with(
            &request(),
            &RequestOptions::new().header("x-mock-fault", "status=503;retry-after-ms=5"),
        )
        .await
        .unwrap_err();
    let stream = client.chat_stream(&request()).await.unwrap_err();
    for e in [&unauthorized, &retried, &stream] {
        seen.push(format!("{e}"));
        seen.push(format!("{e:?}"));
    }
    seen.push(String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned());
    assert!(
        seen.last().unwrap().contains("retrying"),
        "tracing was captured"
    );
    for text in &seen {
        assert!(!text.contains(SECRET), "the key leaked: {text}");
        assert!(
            !text.contains("very-secret"),
            "part of the key leaked: {text}"
        );
    }
}

/// The `Config` error `builder` (given a key) fails to build with.
fn config_error(builder: ClientBuilder) -> cohere_edge::Error {
    let e = builder.api_key("k").build().unwrap_err();
    assert_eq!(e.kind(), "Config", "{e:?}");
    e
}

#[test]
fn plain_http_is_refused_for_other_hosts_unless_allowed() {
    let refused = config_error(Client::builder().base_url("http://api.example.com"));
    assert!(refused.to_string().contains("http"), "{refused}");
    for loopback in ["http://127.0.0.1:9", "http://[::1]:9", "http://localhost:9"] {
        Client::builder()
            .api_key("k")
            .base_url(loopback)
            .build()
            .unwrap_or_else(|e| panic!("{loopback}: {e}"));
    }
    Client::builder()
        .api_key("k")
        .base_url("http://api.example.com")
        .allow_insecure_http(true)
        .build()
        .expect("explicitly allowed");
}

#[tokio::test]
async fn tls_verification_has_no_off_switch_only_extra_roots() {
    // The builder has no way to skip verification: a self-signed server is refused
    // (a connect error that sends nothing) until its CA is added as an extra root,
    // and then only that CA is added.
    let server = support::mock(support::tls(true)).await;
    let refused = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .max_retries(0)
        .build()
        .unwrap()
        .chat(&request())
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), "Connect", "{refused:?}");
    assert!(refused.is_connect(), "{refused:?}");
    // The cause is kept: the chain of sources reaches the TLS error (inside the
    // handshake's io::Error) that names the certificate.
    let tls = support::io_errors_under(&refused)
        .iter()
        .filter_map(|e| e.get_ref().map(|inner| inner.to_string()))
        .find(|text| text.contains("certificate"));
    assert!(
        tls.is_some(),
        "no TLS error in {:?}",
        support::error_chain(&refused)
    );
    assert_eq!(server.stats().requests, 0);
    let trusted = support::builder_for(&server).build().unwrap();
    trusted.chat(&request()).await.expect("trusted by its CA");
    config_error(Client::builder().add_root_certificate("not a certificate"));
}
