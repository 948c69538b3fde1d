//! Streaming chat events (`text/event-stream` from `POST /v2/chat` with `stream: true`).
//!
//! Every event carries its kind in `type`. Note that `tool_calls` in the
//! `tool-call-*` events and `citations` in `citation-start` hold ONE object, not
//! an array.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::skip_serializing_none;

use super::{Citation, ContentPart, Extra, FinishReason, LogprobItem, Role, ToolCall, Usage};

/// One event of a chat stream, tagged by `type`.
///
/// An event type this crate does not know arrives as [`StreamEvent::Unknown`]
/// holding the raw JSON, so a new server event never breaks a deployed client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StreamEvent {
    /// The reply begins.
    MessageStart(MessageStartEvent),
    /// A content part begins.
    ContentStart(ContentStartEvent),
    /// More text (or thinking) for a content part.
    ContentDelta(ContentDeltaEvent),
    /// A content part ends.
    ContentEnd(IndexEvent),
    /// More of the tool plan.
    ToolPlanDelta(ToolPlanDeltaEvent),
    /// A tool call begins.
    ToolCallStart(ToolCallEvent),
    /// More arguments for a tool call.
    ToolCallDelta(ToolCallEvent),
    /// A tool call ends.
    ToolCallEnd(IndexEvent),
    /// A citation begins.
    CitationStart(CitationStartEvent),
    /// A citation ends.
    CitationEnd(IndexEvent),
    /// The reply ends: finish reason, usage, or an error.
    MessageEnd(MessageEndEvent),
    /// Debug information.
    Debug(DebugEvent),
    /// An event type this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

impl StreamEvent {
    /// Parses one event's JSON. `event_name` is the SSE `event:` field when the
    /// server sent one; it selects the type without a second pass over the data.
    /// The `type` field inside the data decides when there is no `event:` field.
    pub fn from_json(event_name: Option<&str>, data: &str) -> serde_json::Result<StreamEvent> {
        fn typed<'a, T: Deserialize<'a>>(
            data: &'a str,
            wrap: fn(T) -> StreamEvent,
        ) -> serde_json::Result<StreamEvent> {
            let mut event = serde_json::from_str::<T>(data).map(wrap)?;
            // The struct saw the whole object: its `type` is the variant, written
            // back as the tag, so it must not be kept a second time.
            if let Some(extra) = event.extra_mut() {
                extra.remove("type");
            }
            Ok(event)
        }
        // Most of a stream is plain-text content deltas: match their usual layout
        // directly (see `delta_fast_path`), unless the SSE name says another type.
        let may_be_delta = match event_name {
            None | Some("content-delta") => true,
            Some(name) => !Self::is_known_type(name),
        };
        if may_be_delta {
            if let Some(event) = super::delta_fast_path::content_delta(data) {
                return Ok(StreamEvent::ContentDelta(event));
            }
        }
        match event_name {
            Some("message-start") => typed(data, StreamEvent::MessageStart),
            Some("content-start") => typed(data, StreamEvent::ContentStart),
            Some("content-delta") => typed(data, StreamEvent::ContentDelta),
            Some("content-end") => typed(data, StreamEvent::ContentEnd),
            Some("tool-plan-delta") => typed(data, StreamEvent::ToolPlanDelta),
            Some("tool-call-start") => typed(data, StreamEvent::ToolCallStart),
            Some("tool-call-delta") => typed(data, StreamEvent::ToolCallDelta),
            Some("tool-call-end") => typed(data, StreamEvent::ToolCallEnd),
            Some("citation-start") => typed(data, StreamEvent::CitationStart),
            Some("citation-end") => typed(data, StreamEvent::CitationEnd),
            Some("message-end") => typed(data, StreamEvent::MessageEnd),
            Some("debug") => typed(data, StreamEvent::Debug),
            _ => {
                // No (or an unknown) SSE event name: let `type` decide. Parse to a
                // Value first so that an unknown type keeps its JSON.
                let value: Value = serde_json::from_str(data)?;
                match value.get("type").and_then(Value::as_str) {
                    Some(t) if Self::is_known_type(t) => {
                        let name = t.to_owned();
                        Self::from_json(Some(&name), data)
                    }
                    _ => Ok(StreamEvent::Unknown(value)),
                }
            }
        }
    }

