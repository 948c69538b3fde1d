//! The retry budget: a token bucket that bounds how much load retries add to a
//! client, so that an outage is not multiplied by `max_retries + 1`.
//!
//! Pure: the caller passes the time (a [`Duration`] since any fixed origin); no
//! clock, no lock, no I/O. `crate::throttle` holds one [`BudgetState`] per client.
//!
//! The rules, the one source of truth on every target:
//! - every call puts [`RetryBudget::ratio`] of a token in the bucket (default
//!   0.1: retries may add 10 % of the calls);
//! - tokens also trickle in at [`RetryBudget::min_per_second`] (default 1 a
//!   second), so a client that makes few calls can still retry;
//! - the bucket holds at most [`RetryBudget::max_saved`] tokens (default 10) and
//!   starts full: only recent calls pay for retries;
//! - a retry takes one token; with none left the call fails with the error it got;
//! - a call may always retry while no other call of the client is retrying, so a
//!   single sequential caller keeps every retry it is allowed, however fast the
//!   server asks it to come back; such a retry takes a token only if one is there;
//! - a retry after a 429 that named its wait (`Retry-After`, `retry-after-ms`,
//!   `X-RateLimit-Reset`) takes no token: the server set the pace, and the
//!   client-wide rate-limit window (`crate::rate_window`) already holds every
//!   call until then.

use std::time::Duration;

/// Tokens are counted in millionths, so deposits of a tenth add up exactly.
const MICRO: u64 = 1_000_000;
const NANOS_PER_SEC: u128 = 1_000_000_000;

/// How much retrying a client may do: a token bucket shared by all its calls
/// (see [`crate::ClientBuilder::retry_budget`]).
///
/// Defaults: each call earns 0.1 retry ([`Self::ratio`]), 1 more retry is earned
/// each second whatever the traffic ([`Self::min_per_second`]), and at most 10
/// are saved up ([`Self::max_saved`]); the bucket starts full. Under a total
/// outage with many concurrent calls, retries then add about 10 % to the load
/// instead of 200 % (with `max_retries` 2).
///
/// ```
/// use cohere_edge::{Client, RetryBudget};
/// let budget = RetryBudget::new().ratio(0.2).min_per_second(2.0).max_saved(20.0);
/// let client = Client::builder().api_key("k").retry_budget(budget).build();
/// assert!(client.is_ok());
/// // No budget at all: every call retries up to `max_retries`.
/// let unlimited = Client::builder().api_key("k").retry_budget(None).build();
/// assert!(unlimited.is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryBudget {
    ratio: f64,
    min_per_second: f64,
    max_saved: f64,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new()
    }
}

impl RetryBudget {
    /// Default for [`Self::ratio`]: 0.1.
    pub const DEFAULT_RATIO: f64 = 0.1;
    /// Default for [`Self::min_per_second`]: 1.
    pub const DEFAULT_MIN_PER_SECOND: f64 = 1.0;
    /// Default for [`Self::max_saved`]: 10.
    pub const DEFAULT_MAX_SAVED: f64 = 10.0;

    /// The default budget: ratio 0.1, 1 retry a second, 10 saved.
    pub const fn new() -> Self {
        RetryBudget {
            ratio: Self::DEFAULT_RATIO,
            min_per_second: Self::DEFAULT_MIN_PER_SECOND,
            max_saved: Self::DEFAULT_MAX_SAVED,
        }
    }

    /// Retries each call earns: 0.1 lets retries add 10 % to the calls made.
    /// Between 0 and 1000. Default: 0.1.
    pub fn ratio(mut self, ratio: f64) -> Self {
        self.ratio = ratio;
        self
    }

    /// Retries earned each second whatever the traffic (the floor for a client
    /// that makes few calls). Between 0 and 1,000,000. Default: 1.
    pub fn min_per_second(mut self, per_second: f64) -> Self {
        self.min_per_second = per_second;
        self
    }

    /// Most retries saved up in quiet times, and what a new client starts with.
    /// Between 0 and 1,000,000. Default: 10.
    pub fn max_saved(mut self, tokens: f64) -> Self {
        self.max_saved = tokens;
        self
    }

    /// Checks the numbers; the error names the wrong one.
    pub(crate) fn check(&self) -> Result<(), String> {
        for (name, value, max) in [
            ("ratio", self.ratio, 1e3),
            ("min_per_second", self.min_per_second, 1e6),
            ("max_saved", self.max_saved, 1e6),
        ] {
            if !(value.is_finite() && (0.0..=max).contains(&value)) {
                return Err(format!(
                    "retry_budget {name} must be a number from 0 to {}, not {}",
                    number(max),
                    number(value)
                ));
            }
        }
        Ok(())
    }
}

