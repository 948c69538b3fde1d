//! Errors keep their cause: `std::error::Error::source` walks from a connect
//! failure down to the IO error underneath (a refused TCP connect, a TLS
//! handshake the certificate failed), while the message a user sees stays the
//! same one-line text.
#![cfg(not(target_arch = "wasm32"))]

use std::error::Error as StdError;

use cohere_edge::{ChatMessage, ChatRequest, Client, Error};
use cohere_mock::{MockConfig, MockServer};

fn request() -> ChatRequest {
    ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("hi")])
}

/// The error and every source under it, outermost first.
fn chain<'a>(e: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = vec![e];
    let mut cur = e.source();
    while let Some(next) = cur {
        out.push(next);
        cur = next.source();
    }
    out
}

fn io_errors<'a>(e: &'a (dyn StdError + 'static)) -> Vec<&'a std::io::Error> {
    chain(e)
        .into_iter()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .collect()
}

#[tokio::test]
async fn a_refused_connect_leads_to_its_io_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("http://{addr}"))
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.chat(&request()).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.to_string().starts_with("connection failed: "), "{err}");
    let io = io_errors(&err);
    assert!(
        io.iter()
            .any(|e| e.kind() == std::io::ErrorKind::ConnectionRefused),
        "no refused io::Error in {:?}",
        chain(&err)
    );
}

#[tokio::test]
async fn a_failed_tls_handshake_leads_to_the_tls_error() {
    // The mock's certificate is its own; a client that was not given it as a root
    // refuses the handshake.
    let server = MockServer::start(MockConfig {
        tls: true,
        ..Default::default()
    })
    .await
    .expect("mock starts");
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.chat(&request()).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    let io = io_errors(&err);
    let tls = io
        .iter()
        .filter_map(|e| e.get_ref())
        .map(|inner| inner.to_string())
        .find(|text| text.contains("certificate"));
    assert!(
        tls.is_some(),
        "no TLS certificate error in {:?}",
        chain(&err)
    );
    assert_eq!(server.stats().requests, 0);
}

#[test]
fn a_cause_without_a_source_is_the_end_of_the_chain() {
    let err = Error::Transport("reset".into());
    assert_eq!(err.to_string(), "transport error: reset");
    assert_eq!(chain(&err).len(), 2);
    assert!(err.source().unwrap().source().is_none());
}
