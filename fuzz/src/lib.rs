//! The fuzz targets' bodies, shared by the libFuzzer binaries in `fuzz_targets/`
//! and by the corpus replay in the test command (`tests/fuzz_corpus.rs` includes this
//! file). Each must hold for every input: no panic, and the invariant it states.

use cohere_edge::sse::SseDecoder;
use cohere_edge::stream::{ChatEventParser, ResponseAccumulator};
use cohere_edge::{retry::RetryHints, ApiError, ChatResponse, EmbedResponse, RerankResponse};
use cohere_edge::{Error, StreamEvent};

/// Chunk sizes for an input: its first byte picks how the rest is split, so one
/// input is decoded both whole and in pieces (1 byte up to 256).
fn split(data: &[u8]) -> (usize, &[u8]) {
    match data.split_first() {
        Some((&first, rest)) => (usize::from(first) + 1, rest),
        None => (1, data),
    }
}

/// The SSE decoder: the same events whatever the chunking, and never a panic.
pub fn sse_decoder(data: &[u8]) {
    let (size, body) = split(data);
    let decode = |chunks: &mut dyn Iterator<Item = &[u8]>| {
        let mut decoder = SseDecoder::with_limit(4096);
        let mut out = Vec::new();
        for chunk in chunks {
            decoder.feed(chunk, |event| {
                out.push(
                    event
                        .map(|e| {
                            (
                                e.event.map(str::to_owned),
                                e.data.to_owned(),
                                e.id.map(str::to_owned),
                            )
                        })
                        .map_err(|e| e.to_string()),
                )
            });
        }
        let clean = decoder.finish();
        (out, clean)
    };
    let whole = decode(&mut std::iter::once(body));
    let pieces = decode(&mut body.chunks(size));
    assert_eq!(whole, pieces, "chunks of {size} decode differently");
}

/// Chat stream events: typed parsing and the fold into a reply, chunked; the folded
/// reply serialises and parses back.
pub fn chat_events(data: &[u8]) {
    let (size, body) = split(data);
    let mut parser = ChatEventParser::with_limit(8192);
    let mut events: Vec<Result<StreamEvent, Error>> = Vec::new();
    for chunk in body.chunks(size) {
        parser.feed(chunk, &mut events);
    }
    parser.finish();
    let mut reply = ResponseAccumulator::new();
    for event in events.iter().flatten() {
        reply.apply(event);
        // Every parsed event serialises.
        serde_json::to_string(event).expect("an event serialises");
    }
    let json = serde_json::to_string(&reply.response()).expect("the reply serialises");
    let _: ChatResponse = serde_json::from_str(&json).expect("the reply parses back");
    // The data alone, as an event with no SSE name.
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = StreamEvent::from_json(None, text);
    }
}

/// Response bodies: chat, embed and rerank parse (or fail) without panicking, and
/// parse back what they serialise; error bodies give the JSON `message` exactly when
/// serde_json sees one; retry hints from any header values.
pub fn responses(data: &[u8]) {
    if let Ok(r) = serde_json::from_slice::<ChatResponse>(data) {
        // What we serialise parses back to the same thing: one round trip is a fixed
        // point. (Not the first parse itself: a known part with duplicate keys, which
        // serde's derive rejects, is kept verbatim as `Unknown`, and serde_json's map
        // then keeps one of the duplicates, which parses as the known part. Found by
        // this fuzzer; fuzz/regressions/responses holds the input.)
        let once = serde_json::to_string(&r).unwrap();
        let again: ChatResponse = serde_json::from_str(&once).unwrap();
        let twice = serde_json::to_string(&again).unwrap();
        let third: ChatResponse = serde_json::from_str(&twice).unwrap();
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            serde_json::to_value(&third).unwrap()
        );
    }
    if let Ok(r) = serde_json::from_slice::<EmbedResponse>(data) {
        serde_json::to_string(&r).unwrap();
    }
    if let Ok(r) = serde_json::from_slice::<RerankResponse>(data) {
        serde_json::to_string(&r).unwrap();
    }
    // The hand-written JSON scanner behind error messages, against serde_json.
    let error = ApiError::new(500, data, None);
    // Lossy UTF-8: each invalid byte of the kept 64 KiB may become a 3-byte U+FFFD.
    assert!(
        error.body.len() <= 3 * ApiError::MAX_BODY,
        "body kept within its cap"
    );
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(data) {
        if let Some(serde_json::Value::String(message)) = map.get("message") {
            assert_eq!(&error.message, message, "the scanner's message differs");
        }
    }
    // Retry hints from header values made of the input.
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\n');
    let values: Vec<&str> = (0..4).map(|_| parts.next().unwrap_or("")).collect();
    let hints = RetryHints::from_lookup(|name| match name {
        "retry-after-ms" => Some(values[0]),
        "retry-after" => Some(values[1]),
        "x-ratelimit-reset" => Some(values[2]),
        _ => None,
    });
    let _ = hints.server_delay(std::time::Duration::from_secs(1_750_000_000));
}
