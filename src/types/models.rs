//! `GET /v1/models` and `GET /v1/models/{model}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::skip_serializing_none;

/// One model the API serves.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// The name to put in requests, e.g. `command-a-03-2025`.
    #[serde(default)]
    pub name: Option<String>,
    /// The endpoints it can be used with (`chat`, `embed`, `rerank`, …).
    #[serde(default)]
    pub endpoints: Option<Vec<String>>,
    /// Whether it is a fine-tuned model.
    #[serde(default)]
    pub finetuned: Option<bool>,
    /// Its context window, in tokens.
    #[serde(default)]
    pub context_length: Option<f64>,
    /// Where its tokenizer's definition can be downloaded.
    #[serde(default)]
    pub tokenizer_url: Option<String>,
    /// The endpoints it is the default model of.
    #[serde(default)]
    pub default_endpoints: Option<Vec<String>>,
    /// Fields this version of the crate does not know, kept as they arrived.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A page of `GET /v1/models`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListModelsResponse {
    /// The models on this page.
    pub models: Vec<Model>,
    /// Pass as [`ListModelsQuery::page_token`] for the next page; absent on the last.
    #[serde(default)]
    pub next_page_token: Option<String>,
    /// Fields this version of the crate does not know, kept as they arrived.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The query of `GET /v1/models`. Every field defaults to the API's default
/// (20 a page, every endpoint, not only defaults).
///
/// ```
/// let q = cohere_edge::ListModelsQuery { page_size: Some(5), ..Default::default() };
/// assert_eq!(q.to_query(), "page_size=5");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListModelsQuery {
    /// Models per page (1 to 1000).
    pub page_size: Option<u32>,
    /// The page to fetch, from a previous [`ListModelsResponse::next_page_token`].
    pub page_token: Option<String>,
    /// Only models that serve this endpoint (`chat`, `embed`, …).
    pub endpoint: Option<String>,
    /// With `endpoint`: only that endpoint's default model.
    pub default_only: Option<bool>,
}

impl ListModelsQuery {
    /// The query string, without the `?`, its values percent-encoded.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.page_size {
            parts.push(format!("page_size={n}"));
        }
        if let Some(t) = &self.page_token {
            parts.push(format!("page_token={}", encode(t)));
        }
        if let Some(e) = &self.endpoint {
            parts.push(format!("endpoint={}", encode(e)));
        }
        if let Some(d) = self.default_only {
            parts.push(format!("default_only={d}"));
        }
        parts.join("&")
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for a
/// query value or a path segment.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded_and_unknown_fields_kept() {
        let q = ListModelsQuery {
            page_token: Some("a b/c".into()),
            endpoint: Some("chat".into()),
            default_only: Some(true),
            ..Default::default()
        };
        assert_eq!(
            q.to_query(),
            "page_token=a%20b%2Fc&endpoint=chat&default_only=true"
        );
        let m: Model = serde_json::from_str(r#"{"name":"x","features":["tools"]}"#).unwrap();
        assert_eq!(m.extra["features"], serde_json::json!(["tools"]));
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::json!({"name":"x","features":["tools"]})
        );
    }
}
