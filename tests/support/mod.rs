//! Helpers the native integration tests share: a tiny loopback HTTP/1.1 server for
//! tests that need exact control of what the
//! server answers (the conformance vectors' bodies, byte-for-byte).
#![allow(dead_code)]

pub mod wire;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// One canned answer.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
    pub headers: Vec<(&'static str, String)>,
}

/// What the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

pub struct FixtureServer {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// Connections accepted so far.
    pub accepted: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FixtureServer {
    /// Serves `answers` in order; the last one repeats.
    pub async fn start(answers: Vec<Canned>) -> FixtureServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let answers = Arc::new(Mutex::new(answers));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let accepted = Arc::new(AtomicUsize::new(0));
        let (a, s, n) = (answers, seen.clone(), accepted.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                n.fetch_add(1, Ordering::SeqCst);
                let (a, s) = (a.clone(), s.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<hyper::body::Incoming>| {
                        let (a, s) = (a.clone(), s.clone());
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body
                                .collect()
                                .await
                                .map(|b| b.to_bytes())
                                .unwrap_or_default();
                            s.lock().unwrap().push(Seen {
                                method: parts.method.to_string(),
                                path: parts.uri.path().to_owned(),
                                headers: parts.headers.clone(),
                                body,
                            });
                            let canned = {
                                let mut list = a.lock().unwrap();
                                if list.len() > 1 {
                                    list.remove(0)
                                } else {
                                    list[0].clone()
                                }
                            };
                            let mut resp = Response::builder()
                                .status(canned.status)
                                .header("content-type", canned.content_type)
                                .header("x-request-id", "fixture-req-1");
                            for (k, v) in &canned.headers {
                                resp = resp.header(*k, v.as_str());
                            }
                            Ok::<_, Infallible>(resp.body(Full::new(canned.body.clone())).unwrap())
                        }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(tcp), service)
                        .await;
                });
            }
        });
        FixtureServer {
            addr,
            seen,
            accepted,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

pub fn json(status: u16, body: &str) -> Canned {
    Canned {
        status,
        content_type: "application/json",
        body: Bytes::from(body.to_owned()),
        headers: vec![],
    }
}

pub fn sse(body: &str) -> Canned {
    Canned {
        status: 200,
        content_type: "text/event-stream",
        body: Bytes::from(body.to_owned()),
        headers: vec![],
    }
}

/// Waits until `done()` holds, checking every millisecond for at most 10 s (a
/// liveness bound, not a timing assertion); panics with `what()` otherwise.
pub async fn wait_until(mut done: impl FnMut() -> bool, what: impl Fn() -> String) {
    for _ in 0..10_000 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    panic!("never got there: {}", what());
}

/// The server's counters once `done` holds for them ([`wait_until`]).
pub async fn wait_for(
    server: &cohere_mock::MockServer,
    done: impl Fn(&cohere_mock::MockStats) -> bool,
) -> cohere_mock::MockStats {
    let mut last = server.stats();
    wait_until(
        || {
            last = server.stats();
            done(&last)
        },
        || format!("the server's counters: {:?}", server.stats()),
    )
    .await;
    last
}

/// A one-message chat request to the model the mock answers as.
pub fn request(prompt: &str) -> cohere_edge::ChatRequest {
    use cohere_edge::{ChatMessage, ChatRequest};
    ChatRequest::new("command-a-03-2025", vec![ChatMessage::user(prompt)])
}

/// A started cohere-mock.
pub async fn mock(config: cohere_mock::MockConfig) -> cohere_mock::MockServer {
    cohere_mock::MockServer::start(config)
        .await
        .expect("mock starts")
}

/// cohere-mock over TLS, offering HTTP/2 (ALPN) or only HTTP/1.1.
pub fn tls(http2: bool) -> cohere_mock::MockConfig {
    cohere_mock::MockConfig {
        tls: true,
        http2,
        ..Default::default()
    }
}

/// A started plain cohere-mock, and a client builder for it whose every request
/// carries the fault `fault` (an `x-mock-fault` header value).
pub async fn mock_with_fault(fault: &str) -> (cohere_mock::MockServer, cohere_edge::ClientBuilder) {
    let server = mock(cohere_mock::MockConfig::default()).await;
    let builder = builder_for(&server).default_header("x-mock-fault", fault);
    (server, builder)
}

/// A client builder for `server`, trusting its certificate when it has one.
pub fn builder_for(server: &cohere_mock::MockServer) -> cohere_edge::ClientBuilder {
    let mut b = cohere_edge::Client::builder()
        .api_key("test-key")
        .base_url(server.url());
    if let Some(pem) = server.ca_pem() {
        b = b.add_root_certificate(pem);
    }
    b
}

/// Starts `call(a clone of client, i)` for each `i` in `0..n`, each in a task of its
/// own, all at once; the tasks' handles in order.
pub fn spawn_calls<F, Fut>(
    client: &cohere_edge::Client,
    n: usize,
    call: F,
) -> Vec<tokio::task::JoinHandle<Fut::Output>>
where
    F: Fn(cohere_edge::Client, usize) -> Fut,
    Fut: std::future::Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    (0..n)
        .map(|i| tokio::spawn(call(client.clone(), i)))
        .collect()
}

/// The error and every source under it, outermost first
/// ([`std::error::Error::source`] followed to the end).
pub fn error_chain<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> Vec<&'a (dyn std::error::Error + 'static)> {
    let mut out = vec![e];
    let mut cur = e.source();
    while let Some(next) = cur {
        out.push(next);
        cur = next.source();
    }
    out
}

/// The `io::Error`s in `e`'s chain of sources.
pub fn io_errors_under<'a>(e: &'a (dyn std::error::Error + 'static)) -> Vec<&'a std::io::Error> {
    error_chain(e)
        .into_iter()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .collect()
}
