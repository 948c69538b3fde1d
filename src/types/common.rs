//! Types shared by several endpoints: usage, billing and API metadata.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::{count, Extra};

/// Units billed for a request.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BilledUnits {
    /// Input tokens billed.
    #[serde(default, deserialize_with = "count::opt")]
    pub input_tokens: Option<u64>,
    /// Output tokens billed.
    #[serde(default, deserialize_with = "count::opt")]
    pub output_tokens: Option<u64>,
    /// Search units billed (rerank).
    #[serde(default, deserialize_with = "count::opt")]
    pub search_units: Option<u64>,
    /// Classifications billed.
    #[serde(default, deserialize_with = "count::opt")]
    pub classifications: Option<u64>,
    /// Images billed (embed).
    #[serde(default, deserialize_with = "count::opt")]
    pub images: Option<u64>,
    /// Image tokens billed (embed).
    #[serde(default, deserialize_with = "count::opt")]
    pub image_tokens: Option<u64>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Tokens the model actually read and wrote (including the prompt template).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenCounts {
    /// Tokens in the prompt.
    #[serde(default, deserialize_with = "count::opt")]
    pub input_tokens: Option<u64>,
    /// Tokens generated.
    #[serde(default, deserialize_with = "count::opt")]
    pub output_tokens: Option<u64>,
    /// Tokens the images in the prompt took (reported for vision requests).
    #[serde(default, deserialize_with = "count::opt")]
    pub image_tokens: Option<u64>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Usage reported with a chat response or a `message-end` event.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// What was billed.
    #[serde(default)]
    pub billed_units: Option<BilledUnits>,
    /// What the model processed.
    #[serde(default)]
    pub tokens: Option<TokenCounts>,
    /// Prompt tokens served from the cache.
    #[serde(default, deserialize_with = "count::opt")]
    pub cached_tokens: Option<u64>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The API version block of a response's `meta`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiVersion {
    /// Version string, e.g. `"2"`.
    #[serde(default)]
    pub version: Option<String>,
    /// Whether this API version is deprecated.
    #[serde(default)]
    pub is_deprecated: Option<bool>,
    /// Whether this API version is experimental.
    #[serde(default)]
    pub is_experimental: Option<bool>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Metadata returned by embed and rerank.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiMeta {
    /// API version information.
    #[serde(default)]
    pub api_version: Option<ApiVersion>,
    /// Units billed.
    #[serde(default)]
    pub billed_units: Option<BilledUnits>,
    /// Tokens processed.
    #[serde(default)]
    pub tokens: Option<TokenCounts>,
    /// Prompt tokens served from the cache.
    #[serde(default, deserialize_with = "count::opt")]
    pub cached_tokens: Option<u64>,
    /// Warnings from the API (deprecations and the like).
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
