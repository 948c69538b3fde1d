//! The client-wide rate-limit window: when one call hears `429` (or `503`) with
//! a wait named in `Retry-After`, `retry-after-ms` or `X-RateLimit-Reset`, every
//! call of the client holds its next attempt to that origin until then, instead
//! of each call discovering the window on its own.
//!
//! Pure: the caller passes the time (a [`Duration`] since a fixed origin) and does
//! the waiting. The rules:
//! - the window ends at the latest time announced, at most [`MAX_DELAY`] (60 s)
//!   after the response that announced it;
//! - an attempt inside the window waits for its end, unless its call's deadline
//!   comes first: it then fails at once with the error that announced the window;
//! - attempts already sent are left alone.

use std::time::Duration;

use crate::error::{ApiError, Error, RetryStop};
use crate::retry::MAX_DELAY;

/// Whether a response with this status and this server-named wait opens a window.
pub(crate) fn announces(status: u16, server_delay: Option<Duration>) -> bool {
    matches!(status, 429 | 503) && server_delay.is_some_and(|d| !d.is_zero())
}

/// What an attempt must do before it is sent.
#[derive(Debug, Clone)]
pub(crate) enum Hold {
    /// Send it now.
    Go,
    /// Wait this long first (then ask again: the window may have grown).
    Wait(Duration),
    /// The window outlasts the call's deadline: fail with this error.
    FailFast(Error),
}

/// One client's window.
#[derive(Debug, Clone, Default)]
pub(crate) struct RateWindow {
    until: Option<Duration>,
    /// The error of the response that announced the latest end (a 429 or 503:
    /// an API error). Kept as its [`ApiError`], not a whole [`Error`], so no
    /// `Error` is ever cloned: that clone (of every variant, replies included)
    /// cost the WebAssembly build 6 KB (2.9 KB gzipped).
    announced_by: Option<ApiError>,
}

impl RateWindow {
    /// A response at `now` asked for `delay`: hold the client until then.
    pub(crate) fn announce(&mut self, now: Duration, delay: Duration, error: &Error) {
        let end = now.saturating_add(delay.min(MAX_DELAY));
        if self.until.is_none_or(|until| end > until) {
            self.until = Some(end);
            self.announced_by = error.api_error().cloned();
        }
    }

    /// What an attempt at `now`, of a call that must end by `deadline`, does.
    pub(crate) fn check(&self, now: Duration, deadline: Duration) -> Hold {
        let Some(until) = self.until.filter(|until| *until > now) else {
            return Hold::Go;
        };
        if until > deadline {
            let error = match &self.announced_by {
                Some(api) => Error::from_api(api.clone()),
                None => Error::from_status(429, b"", None),
            };
            return Hold::FailFast(error.with_retry_stop(RetryStop::RateLimitWindow));
        }
        Hold::Wait(until - now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    /// The wait a hold asks for (`None`: go now); panics on a fast failure.
    fn wait(h: Hold) -> Option<Duration> {
        match h {
            Hold::Go => None,
            Hold::Wait(d) => Some(d),
            Hold::FailFast(e) => panic!("unexpected fast failure: {e}"),
        }
    }

    fn too_many() -> Error {
        Error::from_status(429, br#"{"message":"slow down"}"#, Some("r1".into()))
    }

    #[test]
    fn only_429_and_503_with_a_named_wait_open_a_window() {
        assert!(announces(429, Some(s(1))));
        assert!(announces(503, Some(Duration::from_millis(1))));
        assert!(!announces(429, None));
        assert!(!announces(429, Some(Duration::ZERO)));
        assert!(!announces(500, Some(s(1))));
        assert!(!announces(408, Some(s(1))));
    }

    #[test]
    fn attempts_wait_until_the_end_of_the_window() {
        let mut w = RateWindow::default();
        assert_eq!(wait(w.check(s(0), s(300))), None);
        w.announce(s(10), s(2), &too_many());
        assert_eq!(wait(w.check(s(10), s(300))), Some(s(2)));
        assert_eq!(wait(w.check(s(11), s(300))), Some(s(1)));
        assert_eq!(wait(w.check(s(12), s(300))), None);
        assert_eq!(wait(w.check(s(20), s(300))), None);
    }

    #[test]
    fn the_latest_end_wins_and_a_shorter_one_does_not_shrink_it() {
        let mut w = RateWindow::default();
        w.announce(s(0), s(5), &too_many());
        w.announce(s(1), s(1), &Error::from_status(503, b"", None));
        assert_eq!(wait(w.check(s(1), s(300))), Some(s(4)));
        w.announce(s(2), s(10), &too_many());
        assert_eq!(wait(w.check(s(2), s(300))), Some(s(10)));
    }

    #[test]
    fn a_window_is_capped_at_sixty_seconds() {
        let mut w = RateWindow::default();
        w.announce(s(0), s(3600), &too_many());
        assert_eq!(wait(w.check(s(0), s(300))), Some(MAX_DELAY));
        w.announce(s(0), Duration::MAX, &too_many());
        assert_eq!(wait(w.check(s(0), s(300))), Some(MAX_DELAY));
    }

    #[test]
    fn a_call_whose_deadline_falls_inside_fails_fast_with_the_announcing_error() {
        let mut w = RateWindow::default();
        w.announce(s(0), s(30), &too_many());
        let Hold::FailFast(e) = w.check(s(1), s(20)) else {
            panic!("expected a fast failure")
        };
        assert_eq!(e.kind(), "TooManyRequests");
        assert_eq!(e.status(), Some(429));
        assert_eq!(e.request_id(), Some("r1"));
        assert_eq!(e.retry_stop(), Some(RetryStop::RateLimitWindow));
        assert!(e.is_retryable());
        // A deadline at or after the end waits instead.
        assert_eq!(wait(w.check(s(1), s(30))), Some(s(29)));
    }
}
