//! Incremental Server-Sent Events decoder (the WHATWG `text/event-stream` format).
//!
//! Written by hand rather than taken from a crate because the client needs all of
//! these at once, sans-IO, on every target: bytes in any split (a UTF-8 character or
//! a CRLF may straddle two chunks), LF / CRLF / CR line ends, comments, multi-line
//! `data`, `id` and `retry` fields, a leading BOM, and a hard bound on line and event
//! size so a hostile or broken server cannot grow memory without limit. Events are
//! handed out borrowed, so the hot path copies each byte once.
//!
//! ```
//! use cohere_edge::sse::SseDecoder;
//! let mut dec = SseDecoder::new();
//! let mut seen = Vec::new();
//! dec.feed(b"event: ping\ndata: a\r\ndata:", |e| seen.push(e.unwrap().into_owned()));
//! dec.feed(b" b\r\rdata: c\n\n", |e| seen.push(e.unwrap().into_owned()));
//! assert_eq!(seen[0].event.as_deref(), Some("ping"));
//! assert_eq!(seen[0].data, "a\nb");
//! assert_eq!(seen[1].data, "c");
//! ```

/// Default bound on one line and on one event's data: 1 MiB.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 1024 * 1024;

/// An event as the decoder hands it out, borrowing its buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseEventRef<'a> {
    /// The `event:` field, when the event had one.
    pub event: Option<&'a str>,
    /// The `data:` lines joined with `\n`.
    pub data: &'a str,
    /// The last `id:` seen in the stream so far.
    pub id: Option<&'a str>,
    /// The `retry:` field of this event, in milliseconds.
    pub retry: Option<u64>,
}

/// An owned event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The `event:` field, when the event had one.
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last `id:` seen in the stream so far.
    pub id: Option<String>,
    /// The `retry:` field of this event, in milliseconds.
    pub retry: Option<u64>,
}

impl SseEventRef<'_> {
    /// Copies the event out of the decoder's buffers.
    pub fn into_owned(self) -> SseEvent {
        SseEvent {
            event: self.event.map(str::to_owned),
            data: self.data.to_owned(),
            id: self.id.map(str::to_owned),
            retry: self.retry,
        }
    }
}

/// A problem with one event. The decoder skips that event and goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    /// A line or an event's data went past the limit; the event was dropped
    /// without buffering the rest of it.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A field of the event was not valid UTF-8; the event was dropped.
    InvalidUtf8,
}

impl std::fmt::Display for SseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SseError::TooLarge { limit } => write!(f, "event larger than {limit} bytes"),
            SseError::InvalidUtf8 => f.write_str("event is not valid UTF-8"),
        }
    }
}

/// The incremental decoder. Feed it chunks as they arrive; it calls back once per
/// complete event (or per bad event).
#[derive(Debug)]
pub struct SseDecoder {
    max: usize,
    /// Bytes of a line whose end has not arrived yet.
    line: Vec<u8>,
    /// The previous chunk ended in `\r`: a `\n` starting the next one belongs to it.
    skip_lf: bool,
    /// No line has been processed yet (a BOM may lead the stream).
    at_start: bool,
    /// Dropping the rest of an over-long line.
    discard_line: bool,
    /// Dropping fields until the end of a bad event.
    discard_event: bool,
    invalid_utf8: bool,
    event: String,
    has_event: bool,
    data: String,
    has_data: bool,
    id: String,
    has_id: bool,
    retry: Option<u64>,
    /// Fields of an event in progress have been seen.
    in_event: bool,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A decoder with the default limit of 1 MiB per line and per event.
    pub fn new() -> Self {
        Self::with_limit(DEFAULT_MAX_EVENT_BYTES)
    }

    /// A decoder with a custom limit (bytes per line and per event's data; at least 1).
    pub fn with_limit(max_event_bytes: usize) -> Self {
        SseDecoder {
            max: max_event_bytes.max(1),
            line: Vec::new(),
            skip_lf: false,
            at_start: true,
            discard_line: false,
            discard_event: false,
            invalid_utf8: false,
            event: String::new(),
            has_event: false,
            data: String::new(),
            has_data: false,
            id: String::new(),
            has_id: false,
            retry: None,
            in_event: false,
        }
    }

