//! criterion micro-benchmarks: `cargo bench --bench micro`.
//!
//! - `sse_decode_parse/<chunk>`: the recorded 500-delta chat stream
//!   (`benches/data/chat-stream-500.sse`) through [`ChatEventParser`] (SSE decoding and
//!   typed event parsing together), fed in 1 B, 64 B and 16 KiB chunks; throughput in
//!   bytes of wire input.
//! - `chat_request_serialise`: a retrieval-augmented chat request from the official
//!   SDK's wire vectors (`chat (2)`: documents, several messages) to JSON bytes.
//! - `chat_response_parse`: that vector's response body, JSON bytes to `ChatResponse`.
//!
//! Every input is checked once before it is timed (event count, a byte-exact round
//! trip of the request), so a benchmark never measures a parse that failed.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut c = criterion::Criterion::default().configure_from_args();
    native::sse(&mut c);
    native::json(&mut c);
    c.final_summary();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use cohere_edge::stream::ChatEventParser;
    use cohere_edge::{ChatRequest, ChatResponse, StreamEvent};
    use criterion::{BatchSize, Criterion, Throughput};
    use serde_json::Value;

    const STREAM: &[u8] = include_bytes!("data/chat-stream-500.sse");

    fn parse_all(chunk: usize) -> usize {
        let mut parser = ChatEventParser::new();
        let mut events: Vec<cohere_edge::Result<StreamEvent>> = Vec::with_capacity(512);
        for piece in STREAM.chunks(chunk) {
            parser.feed(piece, &mut events);
        }
        assert!(!parser.finish(), "the recording ends mid-event");
        events.len()
    }

    pub fn sse(c: &mut Criterion) {
        // The recording: message-start, content-start, 500 deltas, content-end, message-end.
        let mut parser = ChatEventParser::new();
        let mut events = Vec::new();
        parser.feed(STREAM, &mut events);
        let ok: Vec<StreamEvent> = events.into_iter().map(|e| e.expect("event")).collect();
        assert_eq!(ok.len(), 504);
        assert!(matches!(ok.last(), Some(StreamEvent::MessageEnd(_))));

        let mut group = c.benchmark_group("sse_decode_parse");
        group.throughput(Throughput::Bytes(STREAM.len() as u64));
        for (name, chunk) in [("1B", 1), ("64B", 64), ("16KiB", 16 * 1024)] {
            assert_eq!(parse_all(chunk), 504, "chunk {name}");
            group.bench_function(name, |b| b.iter(|| black_box(parse_all(black_box(chunk)))));
        }
        group.finish();
    }

    /// The `chat (2)` wire vector: (request body JSON, response body JSON).
    fn chat_vector() -> (String, String) {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/conformance/cohere-v2-wire-cases.json"
        );
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("conformance vectors not found at {path}: {e}"));
        let cases: Vec<Value> = serde_json::from_str(&text).expect("vectors are JSON");
        let case = cases
            .iter()
            .find(|c| c["name"] == "chat (2)")
            .expect("vector `chat (2)`");
        (
            case["requestBody"].to_string(),
            case["responseBody"].to_string(),
        )
    }

    pub fn json(c: &mut Criterion) {
        let (request_json, response_json) = chat_vector();
        let request: ChatRequest = serde_json::from_str(&request_json).expect("request");
        // The round trip keeps every field but `stream`, which the client sets per call.
        let again: Value = serde_json::from_slice(&serde_json::to_vec(&request).expect("ser"))
            .expect("request JSON");
        let mut want: Value = serde_json::from_str(&request_json).expect("request JSON");
        want.as_object_mut().expect("object").remove("stream");
        assert_eq!(again, want);
        let response_bytes = response_json.into_bytes();
        let parsed: ChatResponse = serde_json::from_slice(&response_bytes).expect("response");
        assert!(!parsed.text().is_empty());

        let mut group = c.benchmark_group("json");
        let out_len = serde_json::to_vec(&request).expect("ser").len();
        group.throughput(Throughput::Bytes(out_len as u64));
        group.bench_function("chat_request_serialise", |b| {
            b.iter_batched_ref(
                || Vec::with_capacity(out_len),
                |buf| serde_json::to_writer(buf, black_box(&request)).expect("ser"),
                BatchSize::SmallInput,
            )
        });
        group.throughput(Throughput::Bytes(response_bytes.len() as u64));
        group.bench_function("chat_response_parse", |b| {
            b.iter(|| {
                black_box(
                    serde_json::from_slice::<ChatResponse>(black_box(&response_bytes))
                        .expect("response"),
                )
            })
        });
        group.finish();
    }
}
