//! One client's shared retry limits: its retry budget ([`crate::retry_budget`])
//! and its rate-limit window ([`crate::rate_window`]) behind locks, on one
//! monotonic clock, with the counters [`crate::Client::stats`] reports.
//!
//! The rules themselves are the pure modules'; this only holds their state for
//! every clone of a client and every call in flight. No I/O: the retry loop in
//! `client.rs` does the waiting.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use web_time::Instant;

use crate::error::{Error, RetryStop};
use crate::rate_window::{self, Hold, RateWindow};
use crate::retry_budget::{self, BudgetState, RetryBudget};

/// The limits every call of a client shares.
#[derive(Debug)]
pub(crate) struct Throttle {
    origin: Instant,
    /// `None` when the budget is off.
    budget: Option<Mutex<BudgetState>>,
    window: Mutex<RateWindow>,
    retries_skipped: AtomicU64,
    window_wait_nanos: AtomicU64,
}

/// A poisoned lock still holds consistent numbers (no code here panics while
/// holding one); use them rather than fail a call.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Throttle {
    pub(crate) fn new(budget: Option<RetryBudget>) -> Self {
        let origin = Instant::now();
        Throttle {
            origin,
            budget: budget.map(|b| Mutex::new(BudgetState::new(&b, Duration::ZERO))),
            window: Mutex::default(),
            retries_skipped: AtomicU64::new(0),
            window_wait_nanos: AtomicU64::new(0),
        }
    }

    /// Time on this client's clock.
    pub(crate) fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    /// A call starts (it earns its share of the budget); the returned handle
    /// releases its place among the retrying calls when dropped.
    pub(crate) fn start_call(&self) -> CallLimits<'_> {
        if let Some(b) = &self.budget {
            lock(b).call_started(self.now());
        }
        CallLimits {
            throttle: self,
            retrying: false,
        }
    }

    /// Retries refused for want of budget so far.
    pub(crate) fn retries_skipped(&self) -> u64 {
        self.retries_skipped.load(Ordering::Relaxed)
    }

    /// Time calls spent waiting for rate-limit windows, summed over calls.
    pub(crate) fn window_wait(&self) -> Duration {
        Duration::from_nanos(self.window_wait_nanos.load(Ordering::Relaxed))
    }
}

/// One call's side of the limits.
#[derive(Debug)]
pub(crate) struct CallLimits<'a> {
    throttle: &'a Throttle,
    /// The budget granted this call a retry (it counts among the retrying).
    retrying: bool,
}

impl CallLimits<'_> {
    /// What the next attempt must do first, given the call's deadline on the
    /// client's clock.
    pub(crate) fn hold(&self, deadline: Duration) -> Hold {
        lock(&self.throttle.window).check(self.throttle.now(), deadline)
    }

    /// Counts time spent waiting for a window.
    pub(crate) fn waited(&self, d: Duration) {
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.throttle
            .window_wait_nanos
            .fetch_add(nanos, Ordering::Relaxed);
    }

    /// A response with `status` named `server_delay`: it may open the window.
    pub(crate) fn heard(&self, status: u16, server_delay: Option<Duration>, error: &Error) {
        if let Some(delay) = server_delay.filter(|_| rate_window::announces(status, server_delay)) {
            lock(&self.throttle.window).announce(self.throttle.now(), delay, error);
        }
    }

    /// Asks the budget for a retry after `error`; without one, the error comes
    /// back marked [`RetryStop::BudgetSpent`].
    pub(crate) fn may_retry(
        &mut self,
        error: Error,
        server_delay: Option<Duration>,
    ) -> Result<Error, Error> {
        let Some(budget) = &self.throttle.budget else {
            return Ok(error);
        };
        let paced = retry_budget::server_paced(error.status(), server_delay);
        let grant = lock(budget).try_retry(self.throttle.now(), self.retrying, paced);
        match grant {
            Some(_) => {
                self.retrying = true;
                Ok(error)
            }
            None => {
                self.throttle
                    .retries_skipped
                    .fetch_add(1, Ordering::Relaxed);
                Err(error.with_retry_stop(RetryStop::BudgetSpent))
            }
        }
    }
}

impl Drop for CallLimits<'_> {
    fn drop(&mut self) {
        if let (true, Some(budget)) = (self.retrying, &self.throttle.budget) {
            lock(budget).call_ended();
        }
    }
}
