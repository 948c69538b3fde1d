//! Chat streaming: bytes -> SSE -> typed events, and the fold of those events into
//! the final [`ChatResponse`].
//!
//! Three layers, each usable alone:
//! - [`ChatEventParser`]: sans-IO; feed it byte chunks, take typed events out.
//! - [`ResponseAccumulator`]: folds events into a [`ChatResponse`].
//! - [`ChatStream`]: both over a transport body; a `futures` `Stream` of events
//!   that ends with an error if the body ends before `message-end`.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::error::{Error, Interruption, Result};
use crate::sse::{SseDecoder, SseError, SseEventRef};
use crate::transport::{ByteStream, MaybeSend};
use crate::types::{
    ChatResponse, Citation, ContentPart, FinishReason, ResponseMessage, Role, StreamEvent,
    ToolCall, ToolCallFunction, Usage,
};

/// Sans-IO parser: SSE bytes in, typed events (or per-event errors) out.
///
/// ```
/// use cohere_edge::stream::ChatEventParser;
/// let mut p = ChatEventParser::new();
/// let mut out = Vec::new();
/// p.feed(b"event: content-delta\ndata: {\"type\":\"content-delta\",", &mut out);
/// p.feed(b"\"delta\":{\"message\":{\"content\":{\"text\":\"Hi\"}}}}\n\n", &mut out);
/// assert_eq!(out[0].as_ref().unwrap().text(), Some("Hi"));
/// ```
#[derive(Debug, Default)]
pub struct ChatEventParser {
    events: EventDecoder,
}

impl ChatEventParser {
    /// A parser with the default 1 MiB event limit.
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser whose lines and events may be at most `max_event_bytes` long.
    pub fn with_limit(max_event_bytes: usize) -> Self {
        ChatEventParser {
            events: EventDecoder::with_limit(max_event_bytes),
        }
    }

    /// True once a `data: [DONE]` marker arrived.
    pub fn saw_done_marker(&self) -> bool {
        self.events.done
    }

    /// Decodes `chunk`, pushing every completed event (or per-event error) to `out`.
    /// Events after a `[DONE]` marker are ignored.
    pub fn feed(&mut self, chunk: &[u8], out: &mut impl Extend<Result<StreamEvent>>) {
        self.events.feed(chunk, |item| {
            out.extend(std::iter::once(item.and_then(typed_event)));
        });
    }

    /// Ends the input; true when an event was left unfinished (cut mid-event).
    pub fn finish(&mut self) -> bool {
        self.events.decoder.finish()
    }
}

/// SSE events out of bytes, with the two rules every reader shares: nothing after
/// a `[DONE]` marker, and decoder failures as typed errors.
#[derive(Debug, Default)]
struct EventDecoder {
    decoder: SseDecoder,
    done: bool,
}

impl EventDecoder {
    fn with_limit(max_event_bytes: usize) -> Self {
        EventDecoder {
            decoder: SseDecoder::with_limit(max_event_bytes),
            done: false,
        }
    }

    fn feed(&mut self, chunk: &[u8], mut f: impl FnMut(Result<SseEventRef<'_>>)) {
        let done = &mut self.done;
        self.decoder.feed(chunk, |item| {
            if *done {
                return;
            }
            match item {
                Ok(ev) if ev.data == "[DONE]" => *done = true,
                Ok(ev) => f(Ok(ev)),
                Err(SseError::TooLarge { limit }) => f(Err(Error::TooLarge {
                    what: "stream event",
                    limit,
                })),
                Err(SseError::InvalidUtf8) => f(Err(Error::Decode {
                    what: "stream event".into(),
                    message: "not valid UTF-8".into(),
                    input: String::new(),
                })),
            }
        });
    }
}

pub(crate) fn decode_error(ev: &SseEventRef<'_>, e: impl std::fmt::Display) -> Error {
    let what = match ev.event {
        Some(name) => format!("{name} event"),
        None => "stream event".to_owned(),
    };
    Error::decode(what, e, ev.data.as_bytes())
}

fn typed_event(ev: SseEventRef<'_>) -> Result<StreamEvent> {
    StreamEvent::from_json(ev.event, ev.data).map_err(|e| decode_error(&ev, e))
}

/// Folds stream events into the [`ChatResponse`] they describe: text and thinking
/// by content index, the tool plan, tool calls with their argument fragments
/// joined, citations, finish reason and usage.
#[derive(Debug, Clone, Default)]
pub struct ResponseAccumulator {
    id: String,
    role: Option<Role>,
    content: Vec<ContentPart>,
    current_content: usize,
    tool_plan: Option<String>,
    tool_calls: Vec<ToolCall>,
    current_tool: usize,
    citations: Vec<Citation>,
    finish_reason: Option<FinishReason>,
    usage: Option<Usage>,
    error: Option<InBandError>,
}

/// An error the server reported inside a stream, in `message-end`'s `delta`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct InBandError {
    /// `delta.error` (empty when only a type was sent).
    message: String,
    /// `delta.error_type`.
    error_type: Option<String>,
}

