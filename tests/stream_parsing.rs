//! SSE decoding and ChatStream behaviour without a network: property tests that
//! any split of the bytes gives the same events, and the stream's edge cases.
// Native only: these use tokio, cohere-mock and proptest (tests/wasm.rs is the wasm suite).
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use cohere_edge::sse::{SseDecoder, SseEvent, SseEventRef};
use cohere_edge::stream::ChatEventParser;
use cohere_edge::{ChatStream, Error, Interruption, StreamEvent};
use proptest::prelude::*;

fn decode_all(chunks: &[&[u8]]) -> Vec<Result<SseEvent, String>> {
    let mut dec = SseDecoder::with_limit(4096);
    let mut out = Vec::new();
    for c in chunks {
        dec.feed(c, |e| {
            out.push(e.map(SseEventRef::into_owned).map_err(|e| e.to_string()))
        });
    }
    dec.finish();
    out
}

/// One generated event: optional name, data lines, optional id, a comment or not.
#[derive(Debug, Clone)]
struct GenEvent {
    name: Option<String>,
    data: Vec<String>,
    id: Option<String>,
    comment: bool,
}

fn field_text() -> impl Strategy<Value = String> {
    // Any characters but line breaks (which end a field); includes multi-byte UTF-8.
    proptest::string::string_regex("[a-zA-Z0-9 :{}\",\\-é→世🎉]{0,24}").unwrap()
}

fn gen_event() -> impl Strategy<Value = GenEvent> {
    (
        proptest::option::of(proptest::string::string_regex("[a-z\\-]{1,12}").unwrap()),
        proptest::collection::vec(field_text(), 1..4),
        proptest::option::of(proptest::string::string_regex("[0-9a-z]{1,6}").unwrap()),
        any::<bool>(),
    )
        .prop_map(|(name, data, id, comment)| GenEvent {
            name,
            data,
            id,
            comment,
        })
}