/// `value` the way `{}` writes an `f64` (`5000`, `0.25`, `-0`, `NaN`, `inf`), for
/// the one message that shows a number, without core's float formatting (about
/// 5 KB of the WebAssembly build). A value that needs more than 15 decimals, or
/// is integral beyond 2^53, is written in exponent form (`3e-1`, `1e300`), where
/// `{}` would spell out every digit.
fn number(value: f64) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value.is_infinite() {
        return format!("{sign}inf");
    }
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact
    let abs = value.abs();
    let mut scale = 1.0;
    for decimals in 0..=15usize {
        let scaled = abs * scale;
        if scaled >= EXACT {
            break;
        }
        if scaled.fract() == 0.0 && scaled / scale == abs {
            let digits = format!("{:0>width$}", scaled as u64, width = decimals + 1);
            let (int, frac) = digits.split_at(digits.len() - decimals);
            return match decimals {
                0 => format!("{sign}{int}"),
                _ => format!("{sign}{int}.{frac}"),
            };
        }
        scale *= 10.0;
    }
    let (mut mantissa, mut exp) = (abs, 0i32);
    while mantissa >= 10.0 {
        mantissa /= 10.0;
        exp += 1;
    }
    while mantissa < 1.0 {
        mantissa *= 10.0;
        exp -= 1;
    }
    let mut digit = mantissa.round() as u64;
    if digit == 10 {
        digit = 1;
        exp += 1;
    }
    format!("{sign}{digit}e{exp}")
}

/// Tokens in millionths, from a checked number.
fn micro(tokens: f64) -> u64 {
    (tokens * MICRO as f64).round() as u64
}

/// Why a retry may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grant {
    /// It took a token.
    Token,
    /// No other call was retrying (it took a token if one was there).
    Alone,
    /// The server set the pace (a 429 that named its wait): no token needed.
    ServerPaced,
}

/// One client's bucket. Times are [`Duration`]s since a fixed origin.
#[derive(Debug, Clone)]
pub(crate) struct BudgetState {
    deposit: u64,
    per_second: u64,
    cap: u64,
    balance: u64,
    /// When the trickle was last credited, and the part of a millionth it left.
    credited_at: Duration,
    carry: u128,
    /// Calls that have been granted a retry and have not ended yet.
    retrying: u32,
}

impl BudgetState {
    /// A full bucket for `budget` (which [`RetryBudget::check`] accepted).
    pub(crate) fn new(budget: &RetryBudget, now: Duration) -> Self {
        let cap = micro(budget.max_saved);
        BudgetState {
            deposit: micro(budget.ratio),
            per_second: micro(budget.min_per_second),
            cap,
            balance: cap,
            credited_at: now,
            carry: 0,
            retrying: 0,
        }
    }

    /// Tokens in the bucket now, in millionths (for tests).
    #[cfg(test)]
    fn balance(&mut self, now: Duration) -> u64 {
        self.trickle(now);
        self.balance
    }

    fn trickle(&mut self, now: Duration) {
        let elapsed = now.saturating_sub(self.credited_at);
        self.credited_at = self.credited_at.max(now);
        let earned = u128::from(self.per_second) * elapsed.as_nanos() + self.carry;
        self.carry = earned % NANOS_PER_SEC;
        let whole = u64::try_from(earned / NANOS_PER_SEC).unwrap_or(u64::MAX);
        self.balance = self.balance.saturating_add(whole).min(self.cap);
        if self.balance == self.cap {
            self.carry = 0;
        }
    }

    /// A call starts: it earns its share.
    pub(crate) fn call_started(&mut self, now: Duration) {
        self.trickle(now);
        self.balance = self.balance.saturating_add(self.deposit).min(self.cap);
    }

    /// Whether a call may retry now. `retrying_already` tells whether this call
    /// was granted a retry before (it then counts itself among the retrying);
    /// `server_paced` whether the server named the wait of a 429 (see the module
    /// docs). A grant makes the call count as retrying until [`Self::call_ended`].
    pub(crate) fn try_retry(
        &mut self,
        now: Duration,
        retrying_already: bool,
        server_paced: bool,
    ) -> Option<Grant> {
        self.trickle(now);
        let others = self.retrying - u32::from(retrying_already && self.retrying > 0);
        let grant = if server_paced {
            Grant::ServerPaced
        } else if self.balance >= MICRO {
            self.balance -= MICRO;
            Grant::Token
        } else if others == 0 {
            Grant::Alone
        } else {
            return None;
        };
        if !retrying_already {
            self.retrying = self.retrying.saturating_add(1);
        }
        Some(grant)
    }

    /// A call that was granted a retry has ended (however it ended).
    pub(crate) fn call_ended(&mut self) {
        self.retrying = self.retrying.saturating_sub(1);
    }
}