/// Maps a wire index to a slot: an existing one, or the next new one. Never
/// allocates for an absurd index a server might send.
fn slot(index: Option<u32>, current: usize, len: usize) -> usize {
    match index {
        Some(i) => (i as usize).min(len),
        None => current.min(len),
    }
}

/// Puts `item` at `i`, a slot from [`slot`]: in place of what is there, or
/// after the last one.
fn put<T>(list: &mut Vec<T>, i: usize, item: T) {
    match list.get_mut(i) {
        Some(old) => *old = item,
        None => list.push(item),
    }
}

impl ResponseAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies one event.
    pub fn apply(&mut self, event: &StreamEvent) {
        match event {
            StreamEvent::MessageStart(e) => {
                if let Some(id) = &e.id {
                    self.id.clone_from(id);
                }
                if let Some(role) = e
                    .delta
                    .as_ref()
                    .and_then(|d| d.message.as_ref()?.role.clone())
                {
                    self.role = Some(role);
                }
            }
            StreamEvent::ContentStart(e) => {
                let i = slot(e.index, self.content.len(), self.content.len());
                let frag = e
                    .delta
                    .as_ref()
                    .and_then(|d| d.message.as_ref()?.content.as_ref());
                let thinking = frag.is_some_and(|f| {
                    f.kind.as_deref() == Some("thinking")
                        || (f.kind.is_none() && f.thinking.is_some())
                });
                let part = if thinking {
                    ContentPart::thinking(frag.and_then(|f| f.thinking.clone()).unwrap_or_default())
                } else {
                    ContentPart::text(frag.and_then(|f| f.text.clone()).unwrap_or_default())
                };
                put(&mut self.content, i, part);
                self.current_content = i;
            }
            StreamEvent::ContentDelta(e) => {
                let i = slot(e.index, self.current_content, self.content.len());
                let Some(frag) = e
                    .delta
                    .as_ref()
                    .and_then(|d| d.message.as_ref()?.content.as_ref())
                else {
                    return;
                };
                if i == self.content.len() {
                    self.content
                        .push(if frag.thinking.is_some() && frag.text.is_none() {
                            ContentPart::thinking(String::new())
                        } else {
                            ContentPart::text(String::new())
                        });
                }
                self.current_content = i;
                match &mut self.content[i] {
                    ContentPart::Text(part) => {
                        if let Some(t) = &frag.text {
                            part.text.push_str(t);
                        }
                    }
                    ContentPart::Thinking(part) => {
                        if let Some(t) = frag.thinking.as_ref().or(frag.text.as_ref()) {
                            part.thinking.push_str(t);
                        }
                    }
                    _ => {}
                }
            }
            StreamEvent::ToolPlanDelta(e) => {
                if let Some(p) = e
                    .delta
                    .as_ref()
                    .and_then(|d| d.message.as_ref()?.tool_plan.as_ref())
                {
                    self.tool_plan.get_or_insert_with(String::new).push_str(p);
                }
            }
            StreamEvent::ToolCallStart(e) => {
                let i = slot(e.index, self.tool_calls.len(), self.tool_calls.len());
                let call = e
                    .delta
                    .as_ref()
                    .and_then(|d| d.message.as_ref()?.tool_calls.clone())
                    .unwrap_or_default();
                put(&mut self.tool_calls, i, call);
                self.current_tool = i;
            }
            StreamEvent::ToolCallDelta(e) => {
                let i = slot(e.index, self.current_tool, self.tool_calls.len());
                let Some(fragment) = e.delta.as_ref().and_then(|d| {
                    d.message
                        .as_ref()?
                        .tool_calls
                        .as_ref()?
                        .function
                        .as_ref()?
                        .arguments
                        .as_ref()
                }) else {
                    return;
                };
                if i == self.tool_calls.len() {
                    self.tool_calls.push(ToolCall::default());
                }
                self.current_tool = i;
                let function = self.tool_calls[i]
                    .function
                    .get_or_insert_with(ToolCallFunction::default);
                function
                    .arguments
                    .get_or_insert_with(String::new)
                    .push_str(fragment);
            }
            StreamEvent::CitationStart(e) => {
                if let Some(c) = e
                    .delta
                    .as_ref()
                    .and_then(|d| d.message.as_ref()?.citations.clone())
                {
                    self.citations.push(c);
                }
            }
            StreamEvent::MessageEnd(e) => {
                if let Some(id) = &e.id {
                    self.id.clone_from(id);
                }
                if let Some(d) = &e.delta {
                    if let Some(r) = &d.finish_reason {
                        self.finish_reason = Some(r.clone());
                    }
                    if let Some(u) = &d.usage {
                        self.usage = Some(u.clone());
                    }
                    if d.error.is_some() || d.error_type.is_some() {
                        self.error = Some(InBandError {
                            message: d.error.clone().unwrap_or_default(),
                            error_type: d.error_type.clone(),
                        });
                    }
                }
            }
            StreamEvent::ContentEnd(_)
            | StreamEvent::ToolCallEnd(_)
            | StreamEvent::CitationEnd(_)
            | StreamEvent::Debug(_)
            | StreamEvent::Unknown(_) => {}
        }
    }

    /// The error message a `message-end` reported, if any (empty when the server
    /// sent only an `error_type`).
    pub fn error(&self) -> Option<&str> {
        self.error.as_ref().map(|e| e.message.as_str())
    }

    /// The error type a `message-end` reported, if any.
    pub fn error_type(&self) -> Option<&str> {
        self.error.as_ref()?.error_type.as_deref()
    }

    /// The response as far as the events have described it.
    pub fn response(&self) -> ChatResponse {
        ChatResponse {
            id: self.id.clone(),
            finish_reason: self.finish_reason.clone().unwrap_or_default(),
            message: ResponseMessage {
                role: self.role.clone().unwrap_or_default(),
                tool_calls: (!self.tool_calls.is_empty()).then(|| self.tool_calls.clone()),
                tool_plan: self.tool_plan.clone(),
                content: (!self.content.is_empty()).then(|| self.content.clone()),
                citations: (!self.citations.is_empty()).then(|| self.citations.clone()),
                extra: Default::default(),
            },
            usage: self.usage.clone(),
            logprobs: None,
            extra: Default::default(),
        }
    }
}

