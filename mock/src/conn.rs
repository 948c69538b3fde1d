//! Serving one accepted connection: optional TLS handshake, HTTP/1.1 or HTTP/2, and the
//! connection-level behaviours (kill, graceful close, idle timeout).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

use crate::io::{Activity, TrackedIo};
use crate::state::{ConnState, Shared};
use crate::stats::ConnectionGuard;

/// Longest wait for a client to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Which protocol to speak on a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proto {
    Http1,
    Http2,
    /// Detect from the first bytes (h2c prior knowledge or HTTP/1.1), within what config allows.
    Auto,
}

/// Serves `tcp` until it closes; `guard` counts the close when this returns (or is aborted).
pub(crate) async fn run(
    tcp: TcpStream,
    shared: Arc<Shared>,
    tls: Option<TlsAcceptor>,
    guard: ConnectionGuard,
) {
    let _guard = guard;
    let _ = tcp.set_nodelay(true);
    let activity = Activity::new();
    let io = TrackedIo::new(tcp, Arc::clone(&activity));
    match tls {
        None => serve(io, Proto::Auto, shared, activity).await,
        Some(acceptor) => {
            let Ok(Ok(stream)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(io)).await
            else {
                return;
            };
            shared.stats.tls_handshake_done();
            let proto = match stream.get_ref().1.alpn_protocol() {
                Some(b"h2") => Proto::Http2,
                Some(_) => Proto::Http1,
                None => Proto::Auto,
            };
            serve(stream, proto, shared, activity).await;
        }
    }
}

async fn serve<I>(io: I, proto: Proto, shared: Arc<Shared>, activity: Arc<Activity>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let state = Arc::new(ConnState::default());
    let idle_timeout = shared.config.idle_timeout;
    let mut builder = auto::Builder::new(TokioExecutor::new());
    let (h1, h2) = (shared.config.http1, shared.config.http2);
    builder = match proto {
        Proto::Http1 => builder.http1_only(),
        Proto::Http2 => builder.http2_only(),
        Proto::Auto if !h2 => builder.http1_only(),
        Proto::Auto if !h1 => builder.http2_only(),
        Proto::Auto => builder,
    };
    if let Some(n) = shared.config.http2_max_concurrent_streams {
        builder.http2().max_concurrent_streams(n);
    }
    let svc_state = Arc::clone(&state);
    let service = service_fn(move |req| {
        crate::router::handle(req, Arc::clone(&shared), Arc::clone(&svc_state))
    });
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    let mut closing = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            _ = state.kill.notified() => break,
            _ = state.graceful.notified(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
            _ = idle_wait(&activity, &state.inflight, idle_timeout) => break,
        }
    }
}

/// Completes once the connection has been idle (no bytes, nothing in flight) for
/// `timeout`; never completes when `timeout` is `None`.
async fn idle_wait(activity: &Activity, inflight: &AtomicUsize, timeout: Option<Duration>) {
    let Some(timeout) = timeout else {
        return std::future::pending().await;
    };
    loop {
        let idle = activity.idle_for();
        let busy = inflight.load(Ordering::SeqCst) > 0;
        if !busy && idle >= timeout {
            return;
        }
        let wait = if busy { timeout } else { timeout - idle };
        tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
    }
}