    /// Decodes one chunk, calling `emit` for every event completed by it.
    pub fn feed<F>(&mut self, chunk: &[u8], mut emit: F)
    where
        F: FnMut(Result<SseEventRef<'_>, SseError>),
    {
        let mut rest = chunk;
        if self.skip_lf && !rest.is_empty() {
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
            self.skip_lf = false;
        }
        while !rest.is_empty() {
            let Some(i) = memchr::memchr2(b'\n', b'\r', rest) else {
                self.buffer_partial(rest, &mut emit);
                break;
            };
            let mut next = i + 1;
            if rest[i] == b'\r' {
                if next < rest.len() {
                    if rest[next] == b'\n' {
                        next += 1;
                    }
                } else {
                    self.skip_lf = true;
                }
            }
            if self.discard_line {
                // The tail of an over-long line: drop it.
                self.discard_line = false;
                self.line.clear();
            } else if self.line.is_empty() {
                self.process_line(&rest[..i], &mut emit);
            } else if self.line.len() + i > self.max {
                self.line.clear();
                self.fail(SseError::TooLarge { limit: self.max }, &mut emit);
            } else {
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&rest[..i]);
                self.process_line(&line, &mut emit);
                line.clear();
                self.line = line;
            }
            rest = &rest[next..];
        }
    }

    /// Ends the stream. An event without its closing blank line is dropped, as the
    /// SSE specification says; returns true when there was such an unfinished event.
    pub fn finish(&mut self) -> bool {
        let unfinished = self.in_event || !self.line.is_empty() || self.discard_line;
        self.line.clear();
        self.reset_event();
        self.discard_line = false;
        self.discard_event = false;
        self.skip_lf = false;
        unfinished
    }

