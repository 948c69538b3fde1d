//! Retry decisions and backoff: pure functions, the one source of truth both
//! targets call.
//!
//! Rules (ARCHITECTURE.md, "Where each rule lives"):
//! - retry up to `max_retries` times (default 2) on 408, 409, 429 and 5xx, and on
//!   connection failures before a response began;
//! - wait what the server asked: `retry-after-ms`, else `Retry-After` (seconds or
//!   an HTTP date), else `X-RateLimit-Reset`; otherwise back off exponentially
//!   from 1 s with jitter; never wait more than 60 s;
//! - a stream is retried only before its first byte reached the caller (the
//!   client only retries while no response has been handed out).

use std::time::Duration;

/// First backoff step.
pub const BASE_DELAY: Duration = Duration::from_secs(1);
/// Longest wait between attempts.
pub const MAX_DELAY: Duration = Duration::from_secs(60);

/// True for statuses worth retrying: 408, 409, 429 and every 5xx.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429 | 500..=599)
}

/// Whether to try again after `retries_done` retries, when `max_retries` are allowed.
pub fn should_retry(retries_done: u32, max_retries: u32, retryable: bool) -> bool {
    retryable && retries_done < max_retries
}

/// The retry-related headers of a response, as raw strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetryHints {
    /// `retry-after-ms`: milliseconds.
    pub retry_after_ms: Option<String>,
    /// `Retry-After`: seconds, or an HTTP date.
    pub retry_after: Option<String>,
    /// `X-RateLimit-Reset`: seconds until the limit resets, or a Unix time in seconds.
    pub ratelimit_reset: Option<String>,
}

impl RetryHints {
    /// Reads the hints from response headers.
    pub fn from_headers(headers: &http::HeaderMap) -> Self {
        Self::from_lookup(|name| headers.get(name).and_then(|v| v.to_str().ok()))
    }

    /// Reads the hints through `get`, which returns a header's value by its
    /// lowercase name.
    pub fn from_lookup<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let get = |name: &str| get(name).map(|s| s.trim().to_owned());
        RetryHints {
            retry_after_ms: get("retry-after-ms"),
            retry_after: get("retry-after"),
            ratelimit_reset: get("x-ratelimit-reset"),
        }
    }

    /// The wait the server asked for, if any hint parses. `now_unix` is the current
    /// time since the Unix epoch (for HTTP dates and reset timestamps).
    pub fn server_delay(&self, now_unix: Duration) -> Option<Duration> {
        const MS: Duration = Duration::from_millis(1);
        const S: Duration = Duration::from_secs(1);
        if let Some(d) = self
            .retry_after_ms
            .as_deref()
            .and_then(|v| parse_decimal(v, MS))
        {
            return Some(d);
        }
        if let Some(v) = self.retry_after.as_deref() {
            if let Some(d) = parse_decimal(v, S) {
                return Some(d);
            }
            if let Some(at) = crate::http_date::parse(v) {
                return Some(Duration::from_secs(at).saturating_sub(now_unix));
            }
        }
        if let Some(v) = self
            .ratelimit_reset
            .as_deref()
            .and_then(|v| parse_decimal(v, S))
        {
            // Large values are Unix times; small ones are seconds from now.
            const UNIX_2001: Duration = Duration::from_secs(1_000_000_000);
            return Some(if v >= UNIX_2001 {
                v.saturating_sub(now_unix)
            } else {
                v
            });
        }
        None
    }
}

