//! `GET /v1/models`: the models the mock serves, in the API's list shape. The
//! client's `warm()` on WebAssembly sends `GET /v1/models?page_size=1`, the
//! cheapest request the API answers (no tokens, a small body).

use serde_json::{json, Value};

/// The models listed, in order.
const MODELS: [(&str, &[&str], u64); 3] = [
    ("command-a-03-2025", &["chat"], 256_000),
    ("embed-v4.0", &["embed"], 128_000),
    ("rerank-v3.5", &["rerank"], 4_096),
];

/// The list response for a query string (`page_size`, `page_token`, `endpoint`).
pub(crate) fn list(query: Option<&str>) -> Result<Value, String> {
    let mut page_size = MODELS.len();
    let mut start = 0usize;
    let mut endpoint: Option<String> = None;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "page_size" => {
                page_size = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("page_size must be a positive integer, got '{value}'"))?
            }
            "page_token" if !value.is_empty() => {
                start = value
                    .parse()
                    .map_err(|_| format!("invalid page_token '{value}'"))?
            }
            "endpoint" => endpoint = Some(value.to_owned()),
            _ => {}
        }
    }
    let matching: Vec<_> = MODELS
        .iter()
        .filter(|(_, eps, _)| endpoint.as_deref().is_none_or(|e| eps.contains(&e)))
        .collect();
    let end = (start + page_size).min(matching.len());
    let models: Vec<Value> = matching
        .get(start..end)
        .unwrap_or(&[])
        .iter()
        .map(|m| model_json(m))
        .collect();
    let mut out = json!({ "models": models });
    if end < matching.len() {
        out["next_page_token"] = Value::String(end.to_string());
    }
    Ok(out)
}

/// One model in the API's shape.
fn model_json((name, eps, ctx): &(&str, &[&str], u64)) -> Value {
    json!({
        "name": name,
        "endpoints": eps,
        "finetuned": false,
        "context_length": ctx,
        "tokenizer_url": format!("https://storage.googleapis.com/cohere-public/tokenizers/{name}.json"),
        "default_endpoints": eps,
    })
}

/// `GET /v1/models/{name}`: the model, or `None` for a name the mock does not serve.
pub(crate) fn get(name: String) -> Option<Value> {
    MODELS.iter().find(|m| m.0 == name).map(model_json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_filters() {
        let one = list(Some("page_size=1")).unwrap();
        assert_eq!(one["models"].as_array().unwrap().len(), 1);
        assert_eq!(one["next_page_token"], "1");
        let rest = list(Some("page_size=5&page_token=1")).unwrap();
        assert_eq!(rest["models"].as_array().unwrap().len(), 2);
        assert!(rest.get("next_page_token").is_none());
        let embed = list(Some("endpoint=embed")).unwrap();
        assert_eq!(embed["models"][0]["name"], "embed-v4.0");
        assert!(list(Some("page_size=0")).is_err());
        assert_eq!(get("rerank-v3.5".into()).unwrap()["context_length"], 4_096);
        assert!(get("nope".into()).is_none());
    }
}