/// A streamed chat reply: a [`Stream`] of [`StreamEvent`]s.
///
/// - A malformed event yields an `Err` naming it, and the stream goes on.
/// - A body that ends (or fails, or stays silent past `stream_idle_timeout`) before
///   `message-end` yields one [`Error::StreamInterrupted`] holding what arrived,
///   after the events that did arrive.
/// - A `message-end` carrying an error (`error` or `error_type`) yields that event,
///   then [`Error::StreamError`] with the error's message and type.
/// - Dropping the stream closes the connection.
///
/// ```no_run
/// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
/// use cohere_edge::{ChatMessage, ChatRequest};
/// let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Hi")]);
/// let mut stream = client.chat_stream(&req).await?;
/// while let Some(event) = stream.next_event().await {
///     if let Some(text) = event?.text() {
///         print!("{text}");
///     }
/// }
/// let reply = stream.response(); // everything that arrived, folded
/// # let _ = reply; Ok(()) }
/// ```
pub struct ChatStream {
    inner: EventStream<ResponseAccumulator>,
}

impl std::fmt::Debug for ChatStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatStream")
            .field("saw_message_end", &self.inner.saw_end)
            .field("finished", &self.inner.body.is_none())
            .finish_non_exhaustive()
    }
}

impl ChatStream {
    /// A stream over any source of SSE bytes (a recorded stream, a test server).
    /// `max_event_bytes` bounds each line and event (1 MiB is the client's default).
    pub fn from_byte_stream<S>(bytes: S, max_event_bytes: usize) -> ChatStream
    where
        S: Stream<Item = std::result::Result<Bytes, Interruption>> + MaybeSend + 'static,
    {
        Self::new(Box::pin(bytes), max_event_bytes)
    }

    pub(crate) fn new(body: ByteStream, max_event_bytes: usize) -> ChatStream {
        ChatStream {
            inner: EventStream::new(body, max_event_bytes),
        }
    }

    /// The next event, or `None` at the end. Same as `StreamExt::next`.
    pub async fn next_event(&mut self) -> Option<Result<StreamEvent>> {
        self.inner.next().await
    }