/// A non-negative decimal (`12`, `0.5`, `1500.25`) of `unit`s, below 10^12 units;
/// `None` for anything else. Parsed by hand: `f64::from_str` brings tables that
/// would weigh more in the WebAssembly module than the rest of this file.
fn parse_decimal(s: &str, unit: Duration) -> Option<Duration> {
    let (int, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let whole: u128 = if int.is_empty() {
        0
    } else if int.len() > 12 {
        return None;
    } else {
        int.parse().ok()?
    };
    if whole >= 1_000_000_000_000 {
        return None;
    }
    // The fraction to nine digits, in billionths of a unit.
    let mut billionths = 0u128;
    for b in frac.bytes().chain(std::iter::repeat(b'0')).take(9) {
        billionths = billionths * 10 + u128::from(b - b'0');
    }
    let unit_nanos = unit.as_nanos();
    let nanos = whole * unit_nanos + billionths * unit_nanos / 1_000_000_000;
    let secs = u64::try_from(nanos / 1_000_000_000).ok()?;
    Some(Duration::new(secs, (nanos % 1_000_000_000) as u32))
}

/// Exponential backoff for retry number `retry` (0 for the first retry): 1 s, 2 s,
/// 4 s, … capped at 60 s, reduced by up to 25 % by `jitter` (a number in `[0, 1)`).
pub fn backoff(retry: u32, jitter: f64) -> Duration {
    let exp = BASE_DELAY.as_secs_f64() * 2f64.powi(retry.min(16) as i32);
    let capped = exp.min(MAX_DELAY.as_secs_f64());
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    Duration::from_secs_f64(capped * (1.0 - 0.25 * jitter))
}

/// How long to wait before retry number `retry`: the server's hint when it sent
/// one, else [`backoff`]; never more than [`MAX_DELAY`].
pub fn retry_delay(retry: u32, hints: &RetryHints, now_unix: Duration, jitter: f64) -> Duration {
    hints
        .server_delay(now_unix)
        .unwrap_or_else(|| backoff(retry, jitter))
        .min(MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Duration = Duration::from_secs(1_750_000_000);

    fn hints(ms: Option<&str>, after: Option<&str>, reset: Option<&str>) -> RetryHints {
        RetryHints {
            retry_after_ms: ms.map(str::to_owned),
            retry_after: after.map(str::to_owned),
            ratelimit_reset: reset.map(str::to_owned),
        }
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 422, 498, 499] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }

    #[test]
    fn retry_budget() {
        assert!(should_retry(0, 2, true));
        assert!(should_retry(1, 2, true));
        assert!(!should_retry(2, 2, true));
        assert!(!should_retry(0, 2, false));
        assert!(!should_retry(0, 0, true));
    }

    #[test]
    fn retry_after_ms_wins() {
        let h = hints(Some("250"), Some("7"), Some("9"));
        assert_eq!(retry_delay(0, &h, NOW, 0.0), Duration::from_millis(250));
    }

    #[test]
    fn retry_after_seconds() {
        let h = hints(None, Some("3"), Some("9"));
        assert_eq!(retry_delay(0, &h, NOW, 0.5), Duration::from_secs(3));
        let h = hints(None, Some("1.5"), None);
        assert_eq!(retry_delay(0, &h, NOW, 0.5), Duration::from_millis(1500));
    }

    #[test]
    fn retry_after_http_date() {
        let at = std::time::UNIX_EPOCH + NOW + Duration::from_secs(5);
        let h = hints(None, Some(&httpdate::fmt_http_date(at)), None);
        assert_eq!(retry_delay(0, &h, NOW, 0.0), Duration::from_secs(5));
        // A date in the past means "now".
        let past = std::time::UNIX_EPOCH + NOW - Duration::from_secs(5);
        let h = hints(None, Some(&httpdate::fmt_http_date(past)), None);
        assert_eq!(retry_delay(0, &h, NOW, 0.0), Duration::ZERO);
    }

    #[test]
    fn ratelimit_reset_seconds_or_unix_time() {
        let h = hints(None, None, Some("4"));
        assert_eq!(retry_delay(0, &h, NOW, 0.0), Duration::from_secs(4));
        let h = hints(None, None, Some(&(NOW.as_secs() + 6).to_string()));
        assert_eq!(retry_delay(0, &h, NOW, 0.0), Duration::from_secs(6));
    }

    #[test]
    fn garbage_hints_fall_back_to_backoff() {
        let h = hints(Some("soon"), Some("later"), Some("-3"));
        assert_eq!(retry_delay(0, &h, NOW, 0.0), Duration::from_secs(1));
        assert_eq!(retry_delay(1, &h, NOW, 0.0), Duration::from_secs(2));
    }

    #[test]
    fn exponential_backoff_with_jitter_and_cap() {
        assert_eq!(backoff(0, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(2));
        assert_eq!(backoff(2, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(6));
        assert_eq!(backoff(10, 0.0), MAX_DELAY);
        assert_eq!(backoff(u32::MAX, 0.0), MAX_DELAY);
        assert_eq!(backoff(0, f64::NAN), Duration::from_secs(1));
        for j in [0.0, 0.3, 0.99] {
            let d = backoff(0, j);
            assert!(d <= Duration::from_secs(1) && d >= Duration::from_millis(750));
        }
    }

    #[test]
    fn server_hints_are_capped() {
        let h = hints(None, Some("3600"), None);
        assert_eq!(retry_delay(0, &h, NOW, 0.0), MAX_DELAY);
    }

    #[test]
    fn decimals_parse_exactly_and_refuse_the_rest() {
        let ms = Duration::from_millis(1);
        let s = Duration::from_secs(1);
        assert_eq!(parse_decimal("1500", ms), Some(Duration::from_millis(1500)));
        assert_eq!(parse_decimal(" 0.25 ", s), Some(Duration::from_millis(250)));
        assert_eq!(parse_decimal("2.", s), Some(Duration::from_secs(2)));
        assert_eq!(parse_decimal(".5", s), Some(Duration::from_millis(500)));
        assert_eq!(parse_decimal("1.0000000019", s), Some(Duration::new(1, 1)));
        assert_eq!(
            parse_decimal("12.5", ms),
            Some(Duration::from_micros(12_500))
        );
        assert_eq!(
            parse_decimal("999999999999", s),
            Some(Duration::from_secs(999_999_999_999))
        );
        for bad in [
            "",
            ".",
            "-1",
            "+1",
            "1e3",
            "NaN",
            "inf",
            "1,5",
            "1000000000000",
            "0x10",
            "1 2",
        ] {
            assert_eq!(parse_decimal(bad, s), None, "{bad}");
        }
    }
}
