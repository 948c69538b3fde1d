//! [`Headers`]: the few request and response headers the client deals in.
//!
//! The crate's own small list rather than `http::HeaderMap`: every string lookup
//! or insert into a `HeaderMap` goes through `http`'s table of standard header
//! names, which alone was about a tenth of the WebAssembly module (measured with
//! twiggy). A client sends fewer than ten headers and reads six, so a vector
//! with checked, lowercase names does the job. The native transport converts it
//! to http's map at the boundary.

use std::borrow::Cow;
use std::fmt;

use crate::error::{Error, Result};

/// Header names whose values never appear in `Debug` output.
const SENSITIVE: [&str; 1] = ["authorization"];

/// An ordered list of headers with lowercase, valid names and valid values.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Headers {
    entries: Vec<(Cow<'static, str>, String)>,
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (name, value) in &self.entries {
            if SENSITIVE.contains(&name.as_ref()) {
                m.entry(name, &"<redacted>");
            } else {
                m.entry(name, value);
            }
        }
        m.finish()
    }
}

/// RFC 9110 token characters.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Visible ASCII, spaces and tabs: no line breaks, no NUL, nothing a header
/// could be split or smuggled with.
fn is_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

impl Headers {
    /// Checks `name` and `value`, and returns the lowercase name.
    fn check(name: &str, value: &str) -> Result<String> {
        if !is_token(name) {
            return Err(Error::Config(format!("invalid header name '{name}'")));
        }
        if !is_value(value) {
            return Err(Error::Config(format!("invalid value for header '{name}'")));
        }
        Ok(name.to_ascii_lowercase())
    }

    /// Adds a header, keeping any others of the same name.
    pub(crate) fn append(&mut self, name: &str, value: &str) -> Result<()> {
        let name = Self::check(name, value)?;
        self.entries.push((Cow::Owned(name), value.to_owned()));
        Ok(())
    }

    /// Sets a header, replacing every other of the same name.
    pub(crate) fn set(&mut self, name: &str, value: &str) -> Result<()> {
        let name = Self::check(name, value)?;
        self.replace(Cow::Owned(name), value);
        Ok(())
    }

    /// Sets a header whose name is a known-good lowercase constant.
    pub(crate) fn set_static(&mut self, name: &'static str, value: &str) -> Result<()> {
        debug_assert!(is_token(name) && !name.bytes().any(|b| b.is_ascii_uppercase()));
        if !is_value(value) {
            return Err(Error::Config(format!("invalid value for header '{name}'")));
        }
        self.replace(Cow::Borrowed(name), value);
        Ok(())
    }

    /// Puts `name: value` in place of every header of that (checked) name.
    fn replace(&mut self, name: Cow<'static, str>, value: &str) {
        self.entries.retain(|(n, _)| *n != name);
        self.entries.push((name, value.to_owned()));
    }

    /// The first value of `name` (lowercase).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every header, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }

    /// Whether `name`'s value must not be shown (transports mark it so too).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(crate) fn is_sensitive(name: &str) -> bool {
        SENSITIVE.contains(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_lowercased_and_values_cannot_break_lines() {
        let mut h = Headers::default();
        h.append("X-Trace-Id", "abc").unwrap();
        h.append("x-trace-id", "def").unwrap();
        assert_eq!(h.get("x-trace-id"), Some("abc"));
        h.set("X-TRACE-ID", "ghi").unwrap();
        assert_eq!(h.iter().collect::<Vec<_>>(), [("x-trace-id", "ghi")]);
        for bad in ["", "bad name", "a:b", "é", "a\r\nb"] {
            assert!(matches!(h.append(bad, "v"), Err(Error::Config(_))), "{bad}");
        }
        for bad in ["a\r\nx-injected: 1", "a\nb", "nul\0", "caf\u{e9}"] {
            assert!(matches!(h.append("x", bad), Err(Error::Config(_))), "{bad}");
        }
        assert!(h.append("x", "tabs\tand spaces ok").is_ok());
    }

    #[test]
    fn authorization_is_redacted_in_debug() {
        let mut h = Headers::default();
        h.set_static("authorization", "Bearer sk-secret").unwrap();
        h.set_static("user-agent", "ua").unwrap();
        let shown = format!("{h:?}");
        assert!(!shown.contains("sk-secret"), "{shown}");
        assert!(shown.contains("<redacted>") && shown.contains("ua"));
    }
}
