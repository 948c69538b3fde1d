//! Fault injection specs: the `x-mock-fault` header and [`crate::MockConfig::fault`].
//!
//! A spec is a `;`-separated list of items, each `key=value` or a bare flag:
//!
//! | item | effect |
//! |---|---|
//! | `status=CODE` | answer CODE with `{"message":"mock fault: status CODE"}` |
//! | `retry-after=SECS` | `Retry-After: SECS` header |
//! | `retry-after-date=SECS` | `Retry-After` as an HTTP date SECS seconds from now |
//! | `retry-after-ms=MS` | `retry-after-ms: MS` header |
//! | `ratelimit-reset=SECS` | `X-RateLimit-Reset: SECS` header |
//! | `times=N` | apply the fault only to the first N requests carrying the same `key` |
//! | `for-ms=N` | apply the fault only for N ms from the first request carrying the same `key` (a rate limit that lifts, an outage that ends) |
//! | `key=K` | the counter `times` and `for-ms` use (default: the whole spec text) |
//! | `delay-headers-ms=N` | sleep N ms before sending the response head |
//! | `cut-after=N` | stream: send N events, then abort (HTTP/1.1 closes the socket, HTTP/2 resets the stream) |
//! | `malformed-event` | stream: the 3rd event's data is truncated, invalid JSON |
//! | `unknown-event` | stream: an event `future-thing` after message-start |
//! | `oversized-event=BYTES` | stream: an extra content-delta whose text is BYTES long |
//! | `invalid-utf8` | stream: an extra content-delta with bytes 0xFF 0xFE inside its JSON string |
//! | `stall-ms=N` | stream: pause N ms after the 2nd event; otherwise like `delay-headers-ms` |
//! | `close-after-response` | `connection: close`, close after this response (HTTP/1.1; GOAWAY on HTTP/2) |
//! | `drop` | read the request, close the connection without any response |
//! | `done-marker` | stream: `data: [DONE]` after message-end |
//!
//! Unknown items or bad values are rejected with 400 and a message naming them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A parsed fault spec. Every field defaults to "no fault".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultSpec {
    /// `status=CODE`.
    pub status: Option<u16>,
    /// `retry-after=SECS`.
    pub retry_after: Option<u64>,
    /// `retry-after-date=SECS`.
    pub retry_after_date: Option<u64>,
    /// `retry-after-ms=MS`.
    pub retry_after_ms: Option<u64>,
    /// `ratelimit-reset=SECS`.
    pub ratelimit_reset: Option<u64>,
    /// `times=N`.
    pub times: Option<u64>,
    /// `for-ms=N`.
    pub for_duration: Option<Duration>,
    /// `key=K`.
    pub key: Option<String>,
    /// `delay-headers-ms=N`.
    pub delay_headers: Option<Duration>,
    /// `cut-after=N`.
    pub cut_after: Option<usize>,
    /// `malformed-event`.
    pub malformed_event: bool,
    /// `unknown-event`.
    pub unknown_event: bool,
    /// `oversized-event=BYTES`.
    pub oversized_event: Option<usize>,
    /// `invalid-utf8`.
    pub invalid_utf8: bool,
    /// `stall-ms=N`.
    pub stall: Option<Duration>,
    /// `close-after-response`.
    pub close_after_response: bool,
    /// `drop`.
    pub drop: bool,
    /// `done-marker`.
    pub done_marker: bool,
    /// The spec text this was parsed from (the default `times` key).
    pub source: String,
}

