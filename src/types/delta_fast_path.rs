//! A fast path for the one event a chat stream is mostly made of:
//! `{"type":"content-delta","index":N,"delta":{"message":{"content":{"text":"…"}}}}`.
//!
//! Written by hand because serde_json, general by design, spends most of a stream's
//! parse time walking those four nested objects key by key (measured with
//! `cargo bench --bench micro`: about three quarters of SSE decode + parse). This
//! matcher accepts only that exact layout, byte for byte, with a text that needs no
//! unescaping; anything else (other keys or key order, whitespace, escapes, logprobs,
//! thinking) returns `None` and goes through serde_json as before. When it returns an
//! event, that event is the one serde_json would have produced (the tests below, and a
//! property test in tests/stream_parsing.rs, check this).

use super::{ContentDeltaEvent, ContentFragment, ContentMessage, Delta, Extra};

const HEAD: &str = r#"{"type":"content-delta","index":"#;
const MIDDLE: &str = r#","delta":{"message":{"content":{"text":""#;
const TAIL: &str = r#""}}}}"#;

/// The event when `data` has exactly the common layout, else `None`.
pub(crate) fn content_delta(data: &str) -> Option<ContentDeltaEvent> {
    let rest = data.strip_prefix(HEAD)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = rest.split_at(digits);
    let index = json_u32(number)?;
    let text = rest.strip_prefix(MIDDLE)?.strip_suffix(TAIL)?;
    // A string needing no unescaping: no quote, backslash or control character.
    if text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        return None;
    }
    // Every level is exactly as sent, so no level has fields of its own to keep.
    Some(ContentDeltaEvent {
        index: Some(index),
        delta: Some(Delta {
            message: Some(ContentMessage {
                content: Some(ContentFragment {
                    kind: None,
                    text: Some(text.to_owned()),
                    thinking: None,
                    extra: Extra::new(),
                }),
                extra: Extra::new(),
            }),
            extra: Extra::new(),
        }),
        logprobs: None,
        extra: Extra::new(),
    })
}

/// A JSON integer that fits a u32 (no sign, no leading zero, as JSON requires).
fn json_u32(digits: &str) -> Option<u32> {
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json makes of `data`, as `StreamEvent::from_json` keeps it
    /// (the `type` key is the variant, not an unknown field).
    fn serde(data: &str) -> Option<ContentDeltaEvent> {
        let mut event: ContentDeltaEvent = serde_json::from_str(data).ok()?;
        event.extra.remove("type");
        Some(event)
    }

    #[test]
    fn the_common_layout_takes_the_fast_path() {
        let data = r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":" pooling"}}}}"#;
        let fast = content_delta(data).expect("fast path");
        assert_eq!(Some(fast.clone()), serde(data));
        assert_eq!(
            fast.delta
                .unwrap()
                .message
                .unwrap()
                .content
                .unwrap()
                .text
                .as_deref(),
            Some(" pooling")
        );
    }

    #[test]
    fn anything_else_goes_to_serde() {
        for data in [
            r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a\nb"}}}}"#,
            r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"\u00e9"}}}}"#,
            r#"{"type":"content-delta","index":01,"delta":{"message":{"content":{"text":"x"}}}}"#,
            r#"{"type":"content-delta","index":-1,"delta":{"message":{"content":{"text":"x"}}}}"#,
            r#"{"type":"content-delta","index":4294967296,"delta":{"message":{"content":{"text":"x"}}}}"#,
            r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"thinking":"x"}}}}"#,
            r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"x"}}},"logprobs":{}}"#,
            r#"{"type": "content-delta","index":0,"delta":{"message":{"content":{"text":"x"}}}}"#,
            r#"{"index":0,"type":"content-delta","delta":{"message":{"content":{"text":"x"}}}}"#,
            r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"x"}}}} "#,
            r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"x"}}}}}"#,
            r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"x"#,
        ] {
            assert_eq!(content_delta(data), None, "{data}");
        }
    }
}
