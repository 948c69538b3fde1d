//! `POST /v1/tokenize`, `POST /v1/detokenize` and `POST /v1/check-api-key`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::skip_serializing_none;

use super::ApiMeta;

/// A tokenize request: `text` as the tokens of `model`'s tokenizer.
///
/// ```
/// let req = cohere_edge::TokenizeRequest::new("command-a-03-2025", "Hello world");
/// assert_eq!(req.text, "Hello world");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenizeRequest {
    /// The text, 1 to 65 536 characters.
    pub text: String,
    /// The model whose tokenizer to use.
    pub model: String,
}

impl TokenizeRequest {
    /// A request for `text` with `model`'s tokenizer.
    pub fn new(model: impl Into<String>, text: impl Into<String>) -> Self {
        TokenizeRequest {
            text: text.into(),
            model: model.into(),
        }
    }
}

/// A tokenize response.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenizeResponse {
    /// The token ids.
    pub tokens: Vec<i64>,
    /// Each token's text, in the same order.
    #[serde(default)]
    pub token_strings: Vec<String>,
    /// Metadata.
    #[serde(default)]
    pub meta: Option<ApiMeta>,
    /// Fields this version of the crate does not know, kept as they arrived.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A detokenize request: `tokens` of `model`'s tokenizer back to text.
///
/// ```
/// let req = cohere_edge::DetokenizeRequest::new("command-a-03-2025", vec![1, 2, 3]);
/// assert_eq!(req.tokens.len(), 3);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetokenizeRequest {
    /// The token ids.
    pub tokens: Vec<i64>,
    /// The model whose tokenizer made them.
    pub model: String,
}

impl DetokenizeRequest {
    /// A request for `tokens` with `model`'s tokenizer.
    pub fn new(model: impl Into<String>, tokens: Vec<i64>) -> Self {
        DetokenizeRequest {
            tokens,
            model: model.into(),
        }
    }
}

/// A detokenize response.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetokenizeResponse {
    /// The text the tokens spell.
    pub text: String,
    /// Metadata.
    #[serde(default)]
    pub meta: Option<ApiMeta>,
    /// Fields this version of the crate does not know, kept as they arrived.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `POST /v1/check-api-key` says of the client's key.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckApiKeyResponse {
    /// Whether the key is valid.
    pub valid: bool,
    /// The organisation the key belongs to.
    #[serde(default)]
    pub organization_id: Option<String>,
    /// The key's owner.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// Fields this version of the crate does not know, kept as they arrived.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