    fn buffer_partial<F>(&mut self, part: &[u8], emit: &mut F)
    where
        F: FnMut(Result<SseEventRef<'_>, SseError>),
    {
        if self.discard_line {
            return;
        }
        if self.line.len() + part.len() > self.max {
            self.line = Vec::new();
            self.fail(SseError::TooLarge { limit: self.max }, emit);
            self.discard_line = true;
        } else {
            self.line.extend_from_slice(part);
        }
    }

    /// Reports a bad event once and drops the rest of it.
    fn fail<F>(&mut self, err: SseError, emit: &mut F)
    where
        F: FnMut(Result<SseEventRef<'_>, SseError>),
    {
        if !self.discard_event {
            emit(Err(err));
        }
        self.discard_event = true;
        self.in_event = true;
        self.data = String::new();
        self.has_data = false;
    }

    fn process_line<F>(&mut self, mut line: &[u8], emit: &mut F)
    where
        F: FnMut(Result<SseEventRef<'_>, SseError>),
    {
        if self.at_start {
            self.at_start = false;
            if let Some(stripped) = line.strip_prefix(b"\xEF\xBB\xBF") {
                line = stripped;
            }
        }
        if line.is_empty() {
            self.dispatch(emit);
            return;
        }
        self.in_event = true;
        if line.len() > self.max {
            self.fail(SseError::TooLarge { limit: self.max }, emit);
            return;
        }
        if self.discard_event || line[0] == b':' {
            return;
        }
        let (field, value) = match memchr::memchr(b':', line) {
            Some(c) => {
                let v = &line[c + 1..];
                (&line[..c], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        let Ok(value) = std::str::from_utf8(value) else {
            self.invalid_utf8 = true;
            return;
        };
        match field {
            b"data" => {
                if self.data.len() + value.len() + 1 > self.max {
                    self.fail(SseError::TooLarge { limit: self.max }, emit);
                    return;
                }
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            b"event" => {
                self.event.clear();
                self.event.push_str(value);
                self.has_event = true;
            }
            b"id" if !value.contains('\0') => {
                self.id.clear();
                self.id.push_str(value);
                self.has_id = true;
            }
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
    }

    fn dispatch<F>(&mut self, emit: &mut F)
    where
        F: FnMut(Result<SseEventRef<'_>, SseError>),
    {
        if self.discard_event {
            self.discard_event = false;
        } else if self.invalid_utf8 {
            emit(Err(SseError::InvalidUtf8));
        } else if self.has_data {
            emit(Ok(SseEventRef {
                event: self.has_event.then_some(self.event.as_str()),
                data: &self.data,
                id: self.has_id.then_some(self.id.as_str()),
                retry: self.retry,
            }));
        }
        self.reset_event();
    }

    fn reset_event(&mut self) {
        self.event.clear();
        self.has_event = false;
        self.data.clear();
        self.has_data = false;
        self.retry = None;
        self.invalid_utf8 = false;
        self.in_event = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_chunks(chunks: &[&[u8]], limit: usize) -> Vec<Result<SseEvent, SseError>> {
        let mut dec = SseDecoder::with_limit(limit);
        let mut out = Vec::new();
        for c in chunks {
            dec.feed(c, |e| out.push(e.map(SseEventRef::into_owned)));
        }
        dec.finish();
        out
    }

    fn decode(input: &str) -> Vec<SseEvent> {
        decode_chunks(&[input.as_bytes()], DEFAULT_MAX_EVENT_BYTES)
            .into_iter()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn line_endings_lf_crlf_cr() {
        for input in [
            "event: a\ndata: 1\n\ndata: 2\n\n",
            "event: a\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n",
            "event: a\rdata: 1\r\rdata: 2\r\r",
            "event: a\r\ndata: 1\r\rdata: 2\n\n",
        ] {
            let ev = decode(input);
            assert_eq!(ev.len(), 2, "{input:?}");
            assert_eq!(ev[0].event.as_deref(), Some("a"));
            assert_eq!(ev[0].data, "1");
            assert_eq!(ev[1].event, None);
            assert_eq!(ev[1].data, "2");
        }
    }

    #[test]
    fn crlf_split_across_chunks_is_one_line_end() {
        let out = decode_chunks(&[b"data: x\r", b"\ndata: y\r", b"\n\r", b"\n"], 1024);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap().data, "x\ny");
    }

    #[test]
    fn comments_and_unknown_fields_are_ignored() {
        let ev = decode(": ping\n\n: keep-alive\nfoo: bar\ndata: hi\n\n");
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].data, "hi");
    }

    #[test]
    fn multi_line_data_and_field_forms() {
        let ev = decode("data\ndata:x\ndata:  y\n\n");
        assert_eq!(ev[0].data, "\nx\n y");
    }

    #[test]
    fn id_persists_and_retry_parses() {
        let ev =
            decode("id: 7\nretry: 1500\ndata: a\n\ndata: b\n\nid: 8\0\nretry: x1\ndata: c\n\n");
        assert_eq!(ev[0].id.as_deref(), Some("7"));
        assert_eq!(ev[0].retry, Some(1500));
        assert_eq!(ev[1].id.as_deref(), Some("7"));
        assert_eq!(ev[1].retry, None);
        assert_eq!(ev[2].id.as_deref(), Some("7"));
        assert_eq!(ev[2].retry, None);
    }

    #[test]
    fn event_without_data_is_not_dispatched() {
        let ev = decode("event: a\n\ndata: b\n\n");
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].event, None);
    }

    #[test]
    fn utf8_split_across_chunks() {
        let s = "data: héllo → 世界 🎉\n\n".as_bytes();
        for cut in 0..s.len() {
            let out = decode_chunks(&[&s[..cut], &s[cut..]], 1024);
            assert_eq!(out.len(), 1, "cut {cut}");
            assert_eq!(out[0].as_ref().unwrap().data, "héllo → 世界 🎉");
        }
    }

    #[test]
    fn bom_is_stripped_at_start_only() {
        let ev = decode("\u{feff}data: a\n\n");
        assert_eq!(ev[0].data, "a");
        let out = decode_chunks(&[b"\xEF\xBB", b"\xBFdata: a\n\n"], 1024);
        assert_eq!(out[0].as_ref().unwrap().data, "a");
    }

    #[test]
    fn invalid_utf8_drops_only_that_event() {
        let out = decode_chunks(&[b"data: \xFF\xFE\n\ndata: ok\n\n"], 1024);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0], Err(SseError::InvalidUtf8));
        assert_eq!(out[1].as_ref().unwrap().data, "ok");
    }

    #[test]
    fn oversized_line_is_an_error_and_memory_stays_bounded() {
        let mut dec = SseDecoder::with_limit(64);
        let mut out = Vec::new();
        dec.feed(b"data: ", |e| out.push(e.map(SseEventRef::into_owned)));
        for _ in 0..1000 {
            dec.feed(&[b'x'; 100], |e| out.push(e.map(SseEventRef::into_owned)));
            assert!(
                dec.line.capacity() <= 128,
                "buffer grew to {}",
                dec.line.capacity()
            );
        }
        dec.feed(b"\n\ndata: after\n\n", |e| {
            out.push(e.map(SseEventRef::into_owned))
        });
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0], Err(SseError::TooLarge { limit: 64 }));
        assert_eq!(out[1].as_ref().unwrap().data, "after");
    }

    #[test]
    fn oversized_event_from_many_lines_is_an_error() {
        let mut input = String::new();
        for _ in 0..20 {
            input.push_str("data: 0123456789\n");
        }
        input.push_str("\ndata: next\n\n");
        let out = decode_chunks(&[input.as_bytes()], 64);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0], Err(SseError::TooLarge { limit: 64 }));
        assert_eq!(out[1].as_ref().unwrap().data, "next");
    }

    #[test]
    fn unfinished_event_is_reported_by_finish() {
        let mut dec = SseDecoder::new();
        let mut n = 0;
        dec.feed(b"data: a\n\ndata: b", |_| n += 1);
        assert_eq!(n, 1);
        assert!(dec.finish());
        let mut dec = SseDecoder::new();
        dec.feed(b"data: a\n\n", |_| {});
        assert!(!dec.finish());
    }
}