    pub(crate) fn is_known_type(t: &str) -> bool {
        matches!(
            t,
            "message-start"
                | "content-start"
                | "content-delta"
                | "content-end"
                | "tool-plan-delta"
                | "tool-call-start"
                | "tool-call-delta"
                | "tool-call-end"
                | "citation-start"
                | "citation-end"
                | "message-end"
                | "debug"
        )
    }

    /// The fields of the event's top-level object that this crate does not know
    /// (`None` for [`StreamEvent::Unknown`], which keeps its whole JSON). Objects
    /// inside the event keep theirs in their own `extra` field.
    ///
    /// ```
    /// use cohere_edge::StreamEvent;
    /// let e = StreamEvent::from_json(Some("content-end"),
    ///     r#"{"type":"content-end","index":0,"reason":"done"}"#).unwrap();
    /// assert_eq!(e.extra().unwrap()["reason"], "done");
    /// assert_eq!(serde_json::to_value(&e).unwrap()["reason"], "done");
    /// ```
    pub fn extra(&self) -> Option<&Map<String, Value>> {
        Some(match self {
            StreamEvent::MessageStart(e) => e.extra.as_map(),
            StreamEvent::ContentStart(e) => e.extra.as_map(),
            StreamEvent::ContentDelta(e) => e.extra.as_map(),
            StreamEvent::ContentEnd(e)
            | StreamEvent::ToolCallEnd(e)
            | StreamEvent::CitationEnd(e) => e.extra.as_map(),
            StreamEvent::ToolPlanDelta(e) => e.extra.as_map(),
            StreamEvent::ToolCallStart(e) | StreamEvent::ToolCallDelta(e) => e.extra.as_map(),
            StreamEvent::CitationStart(e) => e.extra.as_map(),
            StreamEvent::MessageEnd(e) => e.extra.as_map(),
            StreamEvent::Debug(e) => e.extra.as_map(),
            StreamEvent::Unknown(_) => return None,
        })
    }

    fn extra_mut(&mut self) -> Option<&mut Extra> {
        Some(match self {
            StreamEvent::MessageStart(e) => &mut e.extra,
            StreamEvent::ContentStart(e) => &mut e.extra,
            StreamEvent::ContentDelta(e) => &mut e.extra,
            StreamEvent::ContentEnd(e)
            | StreamEvent::ToolCallEnd(e)
            | StreamEvent::CitationEnd(e) => &mut e.extra,
            StreamEvent::ToolPlanDelta(e) => &mut e.extra,
            StreamEvent::ToolCallStart(e) | StreamEvent::ToolCallDelta(e) => &mut e.extra,
            StreamEvent::CitationStart(e) => &mut e.extra,
            StreamEvent::MessageEnd(e) => &mut e.extra,
            StreamEvent::Debug(e) => &mut e.extra,
            StreamEvent::Unknown(_) => return None,
        })
    }

