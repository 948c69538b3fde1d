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
//! | `key=K` | the counter `times` uses (default: the whole spec text) |
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
use std::time::Duration;

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
            key
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

/// Per-key counters for `times=N`.
#[derive(Debug, Default)]
pub(crate) struct FaultCounters {
    seen: Mutex<HashMap<String, u64>>,
}

impl FaultCounters {
    /// Counts one request carrying `spec` and tells whether the fault applies to it.
    pub(crate) fn applies(&self, spec: &FaultSpec) -> bool {
        let Some(times) = spec.times else { return true };
        let key = spec.key.clone().unwrap_or_else(|| spec.source.clone());
        let mut seen = match self.seen.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let count = seen.entry(key).or_insert(0);
        *count += 1;
        *count <= times
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
    fn empty_spec_is_empty() {
        assert!(FaultSpec::parse(" ; ").unwrap().is_empty());
        assert!(!FaultSpec::parse("done-marker").unwrap().is_empty());
    }
}
