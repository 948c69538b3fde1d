//! `POST /v2/chat`: the request, the response and the pieces they share.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::skip_serializing_none;

use super::{open_string_enum, Extra, Usage};

/// A chat request (wire form). `stream` is not a field: [`crate::Client::chat`]
/// sends `"stream": false` and [`crate::Client::chat_stream`] sends `"stream": true`,
/// and a `stream` in parsed JSON is dropped. Fields this crate does not know are
/// kept in `extra` and sent.
///
/// ```
/// use cohere_edge::{ChatMessage, ChatRequest};
/// let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Hello!")]);
/// let req = ChatRequest { temperature: Some(0.3), ..req };
/// assert_eq!(req.messages.len(), 1);
/// ```
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    /// Model name, e.g. `command-a-03-2025`.
    pub model: String,
    /// The conversation so far, oldest first.
    pub messages: Vec<ChatMessage>,
    /// Tools the model may call.
    #[serde(default)]
    pub tools: Option<Vec<Tool>>,
    /// Force tool calls to follow the tool definitions strictly.
    #[serde(default)]
    pub strict_tools: Option<bool>,
    /// Documents the model may ground its reply on (and cite).
    #[serde(default)]
    pub documents: Option<Vec<Document>>,
    /// How citations are produced.
    #[serde(default)]
    pub citation_options: Option<CitationOptions>,
    /// Plain text (default) or JSON output, optionally constrained by a schema.
    #[serde(default)]
    pub response_format: Option<ResponseFormat>,
    /// Safety mode: `CONTEXTUAL`, `STRICT` or `OFF`.
    #[serde(default)]
    pub safety_mode: Option<SafetyMode>,
    /// Most tokens to generate.
    #[serde(default)]
    pub max_tokens: Option<u32>,
    /// Strings that end generation when produced.
    #[serde(default)]
    pub stop_sequences: Option<Vec<String>>,
    /// Sampling temperature.
    #[serde(default)]
    pub temperature: Option<f64>,
    /// Seed for best-effort deterministic sampling.
    #[serde(default)]
    pub seed: Option<i64>,
    /// Penalty for tokens by how often they appeared.
    #[serde(default)]
    pub frequency_penalty: Option<f64>,
    /// Penalty for tokens that appeared at all.
    #[serde(default)]
    pub presence_penalty: Option<f64>,
    /// Top-k sampling.
    #[serde(default)]
    pub k: Option<u32>,
    /// Top-p (nucleus) sampling.
    #[serde(default)]
    pub p: Option<f64>,
    /// Return log probabilities of generated tokens.
    #[serde(default)]
    pub logprobs: Option<bool>,
    /// `REQUIRED` or `NONE`.
    #[serde(default)]
    pub tool_choice: Option<ToolChoice>,
    /// Reasoning settings for models that think.
    #[serde(default)]
    pub thinking: Option<Thinking>,
    /// Request priority (lower is served first when the API is busy).
    #[serde(default)]
    pub priority: Option<u32>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten, deserialize_with = "without_stream")]
    pub extra: Extra,
}

impl ChatRequest {
    /// A request with a model and messages and every option left to the API's default.
    pub fn new(model: impl Into<String>, messages: Vec<ChatMessage>) -> Self {
        ChatRequest {
            model: model.into(),
            messages,
            ..Default::default()
        }
    }
}

/// One message of the conversation, tagged by `role`.
///
/// A role this crate does not know is kept as [`ChatMessage::Unknown`] with its JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "lowercase")]
#[non_exhaustive]
pub enum ChatMessage {
    /// A message from the user.
    User(UserMessage),
    /// A reply from the model (sent back as history).
    Assistant(AssistantMessage),
    /// Instructions for the model.
    System(SystemMessage),
    /// The result of a tool call.
    Tool(ToolMessage),
    /// A message with a role this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

impl ChatMessage {
    /// A user message with plain text.
    pub fn user(text: impl Into<String>) -> Self {
        ChatMessage::User(UserMessage {
            content: Content::Text(text.into()),
            extra: Extra::new(),
        })
    }

    /// A system message with plain text.
    pub fn system(text: impl Into<String>) -> Self {
        ChatMessage::System(SystemMessage {
            content: Content::Text(text.into()),
            extra: Extra::new(),
        })
    }

