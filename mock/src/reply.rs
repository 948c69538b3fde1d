//! Deterministic content: prompt extraction, reply words, ids and hashes.

use serde_json::Value;

/// The text of the last `user` message: a string content, or its `text` parts joined by
/// a space. Empty when there is none.
pub(crate) fn last_user_text(messages: &[Value]) -> String {
    let Some(msg) = messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
    else {
        return String::new();
    };
    match msg.get("content") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter(|p| p.get("type").and_then(Value::as_str) == Some("text"))
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

/// Exactly `count` words: `Echo:` followed by the prompt's words, cycled
/// (`(empty)` stands in for an empty prompt).
pub(crate) fn reply_words(prompt: &str, count: usize) -> Vec<String> {
    let mut source: Vec<&str> = prompt.split_whitespace().collect();
    if source.is_empty() {
        source.push("(empty)");
    }
    std::iter::once("Echo:")
        .chain(source.iter().copied().cycle())
        .take(count)
        .map(str::to_string)
        .collect()
}

/// The stream pieces of `words`: each word with a leading space except the first.
/// Concatenated they equal `words.join(" ")`.
pub(crate) fn word_pieces(words: &[String]) -> Vec<String> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| if i == 0 { w.clone() } else { format!(" {w}") })
        .collect()
}

/// Splits `text` into about `parts` pieces on character boundaries (at least one piece).
pub(crate) fn split_pieces(text: &str, parts: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    let size = chars.len().div_ceil(parts.max(1));
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

/// A rough token count: whitespace-separated words (at least 1).
pub(crate) fn token_count(text: &str) -> u64 {
    text.split_whitespace().count().max(1) as u64
}

/// FNV-1a 64-bit hash of `bytes`.
pub(crate) fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// splitmix64 step: a tiny deterministic generator.
pub(crate) fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A UUID-shaped id, deterministic in `seq`.
pub(crate) fn uuid_like(seq: u64) -> String {
    let mut s = seq;
    let a = splitmix(&mut s);
    let b = splitmix(&mut s);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0xfff) as u16,
        (b >> 52) as u16 & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prompt_from_string_or_parts() {
        let m = vec![
            json!({"role":"user","content":"first"}),
            json!({"role":"assistant","content":"x"}),
            json!({"role":"user","content":[{"type":"text","text":"a b"},{"type":"image_url"},{"type":"text","text":"c"}]}),
        ];
        assert_eq!(last_user_text(&m), "a b c");
        assert_eq!(last_user_text(&m[..1]), "first");
        assert_eq!(last_user_text(&[]), "");
    }

    #[test]
    fn reply_has_exactly_n_words_and_pieces_join() {
        let w = reply_words("hi there", 5);
        assert_eq!(w, ["Echo:", "hi", "there", "hi", "there"]);
        assert_eq!(word_pieces(&w).concat(), w.join(" "));
        assert!(reply_words("", 0).is_empty());
        assert_eq!(reply_words("", 2), ["Echo:", "(empty)"]);
    }

    #[test]
    fn split_pieces_rejoins() {
        let s = "{\"query\": \"héllo wörld\"}";
        assert_eq!(split_pieces(s, 4).concat(), s);
        assert_eq!(split_pieces("", 4), [""]);
    }

    #[test]
    fn uuid_shape() {
        let id = uuid_like(7);
        assert_eq!(id.len(), 36);
        assert_eq!(id, uuid_like(7));
        assert_ne!(id, uuid_like(8));
    }
}