    /// Everything that has arrived so far, folded into a response.
    pub fn response(&self) -> ChatResponse {
        self.inner.reader.response()
    }

    /// Reads the rest of the stream and returns the whole reply. Fails with the
    /// first error (a malformed event, an interruption, an error in `message-end`);
    /// stream errors carry the partial reply.
    pub async fn into_response(mut self) -> Result<ChatResponse> {
        while let Some(item) = self.next_event().await {
            item?;
        }
        Ok(self.response())
    }
}

impl Stream for ChatStream {
    type Item = Result<StreamEvent>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_item(cx)
    }
}

/// How an [`EventStream`] reads each SSE event, and what it learns from it.
pub(crate) trait EventReader {
    /// What the stream hands out per event.
    type Event;
    /// Parses one event.
    fn read(&mut self, ev: SseEventRef<'_>) -> Result<Self::Event>;
    /// Takes note of an event handed out; `Some(error)` when it was `message-end`
    /// (`error` is the error the stream fails with after it, if any).
    fn observe(&mut self, event: &Self::Event) -> Option<Option<InBandError>>;
    /// The reply so far, for an interruption or a stream error.
    fn partial(&self) -> ChatResponse;
}

impl EventReader for ResponseAccumulator {
    type Event = StreamEvent;

    fn read(&mut self, ev: SseEventRef<'_>) -> Result<StreamEvent> {
        typed_event(ev)
    }

    fn observe(&mut self, event: &StreamEvent) -> Option<Option<InBandError>> {
        self.apply(event);
        matches!(event, StreamEvent::MessageEnd(_)).then(|| self.error.clone())
    }

    fn partial(&self) -> ChatResponse {
        self.response()
    }
}

/// The stream rules, whatever the reader: events in order; a malformed one is an
/// `Err` and the stream goes on; an end (EOF, failure, idle timeout) before
/// `message-end` is one [`Error::StreamInterrupted`]; an error in `message-end`
/// is an [`Error::StreamError`] after it. Dropping it drops the body (closing the
/// connection, or aborting the fetch).
pub(crate) struct EventStream<R: EventReader> {
    body: Option<ByteStream>,
    events: EventDecoder,
    /// What has arrived and was not handed out yet (`src/js/raw_events.rs`
    /// hands it out without waiting).
    pub(crate) pending: VecDeque<Result<R::Event>>,
    saw_end: bool,
    reader: R,
}

impl<R: EventReader + Default> EventStream<R> {
    pub(crate) fn new(body: ByteStream, max_event_bytes: usize) -> Self {
        EventStream {
            body: Some(body),
            events: EventDecoder::with_limit(max_event_bytes),
            pending: VecDeque::new(),
            saw_end: false,
            reader: R::default(),
        }
    }
}

impl<R: EventReader> EventStream<R> {
    /// The next event or error, waiting for it; `None` at the end.
    pub(crate) async fn next(&mut self) -> Option<Result<R::Event>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn interrupt(&mut self, reason: Interruption) {
        self.body = None;
        self.pending.push_back(Err(Error::StreamInterrupted {
            reason,
            partial: Box::new(self.reader.partial()),
        }));
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<R::Event>>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Poll::Ready(Some(item));
            }
            // No body left: the stream has ended (cleanly or with its error queued).
            let Some(body) = self.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    let (reader, saw_end, pending) =
                        (&mut self.reader, &mut self.saw_end, &mut self.pending);
                    self.events.feed(&chunk, |item| {
                        let event = match item.and_then(|ev| reader.read(ev)) {
                            Ok(event) => event,
                            Err(e) => return pending.push_back(Err(e)),
                        };
                        let end = reader.observe(&event);
                        pending.push_back(Ok(event));
                        if let Some(error) = end {
                            *saw_end = true;
                            if let Some(InBandError {
                                message,
                                error_type,
                            }) = error
                            {
                                pending.push_back(Err(Error::StreamError {
                                    message,
                                    error_type,
                                    partial: Box::new(reader.partial()),
                                }));
                            }
                        }
                    });
                }
                Poll::Ready(Some(Err(reason))) => {
                    if self.saw_end || self.events.done {
                        self.body = None;
                    } else {
                        self.interrupt(reason);
                    }
                }
                Poll::Ready(None) => {
                    self.events.decoder.finish();
                    if self.saw_end || self.events.done {
                        self.body = None;
                    } else {
                        self.interrupt(Interruption::EndOfBody);
                    }
                }
            }
        }
    }
}
