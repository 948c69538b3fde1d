//! `POST /v2/rerank`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::{ApiMeta, Extra};

/// A rerank request.
///
/// ```
/// use cohere_edge::RerankRequest;
/// let req = RerankRequest {
///     top_n: Some(2),
///     ..RerankRequest::new("rerank-v3.5", "capital of France?", vec!["Paris".into(), "Rome".into()])
/// };
/// # let _ = req;
/// ```
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RerankRequest {
    /// Model name, e.g. `rerank-v3.5`.
    pub model: String,
    /// The search query.
    pub query: String,
    /// Documents to rank.
    pub documents: Vec<String>,
    /// How many results to return (default: all).
    #[serde(default)]
    pub top_n: Option<u32>,
    /// Longer documents are truncated to this many tokens.
    #[serde(default)]
    pub max_tokens_per_doc: Option<u32>,
    /// Request priority.
    #[serde(default)]
    pub priority: Option<u32>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl RerankRequest {
    /// A request with every option left to the API's default.
    pub fn new(model: impl Into<String>, query: impl Into<String>, documents: Vec<String>) -> Self {
        RerankRequest {
            model: model.into(),
            query: query.into(),
            documents,
            ..Default::default()
        }
    }
}

/// A rerank response.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RerankResponse {
    /// Response id.
    #[serde(default)]
    pub id: Option<String>,
    /// Results, most relevant first.
    pub results: Vec<RerankResult>,
    /// Metadata.
    #[serde(default)]
    pub meta: Option<ApiMeta>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One ranked document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RerankResult {
    /// Index into the request's `documents`.
    pub index: u32,
    /// Relevance in `[0, 1]`.
    pub relevance_score: f64,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
