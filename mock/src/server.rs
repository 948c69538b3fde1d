//! [`MockServer`]: binding, the accept loop, and the public handle.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

use crate::config::MockConfig;
use crate::record::RecordedRequest;
use crate::state::Shared;
use crate::stats::MockStats;

/// A running mock server on `127.0.0.1`.
///
/// It lives on the tokio runtime that started it; [`MockServer::shutdown`] or dropping the
/// handle stops accepting and closes every connection.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// let server = cohere_mock::MockServer::start(cohere_mock::MockConfig::default()).await?;
/// println!("POST {}/v2/chat", server.url());
/// server.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    scheme: &'static str,
    cert_pem: Option<String>,
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl MockServer {
    /// Binds `127.0.0.1:0` and starts serving on the current tokio runtime.
    /// Fails if `config.fault` does not parse (`InvalidInput`) or binding fails.
    pub async fn start(config: MockConfig) -> io::Result<MockServer> {
        Self::start_on_port(config, 0).await
    }

    /// Like [`MockServer::start`], on `127.0.0.1:port` (0 picks a free port).
    pub async fn start_on_port(config: MockConfig, port: u16) -> io::Result<MockServer> {
        let shared = Arc::new(
            Shared::new(config).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?,
        );
        let config = &shared.config;
        let tls = if config.tls {
            Some(crate::tls::setup(config.http1, config.http2)?)
        } else {
            None
        };
        let public = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = public.local_addr()?;
        let acceptor = tls.as_ref().map(|t| t.acceptor.clone());
        let mut tasks = Vec::new();
        if config.rtt.is_zero() {
            tasks.push(tokio::spawn(accept_loop(
                public,
                Arc::clone(&shared),
                acceptor,
            )));
        } else {
            let internal = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
            let upstream = internal.local_addr()?;
            tasks.push(tokio::spawn(accept_loop(
                internal,
                Arc::clone(&shared),
                acceptor,
            )));
            tasks.push(tokio::spawn(crate::proxy::run(
                public, upstream, config.rtt,
            )));
        }
        Ok(MockServer {
            addr,
            scheme: if tls.is_some() { "https" } else { "http" },
            cert_pem: tls.map(|t| t.cert_pem),
            shared,
            tasks,
        })
    }

    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`
    /// (`https://` with TLS; the certificate covers IP 127.0.0.1 and DNS `localhost`).
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// The address clients connect to (the RTT proxy's, when `rtt` is set).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// PEM of the self-signed certificate, for clients to trust as a root; `None` without TLS.
    pub fn ca_pem(&self) -> Option<String> {
        self.cert_pem.clone()
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> MockStats {
        self.shared.stats.snapshot()
    }

    /// Zeroes the counters (`open_connections` stays truthful; the peak restarts from it).
    pub fn reset_stats(&self) {
        self.shared.stats.reset();
    }

    /// The most recent request received, if any.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        self.shared.last_request()
    }

    /// Stops accepting and closes every connection.
    pub async fn shutdown(mut self) {
        let tasks = std::mem::take(&mut self.tasks);
        for task in &tasks {
            task.abort();
        }
        for task in tasks {
            let _ = task.await;
        }
        // Let the aborted connection tasks run their drops.
        tokio::task::yield_now().await;
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Accepts connections and serves each on its own task; aborting this task aborts them all.
async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, tls: Option<TlsAcceptor>) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => {
                    let guard = shared.stats.connection_opened();
                    conns.spawn(crate::conn::run(tcp, Arc::clone(&shared), tls.clone(), guard));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
}