fn render(events: &[GenEvent], eol: &[&str]) -> Vec<u8> {
    let mut out = String::new();
    let mut k = 0;
    let mut nl = |out: &mut String| {
        out.push_str(eol[k % eol.len()]);
        k += 1;
    };
    for e in events {
        if e.comment {
            out.push_str(": keep-alive");
            nl(&mut out);
        }
        if let Some(n) = &e.name {
            out.push_str("event: ");
            out.push_str(n);
            nl(&mut out);
        }
        if let Some(id) = &e.id {
            out.push_str("id: ");
            out.push_str(id);
            nl(&mut out);
        }
        for d in &e.data {
            out.push_str("data: ");
            out.push_str(d);
            nl(&mut out);
        }
        nl(&mut out);
    }
    out.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_split_gives_the_same_events(
        events in proptest::collection::vec(gen_event(), 1..8),
        // Mixed endings never put "\n" right after "\r": that pair is one CRLF.
        eol in proptest::sample::select(vec![vec!["\n"], vec!["\r\n"], vec!["\r"], vec!["\r\n", "\n", "\r\n", "\r"]]),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let bytes = render(&events, &eol);
        let whole = decode_all(&[&bytes]);
        // The events are exactly the generated ones.
        prop_assert_eq!(whole.len(), events.len());
        let mut last_id = None;
        for (got, want) in whole.iter().zip(&events) {
            let got = got.as_ref().unwrap();
            prop_assert_eq!(&got.event, &want.name);
            prop_assert_eq!(&got.data, &want.data.join("\n"));
            if want.id.is_some() { last_id = want.id.clone(); }
            prop_assert_eq!(&got.id, &last_id);
        }
        // Any split into chunks gives the same result.
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        points.sort_unstable();
        let mut chunks = Vec::new();
        let mut prev = 0;
        for p in points {
            chunks.push(&bytes[prev..p]);
            prev = p;
        }
        chunks.push(&bytes[prev..]);
        prop_assert_eq!(decode_all(&chunks), whole.clone());
        // And so does one byte at a time.
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        prop_assert_eq!(decode_all(&singles), whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_stay_bounded(
        chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..20)
    ) {
        let mut dec = SseDecoder::with_limit(128);
        for c in &chunks {
            dec.feed(c, |e| {
                if let Ok(ev) = e {
                    assert!(ev.data.len() <= 128);
                }
            });
        }
        dec.finish();
        let mut parser = ChatEventParser::with_limit(128);
        let mut out = Vec::new();
        for c in &chunks {
            parser.feed(c, &mut out);
        }
    }
}

fn stream_of(chunks: Vec<Result<&'static str, Interruption>>) -> ChatStream {
    let items: Vec<Result<Bytes, Interruption>> = chunks
        .into_iter()
        .map(|c| c.map(|s| Bytes::from_static(s.as_bytes())))
        .collect();
    ChatStream::from_byte_stream(futures_util::stream::iter(items), 1 << 20)
}

const START: &str = "event: message-start\ndata: {\"type\":\"message-start\",\"id\":\"m1\",\"delta\":{\"message\":{\"role\":\"assistant\"}}}\n\n";
const CSTART: &str = "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n";
const DELTA_HI: &str = "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hi\"}}}}\n\n";
const DELTA_THERE: &str = "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\" there\"}}}}\n\n";
const END: &str = "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"tokens\":{\"input_tokens\":3,\"output_tokens\":2}}}}\n\n";

async fn collect(mut s: ChatStream) -> (Vec<StreamEvent>, Vec<Error>, ChatStream) {
    let (mut ok, mut err) = (Vec::new(), Vec::new());
    while let Some(e) = s.next_event().await {
        match e {
            Ok(e) => ok.push(e),
            Err(e) => err.push(e),
        }
    }
    (ok, err, s)
}

#[tokio::test]
async fn a_complete_stream_folds_into_the_reply() {
    let s = stream_of(vec![
        Ok(START),
        Ok(CSTART),
        Ok(DELTA_HI),
        Ok(DELTA_THERE),
        Ok(END),
    ]);
    let reply = s.into_response().await.unwrap();
    assert_eq!(reply.id, "m1");
    assert_eq!(reply.text(), "Hi there");
    assert_eq!(reply.finish_reason.as_str(), "COMPLETE");
    assert_eq!(reply.usage.unwrap().tokens.unwrap().output_tokens, Some(2));
}

#[tokio::test]
async fn end_of_body_before_message_end_is_interrupted_with_the_partial_reply() {
    let (ok, err, s) = collect(stream_of(vec![Ok(START), Ok(CSTART), Ok(DELTA_HI)])).await;
    assert_eq!(ok.len(), 3);
    assert_eq!(err.len(), 1);
    match &err[0] {
        Error::StreamInterrupted {
            reason: Interruption::EndOfBody,
            partial,
        } => assert_eq!(partial.text(), "Hi"),
        e => panic!("{e:?}"),
    }
    assert_eq!(s.response().text(), "Hi");
}

#[tokio::test]
async fn a_transport_failure_mid_stream_is_interrupted() {
    let (ok, err, _) = collect(stream_of(vec![
        Ok(START),
        Ok(DELTA_HI),
        Err(Interruption::Transport("connection reset".into())),
        Ok(END),
    ]))
    .await;
    assert_eq!(ok.len(), 2, "nothing is read after the failure");
    assert!(matches!(
        &err[..],
        [Error::StreamInterrupted {
            reason: Interruption::Transport(_),
            ..
        }]
    ));
}

#[tokio::test]
async fn a_truncated_last_event_is_not_delivered_and_the_stream_is_interrupted() {
    let (ok, err, _) = collect(stream_of(vec![
        Ok(START),
        Ok("event: content-delta\ndata: {\"type\":\"content-del"),
    ]))
    .await;
    assert_eq!(ok.len(), 1);
    assert!(matches!(&err[..], [Error::StreamInterrupted { .. }]));
}

#[tokio::test]
async fn done_marker_ends_the_stream_cleanly() {
    let (ok, err, _) = collect(stream_of(vec![
        Ok(START),
        Ok(DELTA_HI),
        Ok("data: [DONE]\n\n"),
        Ok(DELTA_THERE),
    ]))
    .await;
    assert_eq!(ok.len(), 2);
    assert!(err.is_empty(), "{err:?}");
    let (ok, err, _) = collect(stream_of(vec![Ok(START), Ok(END), Ok("data: [DONE]\n\n")])).await;
    assert_eq!((ok.len(), err.len()), (2, 0));
}

#[tokio::test]
async fn message_end_with_an_error_yields_the_event_then_a_stream_error() {
    let end = "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"error\":\"model overloaded\",\"finish_reason\":\"ERROR\"}}\n\n";
    let (ok, err, _) = collect(stream_of(vec![Ok(START), Ok(DELTA_HI), Ok(end)])).await;
    assert_eq!(ok.len(), 3);
    assert!(
        matches!(&err[..], [Error::StreamError { message, error_type: None, partial }] if message == "model overloaded" && partial.text() == "Hi")
    );
}

#[tokio::test]
async fn events_without_an_event_field_use_their_type() {
    let s = stream_of(vec![Ok("data: {\"type\":\"content-delta\",\"delta\":{\"message\":{\"content\":{\"text\":\"x\"}}}}\n\n"), Ok(END)]);
    let (ok, err, _) = collect(s).await;
    assert!(err.is_empty());
    assert_eq!(ok[0].text(), Some("x"));
}

#[tokio::test]
async fn unknown_event_types_keep_their_json() {
    let (ok, err, _) = collect(stream_of(vec![
        Ok(START),
        Ok("event: shiny-new\ndata: {\"type\":\"shiny-new\",\"x\":[1,2]}\n\n"),
        Ok("data: {\"type\":\"also-new\"}\n\n"),
        Ok(END),
    ]))
    .await;
    assert!(err.is_empty());
    assert!(matches!(&ok[1], StreamEvent::Unknown(v) if v["x"][1] == 2));
    assert_eq!(ok[2].kind(), "also-new");
}

#[tokio::test]
async fn absurd_indexes_do_not_allocate() {
    let big = "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":4000000000,\"delta\":{\"message\":{\"content\":{\"text\":\"x\"}}}}\n\n";
    let call = "event: tool-call-delta\ndata: {\"type\":\"tool-call-delta\",\"index\":4000000000,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"{}\"}}}}}\n\n";
    let reply = stream_of(vec![Ok(START), Ok(big), Ok(call), Ok(END)])
        .into_response()
        .await
        .unwrap();
    assert_eq!(reply.text(), "x");
    assert_eq!(reply.message.tool_calls.unwrap().len(), 1);
}

proptest! {
    // The content-delta fast path (src/types/delta_fast_path.rs) is invisible: on
    // inputs near its layout, parsing gives exactly what serde_json alone gives.
    #[test]
    fn content_delta_fast_path_agrees_with_serde(
        index in "[0-9]{1,11}|-1",
        text in "\\PC{0,12}|[\"\\\\\\x00-\\x1f a]{0,4}",
        tail in prop::sample::select(vec!["}}}}", "}}}} ", "}}}", "}}}}}", "},\"x\":1}}}"]),
    ) {
        let data = format!(
            r#"{{"type":"content-delta","index":{index},"delta":{{"message":{{"content":{{"text":"{text}"{tail}"#
        );
        // serde_json alone, with `type` taken as the variant rather than kept as an
        // unknown field (as `from_json` does on its typed path).
        let serde = serde_json::from_str::<cohere_edge::ContentDeltaEvent>(&data)
            .ok()
            .map(|mut e| {
                e.extra.remove("type");
                StreamEvent::ContentDelta(e)
            });
        prop_assert_eq!(StreamEvent::from_json(Some("content-delta"), &data).ok(), serde.clone());
        prop_assert_eq!(StreamEvent::from_json(None, &data).ok(), serde.clone());
        // And whichever path parsed it, it serialises back to what was sent.
        if let Some(event) = serde {
            let sent: serde_json::Value = serde_json::from_str(&data).unwrap();
            prop_assert_eq!(serde_json::to_value(&event).unwrap(), sent);
        }
    }
}
