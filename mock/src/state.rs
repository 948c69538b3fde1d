//! State shared by all connections, and state of one connection.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use crate::config::MockConfig;
use crate::fault::{FaultCounters, FaultSpec};
use crate::record::{RawRequest, RecordedRequest};
use crate::stats::Stats;

/// Everything the request handler needs from the server.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: MockConfig,
    /// `config.fault`, parsed once at start.
    pub server_fault: Option<FaultSpec>,
    pub stats: Arc<Stats>,
    pub fault_counters: FaultCounters,
    last_request: Mutex<Option<RawRequest>>,
    next_id: AtomicU64,
}

impl Shared {
    /// Validates `config` (its fault spec must parse) and wraps it.
    pub(crate) fn new(config: MockConfig) -> Result<Self, String> {
        let server_fault = config.fault.as_deref().map(FaultSpec::parse).transpose()?;
        Ok(Shared {
            config,
            server_fault,
            stats: Arc::default(),
            fault_counters: FaultCounters::default(),
            last_request: Mutex::new(None),
            next_id: AtomicU64::new(1),
        })
    }

    /// A fresh sequence number for ids (never reset).
    pub(crate) fn next_seq(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::SeqCst)
    }

    pub(crate) fn record(&self, request: RawRequest) {
        *self.last_request.lock().unwrap_or_else(|p| p.into_inner()) = Some(request);
    }

    pub(crate) fn last_request(&self) -> Option<RecordedRequest> {
        self.last_request
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(RecordedRequest::from)
    }
}

/// Per-connection state shared between the connection task and its requests.
#[derive(Debug, Default)]
pub(crate) struct ConnState {
    /// Requests whose response body is not finished yet.
    pub inflight: Arc<AtomicUsize>,
    /// Requests served on this connection so far.
    pub requests: AtomicUsize,
    /// Close the connection now, without answering (fault `drop`).
    pub kill: Notify,
    /// Finish in-flight responses, then close (HTTP/2 GOAWAY).
    pub graceful: Notify,
}
