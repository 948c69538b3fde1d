//! `POST /v2/embed`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use serde_json::Value;

use super::{open_string_enum, ApiMeta, Extra, ImageContent, TextContent};

/// An embed request. Give exactly one of `texts`, `images` or `inputs`.
///
/// ```
/// use cohere_edge::{EmbedRequest, EmbedInputType, EmbeddingType};
/// let req = EmbedRequest {
///     texts: Some(vec!["hello".into(), "goodbye".into()]),
///     input_type: Some(EmbedInputType::Classification),
///     embedding_types: Some(vec![EmbeddingType::Float]),
///     ..EmbedRequest::new("embed-v4.0")
/// };
/// # let _ = req;
/// ```
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmbedRequest {
    /// Model name, e.g. `embed-v4.0`.
    pub model: String,
    /// Texts to embed.
    #[serde(default)]
    pub texts: Option<Vec<String>>,
    /// Images to embed, as data URLs.
    #[serde(default)]
    pub images: Option<Vec<String>>,
    /// Mixed text and image inputs.
    #[serde(default)]
    pub inputs: Option<Vec<EmbedInput>>,
    /// What the embeddings are for.
    #[serde(default)]
    pub input_type: Option<EmbedInputType>,
    /// Which encodings to return (default: `float`).
    #[serde(default)]
    pub embedding_types: Option<Vec<EmbeddingType>>,
    /// Output dimension for models that support several.
    #[serde(default)]
    pub output_dimension: Option<u32>,
    /// Most tokens per input.
    #[serde(default)]
    pub max_tokens: Option<u32>,
    /// `NONE`, `START` or `END`.
    #[serde(default)]
    pub truncate: Option<Truncate>,
    /// Request priority.
    #[serde(default)]
    pub priority: Option<u32>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl EmbedRequest {
    /// A request for `model` with every other field unset.
    pub fn new(model: impl Into<String>) -> Self {
        EmbedRequest {
            model: model.into(),
            ..Default::default()
        }
    }
}

/// One mixed input: a list of content parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbedInput {
    /// The parts.
    pub content: Vec<EmbedContent>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A part of a mixed input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EmbedContent {
    /// Text.
    Text(TextContent),
    /// An image.
    ImageUrl(ImageContent),
    /// A part type this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

open_string_enum! {
    /// What embeddings are for.
    pub enum EmbedInputType {
        /// Documents stored for search.
        SearchDocument => "search_document",
        /// Queries searched with.
        SearchQuery => "search_query",
        /// Classification.
        Classification => "classification",
        /// Clustering.
        Clustering => "clustering",
        /// Images.
        Image => "image",
    }
}

open_string_enum! {
    /// An embedding encoding.
    pub enum EmbeddingType {
        /// 32-bit floats.
        Float => "float",
        /// Signed bytes.
        Int8 => "int8",
        /// Unsigned bytes.
        Uint8 => "uint8",
        /// Packed signed bits.
        Binary => "binary",
        /// Packed unsigned bits.
        Ubinary => "ubinary",
        /// Base64 of the float bytes.
        Base64 => "base64",
    }
}

open_string_enum! {
    /// How over-long inputs are handled.
    pub enum Truncate {
        /// Error.
        None => "NONE",
        /// Drop the start.
        Start => "START",
        /// Drop the end.
        End => "END",
    }
}

/// An embed response.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmbedResponse {
    /// Response id.
    pub id: String,
    /// Embeddings, one list per requested encoding.
    pub embeddings: EmbeddingsByType,
    /// The texts embedded.
    #[serde(default)]
    pub texts: Option<Vec<String>>,
    /// The images embedded.
    #[serde(default)]
    pub images: Option<Vec<EmbedImage>>,
    /// Metadata.
    #[serde(default)]
    pub meta: Option<ApiMeta>,
    /// `embeddings_by_type` where the API says so.
    #[serde(default)]
    pub response_type: Option<String>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Embeddings keyed by encoding; only the requested ones are present.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmbeddingsByType {
    /// `float`.
    #[serde(default)]
    pub float: Option<Vec<Vec<f32>>>,
    /// `int8`.
    #[serde(default)]
    pub int8: Option<Vec<Vec<i8>>>,
    /// `uint8`.
    #[serde(default)]
    pub uint8: Option<Vec<Vec<u8>>>,
    /// `binary`.
    #[serde(default)]
    pub binary: Option<Vec<Vec<i8>>>,
    /// `ubinary`.
    #[serde(default)]
    pub ubinary: Option<Vec<Vec<u8>>>,
    /// `base64`.
    #[serde(default)]
    pub base64: Option<Vec<String>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An embedded image's properties.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmbedImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Format, e.g. `jpeg`.
    pub format: String,
    /// Bits per pixel.
    pub bit_depth: u32,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
