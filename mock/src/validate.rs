//! Checks every `/v2/*` request body shares: a JSON object with a non-empty `model`.

use serde_json::{Map, Value};

/// The body as an object with a non-empty string `model`; the error is the 400 message.
pub(crate) fn api_request(body: &Value) -> Result<&Map<String, Value>, String> {
    let obj = body
        .as_object()
        .ok_or("request body must be a JSON object")?;
    match obj.get("model") {
        Some(Value::String(m)) if !m.is_empty() => Ok(obj),
        Some(_) => Err("model must be a non-empty string".into()),
        None => Err("model is required".into()),
    }
}
