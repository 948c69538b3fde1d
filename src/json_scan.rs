//! A validating JSON scanner that keeps only the few fields the stream rules and
//! error messages need: a top-level `type` and `message`.
//!
//! Written by hand rather than with serde_json because of where it runs: the JS
//! surface hands every stream event to JavaScript as raw JSON (which parses it
//! anyway) and only needs to know that it is valid JSON and whether it is
//! `message-end`. A serde derive for that pulls
//! serde_json's deserializer, its error formatting and float printing into the
//! WebAssembly module (about a fifth of it, measured); this scanner costs a few
//! hundred bytes, allocates only the strings it keeps, and cannot recurse past
//! [`MAX_DEPTH`], so no input can exhaust the stack.

use std::fmt;

/// Deepest nesting accepted (serde_json's default limit is 128 as well).
pub(crate) const MAX_DEPTH: usize = 128;

/// The fields kept from a scanned value (each only when it is a string).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Fields {
    /// The top-level `type`.
    pub kind: Option<String>,
    /// The top-level `message`.
    pub message: Option<String>,
}

/// Why the input is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    pub what: &'static str,
    pub offset: usize,
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

/// Checks that `input` is exactly one JSON value (surrounding whitespace allowed)
/// and returns the kept fields.
pub(crate) fn scan(input: &str) -> Result<Fields, ScanError> {
    let mut s = Scanner {
        b: input.as_bytes(),
        i: 0,
        fields: Fields::default(),
    };
    s.ws();
    s.value(0, Where::Top)?;
    s.ws();
    if s.i != s.b.len() {
        return Err(s.err("trailing characters"));
    }
    Ok(s.fields)
}

/// Where a value sits, for the fields worth keeping.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Top,
    TopObject,
    Other,
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    fields: Fields,
}

impl Scanner<'_> {
    fn err(&self, what: &'static str) -> ScanError {
        ScanError {
            what,
            offset: self.i,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize, at: Where) -> Result<(), ScanError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth, at),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string(false).map(drop),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a value")),
            None => Err(self.err("unexpected end of input")),
        }
    }

    fn object(&mut self, depth: usize, at: Where) -> Result<(), ScanError> {
        self.i += 1; // '{'
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        let inside = if at == Where::Top {
            Where::TopObject
        } else {
            Where::Other
        };
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a key"));
            }
            // Keys are compared in place; only an escaped key is unescaped.
            let start = self.i;
            self.string(false)?;
            let raw = &self.b[start + 1..self.i - 1];
            let unescaped;
            let key: &[u8] = if raw.contains(&b'\\') {
                let mut again = Scanner {
                    b: self.b,
                    i: start,
                    fields: Fields::default(),
                };
                unescaped = again.string(true)?.unwrap_or_default();
                unescaped.as_bytes()
            } else {
                raw
            };
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected ':'"));
            }
            self.i += 1;
            self.ws();
            let slot = match (inside, key) {
                (Where::TopObject, b"type") => Some(0),
                (Where::TopObject, b"message") => Some(1),
                _ => None,
            };
            match slot {
                Some(n) if self.peek() == Some(b'"') => {
                    let v = self.string(true)?;
                    let field = match n {
                        0 => &mut self.fields.kind,
                        _ => &mut self.fields.message,
                    };
                    *field = v;
                }
                _ => self.value(depth + 1, Where::Other)?,
            }
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), ScanError> {
        self.i += 1; // '['
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.value(depth + 1, Where::Other)?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), ScanError> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), ScanError> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(())
    }

    /// A string at `self.i` (which is `"`); its unescaped text when `keep`.
    fn string(&mut self, keep: bool) -> Result<Option<String>, ScanError> {
        self.i += 1; // '"'
        let mut out = keep.then(String::new);
        let mut run = self.i; // start of the unescaped run not yet copied
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("unterminated string"));
            };
            match c {
                b'"' => {
                    if let Some(o) = out.as_mut() {
                        o.push_str(self.text(run, self.i));
                    }
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    if let Some(o) = out.as_mut() {
                        o.push_str(self.text(run, self.i));
                    }
                    self.i += 1;
                    let ch = self.escape()?;
                    if let Some(o) = out.as_mut() {
                        o.push(ch);
                    }
                    run = self.i;
                }
                0x00..=0x1f => return Err(self.err("control character in string")),
                _ => self.i += 1,
            }
        }
    }

    /// `self.b[from..to]` as text: the input is a `&str` and both ends sit on
    /// ASCII bytes (a quote or a backslash), so the slice is valid UTF-8.
    fn text(&self, from: usize, to: usize) -> &str {
        std::str::from_utf8(&self.b[from..to]).unwrap_or_default()
    }

    /// The escape after a backslash; a lone surrogate becomes U+FFFD.
    fn escape(&mut self) -> Result<char, ScanError> {
        let c = self.peek().ok_or_else(|| self.err("unterminated string"))?;
        self.i += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) && self.b[self.i..].starts_with(b"\\u") {
                    let save = self.i;
                    self.i += 2;
                    let lo = self.hex4()?;
                    if (0xDC00..0xE000).contains(&lo) {
                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        return Ok(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                    }
                    self.i = save;
                }
                char::from_u32(hi).unwrap_or('\u{FFFD}')
            }
            _ => {
                self.i -= 1;
                return Err(self.err("invalid escape"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, ScanError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("invalid \\u escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_fields_it_is_asked_for() {
        let f = scan(r#"{"type":"message-end","delta":{"finish_reason":"ERROR","error":"boom \"x\" \u00e9\ud83d\ude00"}}"#)
            .unwrap();
        assert_eq!(f.kind.as_deref(), Some("message-end"));
        assert_eq!(f.message, None);
        let f = scan(r#" {"message": "slow down", "nested": {"type": "no", "message": "no"}} "#)
            .unwrap();
        assert_eq!(f.message.as_deref(), Some("slow down"));
        assert_eq!(f.kind, None);
        // Only strings are kept, and only at the top.
        let f = scan(r#"{"type":1,"x":{"type":"no"},"delta":{"message":"no"}}"#).unwrap();
        assert_eq!(f, Fields::default());
    }

    #[test]
    fn accepts_what_serde_json_accepts() {
        for ok in [
            "0",
            "-0",
            "1.5e-3",
            "-12E+4",
            "true",
            "null",
            r#""""#,
            "[]",
            "{}",
            r#"[1, [2, {"a": [true, false, null]}], "x\n\t\\\/"]"#,
            r#"{"a":{"b":{"c":[{"d":"\u0041"}]}}}"#,
            " \r\n\t{} ",
        ] {
            same_verdict_as_serde_json(ok, true);
        }
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        for bad in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "tru",
            "nul",
            "\"abc",
            "\"a\u{1}b\"",
            "\"\\x\"",
            "\"\\u12g4\"",
            "{} {}",
            "[1 2]",
            "'a'",
            "NaN",
        ] {
            same_verdict_as_serde_json(bad, false);
        }
    }

    /// The scanner and serde_json both accept `input` (`valid`), or both reject it.
    fn same_verdict_as_serde_json(input: &str, valid: bool) {
        assert_eq!(scan(input).is_ok(), valid, "scan: {input:?}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(input).is_ok(),
            valid,
            "serde_json: {input:?}"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(scan(&deep).unwrap_err().what, "nested too deeply");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(scan(&ok).is_ok());
    }

    #[test]
    fn errors_say_where() {
        let e = scan(r#"{"a": tru}"#).unwrap_err();
        assert_eq!(e.to_string(), "invalid literal at byte 6");
    }
}