    /// The event's `type` as on the wire (for an unknown event, its `type` field or `""`).
    pub fn kind(&self) -> &str {
        match self {
            StreamEvent::MessageStart(_) => "message-start",
            StreamEvent::ContentStart(_) => "content-start",
            StreamEvent::ContentDelta(_) => "content-delta",
            StreamEvent::ContentEnd(_) => "content-end",
            StreamEvent::ToolPlanDelta(_) => "tool-plan-delta",
            StreamEvent::ToolCallStart(_) => "tool-call-start",
            StreamEvent::ToolCallDelta(_) => "tool-call-delta",
            StreamEvent::ToolCallEnd(_) => "tool-call-end",
            StreamEvent::CitationStart(_) => "citation-start",
            StreamEvent::CitationEnd(_) => "citation-end",
            StreamEvent::MessageEnd(_) => "message-end",
            StreamEvent::Debug(_) => "debug",
            StreamEvent::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// The text this event adds to the reply, if it is a `content-delta` with text.
    ///
    /// ```
    /// use cohere_edge::StreamEvent;
    /// let e = StreamEvent::from_json(None,
    ///     r#"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hi"}}}}"#).unwrap();
    /// assert_eq!(e.text(), Some("Hi"));
    /// ```
    pub fn text(&self) -> Option<&str> {
        match self {
            StreamEvent::ContentDelta(e) => e
                .delta
                .as_ref()?
                .message
                .as_ref()?
                .content
                .as_ref()?
                .text
                .as_deref(),
            _ => None,
        }
    }
}

/// `delta` wrapper shared by the events: `{"message": …}`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Delta<M> {
    /// The message fragment.
    #[serde(default)]
    pub message: Option<M>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message-start`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageStartEvent {
    /// The response id.
    #[serde(default)]
    pub id: Option<String>,
    /// `{"message": {"role": "assistant"}}`.
    #[serde(default)]
    pub delta: Option<Delta<MessageStartMessage>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The message fragment of `message-start`. The API sends the reply's fields
/// here empty (`"content": []`, `"tool_plan": ""`, …); they fill in with the
/// events that follow.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageStartMessage {
    /// The role of the reply.
    #[serde(default)]
    pub role: Option<Role>,
    /// Content parts so far (empty at the start).
    #[serde(default)]
    pub content: Option<Vec<ContentPart>>,
    /// The tool plan so far (empty at the start).
    #[serde(default)]
    pub tool_plan: Option<String>,
    /// Tool calls so far (empty at the start).
    #[serde(default)]
    pub tool_calls: Option<Vec<ToolCall>>,
    /// Citations so far (empty at the start).
    #[serde(default)]
    pub citations: Option<Vec<Citation>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `content-start`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContentStartEvent {
    /// Content part index.
    #[serde(default)]
    pub index: Option<u32>,
    /// The part's type and initial text.
    #[serde(default)]
    pub delta: Option<Delta<ContentMessage>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `content-delta`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContentDeltaEvent {
    /// Content part index.
    #[serde(default)]
    pub index: Option<u32>,
    /// The added text or thinking.
    #[serde(default)]
    pub delta: Option<Delta<ContentMessage>>,
    /// Log probabilities, when requested.
    #[serde(default)]
    pub logprobs: Option<LogprobItem>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"content": …}` inside content events.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContentMessage {
    /// The content fragment.
    #[serde(default)]
    pub content: Option<ContentFragment>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A fragment of a content part.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContentFragment {
    /// `text` or `thinking` (in `content-start`).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Text added.
    #[serde(default)]
    pub text: Option<String>,
    /// Thinking added.
    #[serde(default)]
    pub thinking: Option<String>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Events that carry only an index: `content-end`, `tool-call-end`, `citation-end`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexEvent {
    /// Index of the part, call or citation that ended.
    #[serde(default)]
    pub index: Option<u32>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tool-plan-delta`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolPlanDeltaEvent {
    /// The added plan text.
    #[serde(default)]
    pub delta: Option<Delta<ToolPlanMessage>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"tool_plan": …}`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolPlanMessage {
    /// Plan text added.
    #[serde(default)]
    pub tool_plan: Option<String>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tool-call-start` and `tool-call-delta`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolCallEvent {
    /// Tool call index.
    #[serde(default)]
    pub index: Option<u32>,
    /// The call (start) or an arguments fragment (delta).
    #[serde(default)]
    pub delta: Option<Delta<ToolCallMessage>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"tool_calls": {…}}`: ONE call object.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolCallMessage {
    /// The call, or the fragment of it.
    #[serde(default)]
    pub tool_calls: Option<ToolCall>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `citation-start`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CitationStartEvent {
    /// Citation index.
    #[serde(default)]
    pub index: Option<u32>,
    /// The citation.
    #[serde(default)]
    pub delta: Option<Delta<CitationMessage>>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"citations": {…}}`: ONE citation object.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CitationMessage {
    /// The citation.
    #[serde(default)]
    pub citations: Option<Citation>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message-end`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageEndEvent {
    /// The response id.
    #[serde(default)]
    pub id: Option<String>,
    /// Finish reason, usage and an optional error.
    #[serde(default)]
    pub delta: Option<MessageEndDelta>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `delta` of `message-end`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageEndDelta {
    /// Set when generation failed inside the stream: what went wrong.
    #[serde(default)]
    pub error: Option<String>,
    /// Set when generation failed inside the stream: the kind of failure.
    #[serde(default)]
    pub error_type: Option<String>,
    /// Why generation stopped.
    #[serde(default)]
    pub finish_reason: Option<FinishReason>,
    /// Tokens used and billed.
    #[serde(default)]
    pub usage: Option<Usage>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `debug`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DebugEvent {
    /// The rendered prompt, when the API sends it.
    #[serde(default)]
    pub prompt: Option<String>,
    /// Fields this version of the crate does not know, kept as they arrived and
    /// written back when serialised (default: empty; see [`Extra`]).
    #[serde(flatten)]
    pub extra: Extra,
}
