//! Connection and request counters.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;

/// A snapshot of the server's counters (see [`crate::MockServer::stats`]).
/// All counters start at zero and count since start or the last reset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MockStats {
    /// Connections accepted by the server (behind the RTT proxy, when there is one).
    pub connections_accepted: u64,
    /// Completed TLS handshakes (always zero without TLS).
    pub tls_handshakes: u64,
    /// HTTP requests received (every path, `/__stats` included), counted before the
    /// response is written.
    pub requests: u64,
    /// Connections open right now (never reset).
    pub open_connections: u64,
    /// Peak of `open_connections` since start or reset.
    pub max_open_connections: u64,
    /// Connections whose serving task has ended.
    pub connections_closed: u64,
    /// Requests answered with a status a fault asked for (`status=CODE`).
    pub fault_status_responses: u64,
}

/// Live atomic counters shared by all tasks.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    accepted: AtomicU64,
    handshakes: AtomicU64,
    requests: AtomicU64,
    open: AtomicU64,
    max_open: AtomicU64,
    closed: AtomicU64,
    fault_statuses: AtomicU64,
}

impl Stats {
    /// Counts a newly accepted connection; the returned guard counts its close on drop.
    pub(crate) fn connection_opened(self: &Arc<Self>) -> ConnectionGuard {
        self.accepted.fetch_add(1, Ordering::SeqCst);
        let now = self.open.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_open.fetch_max(now, Ordering::SeqCst);
        ConnectionGuard {
            stats: Arc::clone(self),
        }
    }

    pub(crate) fn tls_handshake_done(&self) {
        self.handshakes.fetch_add(1, Ordering::SeqCst);
    }

    pub(crate) fn request_seen(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub(crate) fn fault_status_sent(&self) {
        self.fault_statuses.fetch_add(1, Ordering::SeqCst);
    }

    pub(crate) fn snapshot(&self) -> MockStats {
        MockStats {
            connections_accepted: self.accepted.load(Ordering::SeqCst),
            tls_handshakes: self.handshakes.load(Ordering::SeqCst),
            requests: self.requests.load(Ordering::SeqCst),
            open_connections: self.open.load(Ordering::SeqCst),
            max_open_connections: self.max_open.load(Ordering::SeqCst),
            connections_closed: self.closed.load(Ordering::SeqCst),
            fault_status_responses: self.fault_statuses.load(Ordering::SeqCst),
        }
    }

    /// Zeroes the counters; `open_connections` stays truthful and the peak restarts from it.
    pub(crate) fn reset(&self) {
        self.accepted.store(0, Ordering::SeqCst);
        self.handshakes.store(0, Ordering::SeqCst);
        self.requests.store(0, Ordering::SeqCst);
        self.closed.store(0, Ordering::SeqCst);
        self.fault_statuses.store(0, Ordering::SeqCst);
        self.max_open
            .store(self.open.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

/// Decrements `open_connections` and counts a close when the connection task ends.
#[derive(Debug)]
pub(crate) struct ConnectionGuard {
    stats: Arc<Stats>,
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.stats.open.fetch_sub(1, Ordering::SeqCst);
        self.stats.closed.fetch_add(1, Ordering::SeqCst);
    }
}
