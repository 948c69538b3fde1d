//! The JS surface's Rust half: the classes the npm package's hand-written
//! `client.js` wraps (`WasmClient`, `WasmChatStream`).
//!
//! The split: Rust does what must be the same on every target (the transport,
//! retries, timeouts, the SSE decoder, stream semantics, status -> error
//! mapping); `client.js` does what is JavaScript's own (camelCase <-> wire key
//! mapping with `JSON.parse`/`JSON.stringify`, error classes, the async
//! iterator). Requests cross as JSON text, replies as JSON text, stream events
//! as one JSON array per batch of events that arrived together.

mod abort;
mod client;
mod errors;
mod options;
mod promise;
mod raw_events;
mod stream;

pub use client::WasmClient;
pub use stream::WasmChatStream;
