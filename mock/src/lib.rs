//! `cohere-mock`: a local server that speaks the Cohere v2 wire protocol.
//!
//! Endpoints: `POST /v2/chat` (JSON or SSE stream, text or one tool call), `POST /v2/embed`,
//! `POST /v2/rerank`, `GET /__stats` (the [`MockStats`] as JSON; it counts as a request
//! itself), `POST /__stats/reset` (204). Unknown paths answer 404, wrong methods 405, and
//! `OPTIONS` on any path is a CORS preflight (204). Every response carries `x-request-id`
//! and CORS headers (with `timing-allow-origin: *`, for pages that read Resource Timing).
//!
//! Replies are deterministic: the chat reply is `Echo:` followed by the words of the last
//! user message, cycled, `deltas` words in all (the same text streamed or not); embeddings
//! come from a hash of each input; rerank scores from word overlap with the query.
//!
//! Faults are injected per request with the `x-mock-fault` header or server-wide with
//! [`MockConfig::fault`]; see [`fault`] for the list. The headers `x-mock-deltas` and
//! `x-mock-delta-delay-ms` override [`MockConfig::deltas`] and [`MockConfig::delta_delay`]
//! for one request.

mod base64;
mod body;
mod chat;
mod config;
mod conn;
mod embed;
pub mod fault;
mod io;
mod models;
mod ordered;
mod proxy;
mod record;
mod reply;
mod rerank;
mod respond;
mod router;
mod server;
mod sse;
mod state;
mod stats;
mod stream;
mod tls;
mod v1;
mod validate;

pub use config::MockConfig;
pub use embed::DEFAULT_DIMENSION;
pub use record::RecordedRequest;
pub use server::MockServer;
pub use stats::MockStats;
