//! `POST /v1/tokenize`, `POST /v1/detokenize` and `POST /v1/check-api-key`, in
//! the API's wire shapes. The mock's tokenizer is one token per character, the
//! token id being the character's code point, so detokenize inverts tokenize
//! exactly and a test can predict both.

use serde_json::{json, Value};

/// The longest text the API tokenizes, in characters.
const MAX_TEXT_CHARS: usize = 65_536;

fn meta() -> Value {
    json!({ "api_version": { "version": "1" } })
}

fn model_of(body: &Value) -> Result<(), String> {
    match body.get("model") {
        Some(Value::String(m)) if !m.is_empty() => Ok(()),
        Some(_) => Err("model must be a non-empty string".into()),
        None => Err("model is required".into()),
    }
}

/// The field `name` of a request that also needs a model, as `read` takes it, or
/// the error `what` (the field is checked first, as the API does).
fn input<'a, T>(
    body: &'a Value,
    name: &str,
    read: fn(&'a Value) -> Option<T>,
    what: &str,
) -> Result<T, String> {
    let value = body.get(name).and_then(read).ok_or(what)?;
    model_of(body)?;
    Ok(value)
}

/// `{ text, model }` -> `{ tokens, token_strings, meta }`.
pub(crate) fn tokenize(body: &Value) -> Result<Value, String> {
    let text = input(
        body,
        "text",
        Value::as_str,
        "text is required and must be a string",
    )?;
    let count = text.chars().count();
    if count == 0 || count > MAX_TEXT_CHARS {
        return Err(format!(
            "text must be between 1 and {MAX_TEXT_CHARS} characters"
        ));
    }
    let tokens: Vec<u32> = text.chars().map(u32::from).collect();
    let strings: Vec<String> = text.chars().map(String::from).collect();
    Ok(json!({ "tokens": tokens, "token_strings": strings, "meta": meta() }))
}

/// `{ tokens, model }` -> `{ text, meta }`.
pub(crate) fn detokenize(body: &Value) -> Result<Value, String> {
    let what = "tokens is required and must be an array of integers";
    let tokens = input(body, "tokens", Value::as_array, what)?;
    let mut text = String::new();
    for t in tokens {
        let id = t
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("invalid token {t}"))?;
        text.push(char::from_u32(id).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    Ok(json!({ "text": text, "meta": meta() }))
}

/// The answer for a key that passed the mock's auth check.
pub(crate) fn check_api_key() -> Value {
    json!({
        "valid": true,
        "organization_id": "mock-organization",
        "owner_id": "mock-owner",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenize_inverts_tokenize() {
        let t = tokenize(&json!({"text": "Hé 👋", "model": "m"})).unwrap();
        assert_eq!(t["tokens"], json!([72, 233, 32, 128075]));
        assert_eq!(t["token_strings"], json!(["H", "é", " ", "👋"]));
        let d = detokenize(&json!({"tokens": t["tokens"], "model": "m"})).unwrap();
        assert_eq!(d["text"], "Hé 👋");
        assert!(tokenize(&json!({"text": "", "model": "m"})).is_err());
        assert!(tokenize(&json!({"text": "x"})).is_err());
        assert!(detokenize(&json!({"tokens": [-1], "model": "m"})).is_err());
    }
}
