//! # cohere-edge
//!
//! A small, fast, bounded client for the Cohere v2 API — chat, streaming chat,
//! embed and rerank — with one API on every target: native Rust (a connection
//! pool of its own on hyper, rustls and tokio) and WebAssembly (the platform's
//! `fetch`).
//!
//! ```no_run
//! # async fn demo() -> cohere_edge::Result<()> {
//! use cohere_edge::{ChatMessage, ChatRequest, Client};
//!
//! let client = Client::from_env()?; // reads CO_API_KEY
//! let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Tell me a joke")]);
//!
//! // The whole reply at once.
//! let reply = client.chat(&req).await?;
//! println!("{}", reply.text());
//!
//! // Or streamed as it is generated.
//! let mut stream = client.chat_stream(&req).await?;
//! while let Some(event) = stream.next_event().await {
//!     if let Some(text) = event?.text() {
//!         print!("{text}");
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Layers (see ARCHITECTURE.md in the repository): [`types`] (wire types), [`sse`] (the SSE decoder),
//! [`stream`] (events and their fold into a response), [`retry`] (retry rules),
//! [`error`], and a transport per target underneath [`Client`].

#![warn(missing_docs)]

mod base_url;
mod builder;
mod client;
pub mod error;
mod headers;
mod http_date;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
#[doc(hidden)]
pub mod js;
mod json_scan;
mod rate_window;
mod request_options;
mod response;
pub mod retry;
mod retry_budget;
pub mod sse;
pub mod stream;
mod throttle;
pub mod transport;
pub mod types;
mod v1_api;
mod with_response;

pub use builder::{
    ClientBuilder, Keepalive, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_POOL_IDLE_TIMEOUT,
    DEFAULT_POOL_MAX_IDLE_PER_HOST, DEFAULT_STREAM_IDLE_TIMEOUT, DEFAULT_TCP_KEEPALIVE,
    DEFAULT_TIMEOUT, WORKERS_MAX_CONNECTIONS,
};
pub use client::{Client, ClientStats};
pub use error::{ApiError, Error, ErrorCause, Interruption, Result, RetryStop, TimeoutKind};
pub use request_options::RequestOptions;
pub use response::{RawResponse, ResponseMeta, WithResponse};
pub use retry_budget::RetryBudget;
pub use stream::ChatStream;
pub use types::*;