impl FaultSpec {
    /// Parses a spec; the error names every unknown or invalid item.
    pub fn parse(text: &str) -> Result<FaultSpec, String> {
        let mut spec = FaultSpec {
            source: text.trim().to_string(),
            ..FaultSpec::default()
        };
        let mut bad = Vec::new();
        for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = match item.split_once('=') {
                Some((n, v)) => (n.trim(), Some(v.trim())),
                None => (item, None),
            };
            if spec.apply(name, value).is_err() {
                bad.push(item.to_string());
            }
        }
        if bad.is_empty() {
            Ok(spec)
        } else {
            Err(format!(
                "unknown or invalid x-mock-fault item(s): {}",
                bad.join(", ")
            ))
        }
    }

    fn apply(&mut self, name: &str, value: Option<&str>) -> Result<(), ()> {
        let num = || value.and_then(|v| v.parse::<u64>().ok()).ok_or(());
        let ms = || num().map(Duration::from_millis);
        let flag = || if value.is_none() { Ok(true) } else { Err(()) };
        match name {
            "status" => {
                let code = num()?;
                if !(100..=999).contains(&code) {
                    return Err(());
                }
                self.status = Some(code as u16);
            }
            "retry-after" => self.retry_after = Some(num()?),
            "retry-after-date" => self.retry_after_date = Some(num()?),
            "retry-after-ms" => self.retry_after_ms = Some(num()?),
            "ratelimit-reset" => self.ratelimit_reset = Some(num()?),
            "times" => self.times = Some(num()?),
            "for-ms" => self.for_duration = Some(ms()?),
            "key" => self.key = Some(value.filter(|v| !v.is_empty()).ok_or(())?.to_string()),
            "delay-headers-ms" => self.delay_headers = Some(ms()?),
            "cut-after" => self.cut_after = Some(num()? as usize),
            "malformed-event" => self.malformed_event = flag()?,
            "unknown-event" => self.unknown_event = flag()?,
            "oversized-event" => self.oversized_event = Some(num()?.min(64 << 20) as usize),
            "invalid-utf8" => self.invalid_utf8 = flag()?,
            "stall-ms" => self.stall = Some(ms()?),
            "close-after-response" => self.close_after_response = flag()?,
            "drop" => self.drop = flag()?,
            "done-marker" => self.done_marker = flag()?,
            _ => return Err(()),
        }
        Ok(())
    }

    /// Merges `other` over `self` (fields set in `other` win).
    pub fn merged_with(mut self, other: FaultSpec) -> FaultSpec {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        take!(
            status,
            retry_after,
            retry_after_date,
            retry_after_ms,
            ratelimit_reset,
            times,
            key,
            for_duration
        );
        take!(delay_headers, cut_after, oversized_event, stall);
        self.malformed_event |= other.malformed_event;
        self.unknown_event |= other.unknown_event;
        self.invalid_utf8 |= other.invalid_utf8;
        self.close_after_response |= other.close_after_response;
        self.drop |= other.drop;
        self.done_marker |= other.done_marker;
        self.source = format!("{};{}", self.source, other.source);
        self
    }

    /// True when the spec contains no item at all.
    pub fn is_empty(&self) -> bool {
        FaultSpec {
            source: String::new(),
            ..self.clone()
        } == FaultSpec::default()
    }
}

/// Per-key counters for `times=N`, and first-seen times for `for-ms=N`.
#[derive(Debug, Default)]
pub(crate) struct FaultCounters {
    seen: Mutex<HashMap<String, (u64, Instant)>>,
}

impl FaultCounters {
    /// Counts one request carrying `spec` and tells whether the fault applies to it.
    pub(crate) fn applies(&self, spec: &FaultSpec) -> bool {
        self.applies_at(spec, Instant::now())
    }

    fn applies_at(&self, spec: &FaultSpec, now: Instant) -> bool {
        if spec.times.is_none() && spec.for_duration.is_none() {
            return true;
        }
        let key = spec.key.clone().unwrap_or_else(|| spec.source.clone());
        let mut seen = match self.seen.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let (count, first) = seen.entry(key).or_insert((0, now));
        *count += 1;
        let within_times = spec.times.is_none_or(|times| *count <= times);
        let within_time = spec
            .for_duration
            .is_none_or(|d| now.saturating_duration_since(*first) < d);
        within_times && within_time
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_items_and_flags() {
        let s = FaultSpec::parse("status=503; retry-after=2;times=2;key=a;drop").unwrap();
        assert_eq!(s.status, Some(503));
        assert_eq!(s.retry_after, Some(2));
        assert_eq!(s.times, Some(2));
        assert_eq!(s.key.as_deref(), Some("a"));
        assert!(s.drop);
    }

    #[test]
    fn rejects_unknown_items_by_name() {
        let err = FaultSpec::parse("status=503;stauts=1;drop=3").unwrap_err();
        assert!(err.contains("stauts=1") && err.contains("drop=3"), "{err}");
    }

    #[test]
    fn times_counts_per_key() {
        let c = FaultCounters::default();
        let s = FaultSpec::parse("status=503;times=2;key=k").unwrap();
        assert!(c.applies(&s));
        assert!(c.applies(&s));
        assert!(!c.applies(&s));
        let other = FaultSpec::parse("status=503;times=1;key=j").unwrap();
        assert!(c.applies(&other));
    }

    #[test]
    fn for_ms_applies_from_the_first_request_for_that_long() {
        let c = FaultCounters::default();
        let s = FaultSpec::parse("status=429;retry-after=1;for-ms=1000;key=w").unwrap();
        assert_eq!(s.for_duration, Some(Duration::from_millis(1000)));
        let t0 = Instant::now();
        assert!(c.applies_at(&s, t0));
        assert!(c.applies_at(&s, t0 + Duration::from_millis(999)));
        assert!(!c.applies_at(&s, t0 + Duration::from_millis(1000)));
        assert!(!c.applies_at(&s, t0 + Duration::from_secs(5)));
        // With times as well, both must hold.
        let both = FaultSpec::parse("status=503;times=1;for-ms=1000;key=b").unwrap();
        assert!(c.applies_at(&both, t0));
        assert!(!c.applies_at(&both, t0));
    }

    #[test]
    fn empty_spec_is_empty() {
        assert!(FaultSpec::parse(" ; ").unwrap().is_empty());
        assert!(!FaultSpec::parse("done-marker").unwrap().is_empty());
    }
}
