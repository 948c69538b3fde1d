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
    decoder: SseDecoder,
    done: bool,
}

impl ChatEventParser {
    /// A parser with the default 1 MiB event limit.
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser whose lines and events may be at most `max_event_bytes` long.
    pub fn with_limit(max_event_bytes: usize) -> Self {
        ChatEventParser {
            decoder: SseDecoder::with_limit(max_event_bytes),
            done: false,
        }
    }

    /// True once a `data: [DONE]` marker arrived.
    pub fn saw_done_marker(&self) -> bool {
        self.done
    }

    /// Decodes `chunk`, pushing every completed event (or per-event error) to `out`.
    /// Events after a `[DONE]` marker are ignored.
    pub fn feed(&mut self, chunk: &[u8], out: &mut impl Extend<Result<StreamEvent>>) {
        let done = &mut self.done;
        self.decoder.feed(chunk, |item| {
            if *done {
                return;
            }
            let parsed = match item {
                Ok(ev) => parse_event(ev, done),
                Err(SseError::TooLarge { limit }) => Some(Err(Error::TooLarge {
                    what: "stream event",
                    limit,
                })),
                Err(SseError::InvalidUtf8) => Some(Err(Error::Decode {
                    what: "stream event".into(),
                    message: "not valid UTF-8".into(),
                    input: String::new(),
                })),
            };
            if let Some(p) = parsed {
                out.extend(std::iter::once(p));
            }
        });
    }

    /// Ends the input; true when an event was left unfinished (cut mid-event).
    pub fn finish(&mut self) -> bool {
        self.decoder.finish()
    }
}

fn parse_event(ev: SseEventRef<'_>, done: &mut bool) -> Option<Result<StreamEvent>> {
    if ev.data == "[DONE]" {
        *done = true;
        return None;
    }
    Some(StreamEvent::from_json(ev.event, ev.data).map_err(|e| {
        let what = match ev.event {
            Some(name) => format!("{name} event"),
            None => "stream event".to_owned(),
        };
        Error::decode(what, e, ev.data.as_bytes())
    }))
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
    error: Option<String>,
}

/// Maps a wire index to a slot: an existing one, or the next new one. Never
/// allocates for an absurd index a server might send.
fn slot(index: Option<u32>, current: usize, len: usize) -> usize {
    match index {
        Some(i) => (i as usize).min(len),
        None => current.min(len),
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
                    ContentPart::Thinking {
                        thinking: frag.and_then(|f| f.thinking.clone()).unwrap_or_default(),
                    }
                } else {
                    ContentPart::Text {
                        text: frag.and_then(|f| f.text.clone()).unwrap_or_default(),
                    }
                };
                if i == self.content.len() {
                    self.content.push(part);
                } else {
                    self.content[i] = part;
                }
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
                            ContentPart::Thinking {
                                thinking: String::new(),
                            }
                        } else {
                            ContentPart::Text {
                                text: String::new(),
                            }
                        });
                }
                self.current_content = i;
                match &mut self.content[i] {
                    ContentPart::Text { text } => {
                        if let Some(t) = &frag.text {
                            text.push_str(t);
                        }
                    }
                    ContentPart::Thinking { thinking } => {
                        if let Some(t) = frag.thinking.as_ref().or(frag.text.as_ref()) {
                            thinking.push_str(t);
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
                if i == self.tool_calls.len() {
                    self.tool_calls.push(call);
                } else {
                    self.tool_calls[i] = call;
                }
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
                    if let Some(err) = &d.error {
                        self.error = Some(err.clone());
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

    /// The error a `message-end` reported, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
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
            },
            usage: self.usage.clone(),
            logprobs: None,
        }
    }
}

/// A streamed chat reply: a [`Stream`] of [`StreamEvent`]s.
///
/// - A malformed event yields an `Err` naming it, and the stream goes on.
/// - A body that ends (or fails, or stays silent past `stream_idle_timeout`) before
///   `message-end` yields one [`Error::StreamInterrupted`] holding what arrived,
///   after the events that did arrive.
/// - A `message-end` carrying an error yields that event, then [`Error::StreamError`].
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
    body: Option<ByteStream>,
    parser: ChatEventParser,
    pending: VecDeque<Result<StreamEvent>>,
    /// Reused between chunks: the events one chunk completed.
    scratch: Vec<Result<StreamEvent>>,
    acc: ResponseAccumulator,
    saw_end: bool,
}

impl std::fmt::Debug for ChatStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatStream")
            .field("saw_message_end", &self.saw_end)
            .field("finished", &self.body.is_none())
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
            body: Some(body),
            parser: ChatEventParser::with_limit(max_event_bytes),
            pending: VecDeque::new(),
            scratch: Vec::new(),
            acc: ResponseAccumulator::new(),
            saw_end: false,
        }
    }

    /// The next event, or `None` at the end. Same as `StreamExt::next`.
    pub async fn next_event(&mut self) -> Option<Result<StreamEvent>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Everything that has arrived so far, folded into a response.
    pub fn response(&self) -> ChatResponse {
        self.acc.response()
    }

    /// Reads the rest of the stream and returns the whole reply. Fails with the
    /// first error (a malformed event, an interruption, an error in `message-end`);
    /// stream errors carry the partial reply.
    pub async fn into_response(mut self) -> Result<ChatResponse> {
        while let Some(item) = self.next_event().await {
            item?;
        }
        Ok(self.acc.response())
    }

    fn interrupt(&mut self, reason: Interruption) {
        self.body = None;
        self.pending.push_back(Err(Error::StreamInterrupted {
            reason,
            partial: Box::new(self.acc.response()),
        }));
    }

    fn on_event(&mut self, item: Result<StreamEvent>) {
        if let Ok(event) = &item {
            self.acc.apply(event);
            if matches!(event, StreamEvent::MessageEnd(_)) {
                self.saw_end = true;
                self.pending.push_back(item);
                if let Some(message) = self.acc.error().map(str::to_owned) {
                    self.pending.push_back(Err(Error::StreamError {
                        message,
                        partial: Box::new(self.acc.response()),
                    }));
                }
                return;
            }
        }
        self.pending.push_back(item);
    }
}

impl Stream for ChatStream {
    type Item = Result<StreamEvent>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.pending.pop_front() {
                return Poll::Ready(Some(item));
            }
            // No body left: the stream has ended (cleanly or with its error queued).
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    let mut events = std::mem::take(&mut this.scratch);
                    this.parser.feed(&chunk, &mut events);
                    for e in events.drain(..) {
                        this.on_event(e);
                    }
                    this.scratch = events;
                }
                Poll::Ready(Some(Err(reason))) => {
                    if this.saw_end || this.parser.saw_done_marker() {
                        this.body = None;
                    } else {
                        this.interrupt(reason);
                    }
                }
                Poll::Ready(None) => {
                    this.parser.finish();
                    if this.saw_end || this.parser.saw_done_marker() {
                        this.body = None;
                    } else {
                        this.interrupt(Interruption::EndOfBody);
                    }
                }
            }
        }
    }
}
