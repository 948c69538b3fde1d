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

/// The npm package's allocator: talc (well kept, made for WebAssembly) in place
/// of the standard library's dlmalloc. Measured with scripts/bundle_size.sh, it
/// took 3.8 KB off the module (1.6 KB gzipped). Only the npm build (the `js`
/// feature) sets it: a Rust program that uses this crate keeps its own.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