/// Whether a retry after this response is paced by the server: a 429 whose
/// headers named the wait.
pub(crate) fn server_paced(status: Option<u16>, server_delay: Option<Duration>) -> bool {
    status == Some(429) && server_delay.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    /// The test's paused clock: time moves only when the test says so.
    struct Clock(Duration);
    impl Clock {
        fn advance(&mut self, d: Duration) -> Duration {
            self.0 += d;
            self.0
        }
    }

    /// `budget`'s state on a clock at zero, with every saved token spent.
    fn spent(budget: &RetryBudget) -> (Clock, BudgetState) {
        let clock = Clock(Duration::ZERO);
        let mut b = BudgetState::new(budget, clock.0);
        while b.try_retry(clock.0, false, false).is_some() {}
        (clock, b)
    }

    #[test]
    fn defaults_are_the_documented_numbers() {
        let b = RetryBudget::default();
        assert_eq!(b, RetryBudget::new());
        assert_eq!((b.ratio, b.min_per_second, b.max_saved), (0.1, 1.0, 10.0));
        assert!(b.check().is_ok());
        let state = BudgetState::new(&b, Duration::ZERO);
        assert_eq!(state.balance, 10 * MICRO, "a new client starts full");
    }

    #[test]
    fn bad_numbers_are_refused_by_name() {
        for (b, name) in [
            (RetryBudget::new().ratio(-0.1), "ratio"),
            (RetryBudget::new().ratio(f64::NAN), "ratio"),
            (
                RetryBudget::new().min_per_second(f64::INFINITY),
                "min_per_second",
            ),
            (RetryBudget::new().max_saved(1e7), "max_saved"),
        ] {
            let e = b.check().unwrap_err();
            assert!(e.contains(name), "{e}");
        }
        assert!(RetryBudget::new().ratio(0.0).max_saved(0.0).check().is_ok());
    }

    #[test]
    fn retries_take_tokens_until_none_are_left() {
        let mut clock = Clock(Duration::ZERO);
        let mut b = BudgetState::new(&RetryBudget::new(), clock.0);
        // A first retrying call is "alone" only when no token is there; here one is.
        for i in 0..10 {
            assert_eq!(
                b.try_retry(clock.0, false, false),
                Some(Grant::Token),
                "{i}"
            );
        }
        // Ten calls are retrying and the bucket is empty: the eleventh is refused.
        assert_eq!(b.try_retry(clock.0, false, false), None);
        assert_eq!(b.try_retry(clock.0, true, false), None);
        // One second later one token has trickled in.
        let now = clock.advance(Duration::from_secs(1));
        assert_eq!(b.try_retry(now, false, false), Some(Grant::Token));
        assert_eq!(b.try_retry(now, false, false), None);
    }

    #[test]
    fn every_call_earns_its_ratio_exactly() {
        let budget = RetryBudget::new().min_per_second(0.0).max_saved(100.0);
        let (mut clock, mut b) = spent(&budget);
        assert_eq!(b.balance(clock.0), 0);
        for _ in 0..30 {
            b.call_started(clock.advance(MS));
        }
        assert_eq!(
            b.balance(clock.0),
            3 * MICRO,
            "30 calls earn exactly 3 retries"
        );
        for _ in 0..3 {
            assert_eq!(b.try_retry(clock.0, false, false), Some(Grant::Token));
        }
        assert_eq!(b.try_retry(clock.0, false, false), None);
    }

    #[test]
    fn the_trickle_is_exact_over_many_small_steps_and_capped() {
        let budget = RetryBudget::new().ratio(0.0).min_per_second(3.0);
        let (mut clock, mut b) = spent(&budget);
        // 1000 steps of 1 ms, read at every step: exactly 3 tokens, no rounding loss.
        for _ in 0..1000 {
            let now = clock.advance(MS);
            b.balance(now);
        }
        assert_eq!(b.balance(clock.0), 3 * MICRO);
        // A long quiet time fills the bucket to its cap, no further.
        let now = clock.advance(Duration::from_secs(3600));
        assert_eq!(b.balance(now), 10 * MICRO);
        // A clock that goes backwards (it must not, but) takes nothing away.
        assert_eq!(b.balance(now - s(5.0)), 10 * MICRO);
    }

    #[test]
    fn deposits_never_pass_the_cap() {
        let mut b = BudgetState::new(&RetryBudget::new(), Duration::ZERO);
        for _ in 0..1000 {
            b.call_started(Duration::ZERO);
        }
        assert_eq!(b.balance(Duration::ZERO), 10 * MICRO);
    }

    #[test]
    fn a_lone_retrier_always_may_retry() {
        let mut clock = Clock(Duration::ZERO);
        let budget = RetryBudget::new()
            .ratio(0.0)
            .min_per_second(0.0)
            .max_saved(0.0);
        let mut b = BudgetState::new(&budget, clock.0);
        // The bucket is always empty, yet one call after another retries twice.
        for _ in 0..1000 {
            b.call_started(clock.advance(MS));
            assert_eq!(b.try_retry(clock.0, false, false), Some(Grant::Alone));
            assert_eq!(
                b.try_retry(clock.advance(MS), true, false),
                Some(Grant::Alone)
            );
            b.call_ended();
        }
        // While one call is retrying, a second one may not.
        assert_eq!(b.try_retry(clock.0, false, false), Some(Grant::Alone));
        assert_eq!(b.try_retry(clock.0, false, false), None);
        b.call_ended();
        assert_eq!(b.try_retry(clock.0, false, false), Some(Grant::Alone));
    }

    #[test]
    fn a_sequential_caller_at_the_default_backoff_never_runs_dry() {
        // Even counting tokens only (no "alone" rule: another caller retries
        // forever), the floor of 1 a second pays for 2 retries every 2.25 s or more.
        let mut clock = Clock(Duration::ZERO);
        let mut b = BudgetState::new(&RetryBudget::new(), clock.0);
        assert!(b.try_retry(clock.0, false, false).is_some()); // the other caller
        for call in 0..2000 {
            b.call_started(clock.advance(MS));
            // Shortest default waits: 1 s, then 2 s, each less 25 % jitter.
            let first = b.try_retry(clock.advance(s(0.75)), false, false);
            let second = b.try_retry(clock.advance(s(1.5)), true, false);
            assert_eq!(
                (first, second),
                (Some(Grant::Token), Some(Grant::Token)),
                "{call}"
            );
            b.call_ended();
        }
    }

    #[test]
    fn an_outage_with_many_concurrent_calls_adds_about_the_ratio() {
        // 256 calls, 64 at a time, each failing at once; those granted a retry
        // hold their slot for 1 s, then 2 s (the default backoff).
        let mut clock = Clock(Duration::ZERO);
        let mut b = BudgetState::new(&RetryBudget::new(), clock.0);
        let mut retries = 0u32;
        let mut retrying: Vec<Duration> = Vec::new(); // when each retrying call ends
        let mut started = 0;
        while started < 256 || !retrying.is_empty() {
            let now = clock.advance(MS);
            let before = retrying.len();
            retrying.retain(|end| *end > now);
            for _ in retrying.len()..before {
                b.call_ended();
            }
            while started < 256 && retrying.len() < 64 {
                started += 1;
                b.call_started(now);
                if b.try_retry(now, false, false).is_some() {
                    retries += 1;
                    if b.try_retry(now + s(1.0), true, false).is_some() {
                        retries += 1;
                    }
                    retrying.push(now + s(3.0));
                } else {
                    break; // the slot frees at once; the next call starts next ms
                }
            }
        }
        let per_call = 1.0 + f64::from(retries) / 256.0;
        assert!(
            per_call <= 1.25,
            "{retries} retries: {per_call} attempts a call"
        );
    }

    #[test]
    fn a_429_that_named_its_wait_takes_no_token() {
        let budget = RetryBudget::new()
            .ratio(0.0)
            .min_per_second(0.0)
            .max_saved(0.0);
        let mut b = BudgetState::new(&budget, Duration::ZERO);
        assert_eq!(
            b.try_retry(Duration::ZERO, false, false),
            Some(Grant::Alone)
        );
        for _ in 0..100 {
            assert_eq!(
                b.try_retry(Duration::ZERO, false, true),
                Some(Grant::ServerPaced)
            );
        }
        assert!(server_paced(Some(429), Some(Duration::ZERO)));
        assert!(!server_paced(Some(429), None));
        assert!(!server_paced(Some(503), Some(Duration::from_secs(1))));
        assert!(!server_paced(None, None));
    }

    #[test]
    fn numbers_in_messages_read_as_rust_writes_them() {
        for v in [
            0.0,
            -0.0,
            1.0,
            5000.0,
            0.25,
            1e-3,
            2.5e6,
            -7.125,
            123_456.789,
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
        ] {
            assert_eq!(number(v), format!("{v}"), "{v}");
        }
        assert_eq!(number(0.1 + 0.2), "3e-1");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(9.99e-20), "1e-19");
        let e = RetryBudget::new().ratio(5000.0).check().unwrap_err();
        assert_eq!(
            e,
            "retry_budget ratio must be a number from 0 to 1000, not 5000"
        );
        let e = RetryBudget::new().max_saved(-0.5).check().unwrap_err();
        assert_eq!(
            e,
            "retry_budget max_saved must be a number from 0 to 1000000, not -0.5"
        );
    }
}