    /// An assistant message with plain text (to replay history).
    pub fn assistant(text: impl Into<String>) -> Self {
        ChatMessage::Assistant(AssistantMessage {
            content: Some(Content::Text(text.into())),
            ..Default::default()
        })
    }

    /// A tool result answering the call with id `tool_call_id`.
    pub fn tool(tool_call_id: impl Into<String>, content: impl Into<String>) -> Self {
        ChatMessage::Tool(ToolMessage {
            tool_call_id: tool_call_id.into(),
            content: Content::Text(content.into()),
            extra: Extra::new(),
        })
    }
}

/// Message content: a plain string or a list of typed parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Content {
    /// Plain text.
    Text(String),
    /// Typed parts (text, images, documents, thinking).
    Parts(Vec<ContentPart>),
}

impl From<&str> for Content {
    fn from(s: &str) -> Self {
        Content::Text(s.to_owned())
    }
}

impl From<String> for Content {
    fn from(s: String) -> Self {
        Content::Text(s)
    }
}

/// A user message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessage {
    /// What the user said.
    pub content: Content,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A system message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemMessage {
    /// The instructions.
    pub content: Content,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A tool result message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolMessage {
    /// The id of the tool call this answers.
    pub tool_call_id: String,
    /// The result: text, or parts (`text` / `document`).
    pub content: Content,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An assistant message, as history in a request.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssistantMessage {
    /// Tool calls the model made.
    #[serde(default)]
    pub tool_calls: Option<Vec<ToolCall>>,
    /// The model's plan before calling tools.
    #[serde(default)]
    pub tool_plan: Option<String>,
    /// What the model said.
    #[serde(default)]
    pub content: Option<Content>,
    /// Citations in the content.
    #[serde(default)]
    pub citations: Option<Vec<Citation>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A typed content part, tagged by `type`. Used in requests and responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContentPart {
    /// Text.
    Text(TextContent),
    /// An image by URL (or data URL).
    ImageUrl(ImageContent),
    /// The model's reasoning.
    Thinking(ThinkingContent),
    /// A document (in tool results).
    Document(DocumentContent),
    /// A part type this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

impl ContentPart {
    /// A text part.
    ///
    /// ```
    /// let part = cohere_edge::ContentPart::text("hi");
    /// assert_eq!(part.as_text(), Some("hi"));
    /// ```
    pub fn text(text: impl Into<String>) -> Self {
        ContentPart::Text(TextContent {
            text: text.into(),
            extra: Extra::new(),
        })
    }

    /// A thinking part.
    pub fn thinking(thinking: impl Into<String>) -> Self {
        ContentPart::Thinking(ThinkingContent {
            thinking: thinking.into(),
            extra: Extra::new(),
        })
    }

    /// The text of a `text` part.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ContentPart::Text(part) => Some(&part.text),
            _ => None,
        }
    }

    /// The reasoning of a `thinking` part.
    pub fn as_thinking(&self) -> Option<&str> {
        match self {
            ContentPart::Thinking(part) => Some(&part.thinking),
            _ => None,
        }
    }
}

/// A `text` content part (`{"type": "text", "text": …}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextContent {
    /// The text.
    pub text: String,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An `image_url` content part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageContent {
    /// The image.
    pub image_url: ImageUrl,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `thinking` content part: the model's reasoning.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ThinkingContent {
    /// The reasoning text.
    pub thinking: String,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `document` content part (in tool results).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentContent {
    /// The document.
    pub document: DocumentObject,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An image reference.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageUrl {
    /// `https://…` or `data:image/…;base64,…`.
    pub url: String,
    /// `auto`, `low` or `high`.
    #[serde(default)]
    pub detail: Option<ImageDetail>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

open_string_enum! {
    /// Image detail level.
    pub enum ImageDetail {
        /// Let the API choose.
        Auto => "auto",
        /// Low detail.
        Low => "low",
        /// High detail.
        High => "high",
    }
}

/// A tool the model may call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    /// Always `"function"` today.
    #[serde(rename = "type")]
    pub kind: String,
    /// The function definition.
    pub function: ToolFunction,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Tool {
    /// A function tool; `parameters` is a JSON Schema object, sent untouched.
    pub fn function(
        name: impl Into<String>,
        description: impl Into<String>,
        parameters: Value,
    ) -> Self {
        Tool {
            kind: "function".into(),
            function: ToolFunction {
                name: name.into(),
                description: Some(description.into()),
                parameters: Some(parameters),
                extra: Extra::new(),
            },
            extra: Extra::new(),
        }
    }
}

/// A function definition.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolFunction {
    /// Function name.
    pub name: String,
    /// What it does.
    #[serde(default)]
    pub description: Option<String>,
    /// JSON Schema of the arguments (user JSON, keys kept as written).
    #[serde(default)]
    pub parameters: Option<Value>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A document to ground the reply on: a plain string or `{id?, data}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Document {
    /// Plain text.
    Text(String),
    /// A document object.
    Object(DocumentObject),
}

/// A document object; `data` is user JSON sent untouched.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentObject {
    /// Optional id, used in citations.
    #[serde(default)]
    pub id: Option<String>,
    /// The document's fields.
    pub data: Map<String, Value>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Citation settings.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CitationOptions {
    /// `FAST`, `ACCURATE` or `OFF`.
    #[serde(default)]
    pub mode: Option<CitationMode>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

open_string_enum! {
    /// How citations are generated.
    pub enum CitationMode {
        /// Fast citations.
        Fast => "FAST",
        /// Accurate citations.
        Accurate => "ACCURATE",
        /// No citations.
        Off => "OFF",
    }
}

/// Output format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResponseFormat {
    /// Plain text (the default).
    Text(TextResponseFormat),
    /// A JSON object, optionally following a JSON Schema (user JSON, untouched).
    JsonObject(JsonResponseFormat),
    /// A format type this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

/// `{"type": "text"}`: plain text output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextResponseFormat {
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"type": "json_object"}`: JSON output, optionally following a schema.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JsonResponseFormat {
    /// The JSON Schema (user JSON, keys kept as written). Default: none.
    #[serde(default)]
    pub json_schema: Option<Value>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

open_string_enum! {
    /// Safety mode.
    pub enum SafetyMode {
        /// Contextual safety (the default).
        Contextual => "CONTEXTUAL",
        /// Strict safety.
        Strict => "STRICT",
        /// Off.
        Off => "OFF",
    }
}

open_string_enum! {
    /// Whether the model must (or must not) call a tool.
    pub enum ToolChoice {
        /// Must call a tool.
        Required => "REQUIRED",
        /// Must not call a tool.
        None => "NONE",
    }
}

/// Reasoning settings.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thinking {
    /// `enabled` or `disabled`.
    #[serde(rename = "type")]
    pub kind: ThinkingType,
    /// Most tokens to spend thinking.
    #[serde(default)]
    pub token_budget: Option<u32>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

open_string_enum! {
    /// Whether thinking is on.
    pub enum ThinkingType {
        /// On.
        Enabled => "enabled",
        /// Off.
        Disabled => "disabled",
    }
}

/// A chat response.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    /// Response id.
    pub id: String,
    /// Why generation stopped.
    pub finish_reason: FinishReason,
    /// The reply.
    pub message: ResponseMessage,
    /// Tokens used and billed.
    #[serde(default)]
    pub usage: Option<Usage>,
    /// Log probabilities, when requested.
    #[serde(default)]
    pub logprobs: Option<Vec<LogprobItem>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl ChatResponse {
    /// The reply's text: every `text` content part joined.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for part in self.message.content.iter().flatten() {
            if let Some(t) = part.as_text() {
                out.push_str(t);
            }
        }
        out
    }
}

/// The assistant message in a response.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseMessage {
    /// Always `assistant` today.
    pub role: Role,
    /// Tool calls the model made.
    #[serde(default)]
    pub tool_calls: Option<Vec<ToolCall>>,
    /// The model's plan before calling tools.
    #[serde(default)]
    pub tool_plan: Option<String>,
    /// Content parts (`text`, `thinking`).
    #[serde(default)]
    pub content: Option<Vec<ContentPart>>,
    /// Citations into the content.
    #[serde(default)]
    pub citations: Option<Vec<Citation>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

open_string_enum! {
    /// A message role.
    #[derive(Default)]
    pub enum Role {
        /// The model.
        #[default]
        Assistant => "assistant",
        /// The user.
        User => "user",
        /// Instructions.
        System => "system",
        /// A tool result.
        Tool => "tool",
    }
}

impl Default for FinishReason {
    /// Empty: a reply whose end was never seen (a partial reply from a cut stream).
    fn default() -> Self {
        FinishReason::Other(String::new())
    }
}

open_string_enum! {
    /// Why generation stopped.
    pub enum FinishReason {
        /// The reply is complete.
        Complete => "COMPLETE",
        /// A stop sequence was produced.
        StopSequence => "STOP_SEQUENCE",
        /// `max_tokens` was reached.
        MaxTokens => "MAX_TOKENS",
        /// The model called tools.
        ToolCall => "TOOL_CALL",
        /// Generation failed.
        Error => "ERROR",
        /// Generation timed out.
        Timeout => "TIMEOUT",
    }
}

/// A tool call made by the model.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// Call id, quoted back in the tool result.
    #[serde(default)]
    pub id: Option<String>,
    /// Always `"function"` today.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The function and its arguments.
    #[serde(default)]
    pub function: Option<ToolCallFunction>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The function part of a tool call.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolCallFunction {
    /// Function name.
    #[serde(default)]
    pub name: Option<String>,
    /// Arguments as a JSON string (a fragment of it in a `tool-call-delta`).
    #[serde(default)]
    pub arguments: Option<String>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A citation: a span of the reply and the sources behind it.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// Start offset in the content.
    #[serde(default)]
    pub start: Option<u32>,
    /// End offset in the content.
    #[serde(default)]
    pub end: Option<u32>,
    /// The cited text.
    #[serde(default)]
    pub text: Option<String>,
    /// Where it came from.
    #[serde(default)]
    pub sources: Option<Vec<Source>>,
    /// Which content part the offsets refer to.
    #[serde(default)]
    pub content_index: Option<u32>,
    /// `TEXT_CONTENT`, `THINKING_CONTENT` or `PLAN`.
    #[serde(rename = "type", default)]
    pub kind: Option<CitationType>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

open_string_enum! {
    /// What a citation points into.
    pub enum CitationType {
        /// The reply's text.
        TextContent => "TEXT_CONTENT",
        /// The reasoning.
        ThinkingContent => "THINKING_CONTENT",
        /// The tool plan.
        Plan => "PLAN",
    }
}

/// A citation source, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// A tool result.
    Tool(ToolSource),
    /// A document.
    Document(DocumentSource),
    /// A source type this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

/// A `tool` citation source.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolSource {
    /// Source id.
    #[serde(default)]
    pub id: Option<String>,
    /// The tool output (user JSON).
    #[serde(default)]
    pub tool_output: Option<Map<String, Value>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `document` citation source.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentSource {
    /// Source id.
    #[serde(default)]
    pub id: Option<String>,
    /// The document (user JSON).
    #[serde(default)]
    pub document: Option<Map<String, Value>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Log probabilities of one generated chunk.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogprobItem {
    /// The text.
    #[serde(default)]
    pub text: Option<String>,
    /// Token ids.
    pub token_ids: Vec<u64>,
    /// Log probability of each token.
    #[serde(default)]
    pub logprobs: Option<Vec<f64>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

impl ChatRequest {
    /// The JSON body the client sends: this request plus `"stream": <stream>`.
    ///
    /// ```
    /// let req = cohere_edge::ChatRequest::new("m", vec![cohere_edge::ChatMessage::user("hi")]);
    /// let body = req.to_json_body(true).unwrap();
    /// assert_eq!(
    ///     String::from_utf8(body).unwrap(),
    ///     r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}"#
    /// );
    /// ```
    pub fn to_json_body(&self, stream: bool) -> serde_json::Result<Vec<u8>> {
        // The call decides `stream`: one put in `extra` by hand is not sent twice.
        if self.extra.contains_key("stream") {
            let mut request = self.clone();
            request.extra.remove("stream");
            return request.to_json_body(stream);
        }
        let mut body = serde_json::to_vec(self)?;
        // The request always serialises to a non-empty object (`model` and
        // `messages` are always present), so the field goes before its last brace.
        debug_assert_eq!(body.last(), Some(&b'}'));
        body.pop();
        body.extend_from_slice(if stream {
            b",\"stream\":true}"
        } else {
            b",\"stream\":false}"
        });
        Ok(body)
    }
}

/// The unknown fields of a parsed request, less `stream` (the client sets it per call).
fn without_stream<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Extra, D::Error> {
    let mut map = Map::deserialize(d)?;
    map.remove("stream");
    Ok(Extra::from(map))
}
