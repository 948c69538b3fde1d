//! The npm package's stream underneath: events as their raw JSON text
//! ([`RawEvents`]), handed to JS in batches of what has already arrived
//! ([`EventStream::ready`]). JS-only, so it lives here and not in the core
//! (`src/stream.rs` holds the stream rules both use).

use crate::error::Result;
use crate::sse::SseEventRef;
use crate::stream::{decode_error, EventReader, EventStream, InBandError};
use crate::transport::HttpResponse;
use crate::types::{ChatResponse, StreamEvent};
use crate::Client;

impl Client {
    /// A stream of raw JSON events over a successful streaming response.
    pub(crate) fn raw_stream_of(&self, response: HttpResponse) -> EventStream<RawEvents> {
        EventStream::new(response.body.into_stream(), self.max_event_bytes())
    }
}

impl<R: EventReader> EventStream<R> {
    /// The next event or error if it has already arrived, without waiting.
    pub(crate) fn ready(&mut self) -> Option<Result<R::Event>> {
        self.pending.pop_front()
    }
}

/// Reads events as their raw JSON, checking only what the stream's rules need
/// (valid JSON; whether it is `message-end`). The JS surface parses the JSON
/// itself, so typed parsing here would be work done twice (and would put every
/// event type's deserializer in the WebAssembly module).
///
/// An error inside `message-end` does not fail the stream here: like `cohere-ai`,
/// the npm package hands out that event (which says what went wrong) and ends.
#[derive(Debug, Default)]
pub(crate) struct RawEvents {
    last_was_end: bool,
}

impl EventReader for RawEvents {
    type Event = Box<str>;

    fn read(&mut self, ev: SseEventRef<'_>) -> Result<Box<str>> {
        let fields = crate::json_scan::scan(ev.data).map_err(|e| decode_error(&ev, e))?;
        // The SSE event name decides, as for typed events; `type` when there is none.
        let is_end = match ev.event {
            Some(name) if StreamEvent::is_known_type(name) => name == "message-end",
            _ => fields.kind.as_deref() == Some("message-end"),
        };
        self.last_was_end = is_end;
        Ok(ev.data.into())
    }

    fn observe(&mut self, _event: &Box<str>) -> Option<Option<InBandError>> {
        std::mem::take(&mut self.last_was_end).then_some(None)
    }

    fn partial(&self) -> ChatResponse {
        ChatResponse::default()
    }
}
