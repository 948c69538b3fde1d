//! Faithful to the wire: parse then serialise gives back exactly the JSON the server
//! sent (as JSON values: key order and whitespace aside), for every response and
//! stream event in the official SDK's vectors (../shared/conformance) and in the
//! fixtures written from the API reference (tests/data/wire), and for those same
//! documents with fields no version of this crate knows added at any depth, or with
//! arrays and strings emptied (a property test). Also the in-band stream error.
// Native only: these use tokio and proptest (tests/wasm.rs is the wasm suite).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use bytes::Bytes;
use cohere_edge::stream::ChatEventParser;
use cohere_edge::{
    ChatResponse, ChatStream, EmbedResponse, Error, FinishReason, RerankResponse, StreamEvent,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// One document the server may send.
#[derive(Debug, Clone)]
enum Doc {
    /// A JSON response of an endpoint (`chat`, `embed`, `rerank`).
    Json { endpoint: String, body: Value },
    /// A chat stream: each event's SSE name and data.
    Sse { events: Vec<(String, Value)> },
}

/// `(name, document)` for every 200 response in the vectors and every fixture.
fn documents() -> &'static [(String, Doc)] {
    static DOCS: std::sync::OnceLock<Vec<(String, Doc)>> = std::sync::OnceLock::new();
    DOCS.get_or_init(load_documents)
}

fn load_documents() -> Vec<(String, Doc)> {
    let mut docs = Vec::new();
    let cases = support::wire::conformance_cases();
    for case in cases.iter().filter(|c| c["status"] == 200) {
        let name = case["name"].as_str().unwrap().to_owned();
        let doc = match case["method"].as_str().unwrap() {
            "chatStream" => Doc::Sse {
                events: sse_events(case["responseBody"].as_str().unwrap()),
            },
            method => Doc::Json {
                endpoint: method.to_owned(),
                body: case["responseBody"].clone(),
            },
        };
        docs.push((name, doc));
    }
    for (name, text) in support::wire::wire_fixtures() {
        let doc = if name.ends_with(".sse") {
            Doc::Sse {
                events: sse_events(&text),
            }
        } else {
            Doc::Json {
                endpoint: name.split('-').next().unwrap().to_owned(),
                body: serde_json::from_str(&text).unwrap(),
            }
        };
        docs.push((name, doc));
    }
    assert!(docs.len() >= 16, "vectors and fixtures: {}", docs.len());
    docs
}

/// The `(event name, data)` pairs of an SSE text with one `event:` and one `data:`
/// line per event, as the API writes them.
fn sse_events(raw: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut name = String::new();
    for line in raw.lines() {
        if let Some(n) = line.strip_prefix("event: ") {
            name = n.to_owned();
        } else if let Some(d) = line.strip_prefix("data: ") {
            out.push((std::mem::take(&mut name), serde_json::from_str(d).unwrap()));
        }
    }
    out
}

fn render_sse(events: &[(String, Value)]) -> String {
    let mut out = String::new();
    for (name, data) in events {
        out.push_str(&format!("event: {name}\ndata: {data}\n\n"));
    }
    out
}

/// What the typed layer writes back for `doc`, next to what the server sent.
fn round_trip(doc: &Doc) -> Result<Vec<(Value, Value)>, String> {
    match doc {
        Doc::Json { endpoint, body } => {
            // Parse from the text, as the client does (not from a `Value`).
            let text = body.to_string();
            let again = match endpoint.as_str() {
                "chat" => serde_json::from_str::<ChatResponse>(&text).map(|r| to_value(&r)),
                "embed" => serde_json::from_str::<EmbedResponse>(&text).map(|r| to_value(&r)),
                "rerank" => serde_json::from_str::<RerankResponse>(&text).map(|r| to_value(&r)),
                other => panic!("unknown endpoint {other}"),
            }
            .map_err(|e| format!("parse: {e}"))?;
            // The server's JSON is its text: compare with that text as read.
            Ok(vec![(again, serde_json::from_str(&text).unwrap())])
        }
        Doc::Sse { events } => {
            // Through the stream's own parser (SSE decoding, the content-delta
            // fast path, typed parsing), in small chunks.
            let mut parser = ChatEventParser::new();
            let mut parsed = Vec::new();
            for chunk in render_sse(events).as_bytes().chunks(7) {
                parser.feed(chunk, &mut parsed);
            }
            assert!(!parser.finish());
            if parsed.len() != events.len() {
                return Err(format!("{} events for {}", parsed.len(), events.len()));
            }
            parsed
                .into_iter()
                .zip(events)
                .map(|(got, (_, sent))| {
                    let got = got.map_err(|e| format!("parse: {e}"))?;
                    Ok((
                        to_value(&got),
                        serde_json::from_str(&sent.to_string()).unwrap(),
                    ))
                })
                .collect()
        }
    }
}

/// What serialising writes, read back as a JSON value. Through the text, as a
/// caller that writes the JSON out sees it: an `f32` embedding is written as the
/// shortest text of that `f32` (what the server sent), whereas `to_value` would
/// widen it to the nearest `f64` first.
fn to_value(v: &impl serde::Serialize) -> Value {
    serde_json::from_slice(&serde_json::to_vec(v).unwrap()).unwrap()
}

/// At most 600 characters of `v`, for failure messages.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(600) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// The first place where `a` and `b` differ, as a JSON-pointer-like path.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = first_difference(p, q, &format!("{path}/{k}")) {
                            return Some(d);
                        }
                    }
                    (p, q) => return Some(format!("{path}/{k}: {p:?} vs {q:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {} vs {}", short(a), short(b))),
    }
}

fn assert_identity(name: &str, doc: &Doc) {
    for (i, (again, sent)) in round_trip(doc)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .into_iter()
        .enumerate()
    {
        if let Some(d) = first_difference(&again, &sent, "") {
            panic!("{name} (item {i}): serialised differs from what was sent at {d}");
        }
    }
}

#[test]
fn every_response_and_event_serialises_back_to_what_was_sent() {
    let docs = documents();
    for (name, doc) in docs {
        assert_identity(name, doc);
    }
    // The fixtures really cover what they say they cover.
    let all: Vec<Value> = docs
        .iter()
        .flat_map(|(_, d)| match d {
            Doc::Json { body, .. } => vec![body.clone()],
            Doc::Sse { events } => events.iter().map(|(_, v)| v.clone()).collect(),
        })
        .collect();
    let text = Value::Array(all).to_string();
    for needle in [
        "\"message-start\"",
        "\"content-start\"",
        "\"content-delta\"",
        "\"content-end\"",
        "\"tool-plan-delta\"",
        "\"tool-call-start\"",
        "\"tool-call-delta\"",
        "\"tool-call-end\"",
        "\"citation-start\"",
        "\"citation-end\"",
        "\"message-end\"",
        "\"debug\"",
        "\"shiny-new-event\"",
        "\"image_tokens\"",
        "\"error_type\"",
        "\"thinking\"",
        "\"tool_output\"",
        "\"content\":[]",
        "\"tool_plan\":\"\"",
        "\"tool_calls\":[]",
        "\"citations\":[]",
        "\"usage\":{\"billed_units\":{}",
    ] {
        assert!(text.contains(needle), "no fixture has {needle}");
    }
}

#[test]
fn new_fields_are_typed() {
    let docs = documents();
    let find = |n: &str| docs.iter().find(|(name, _)| name == n).unwrap().1.clone();
    let Doc::Json { body, .. } = find("chat-vision.json") else {
        unreachable!()
    };
    let reply: ChatResponse = serde_json::from_value(body).unwrap();
    let usage = reply.usage.unwrap();
    assert_eq!(usage.tokens.unwrap().image_tokens, Some(1536));
    assert_eq!(usage.billed_units.unwrap().image_tokens, Some(1536));
    assert_eq!(usage.cached_tokens, Some(0));

    let Doc::Sse { events } = find("chat-stream-every-event.sse") else {
        unreachable!()
    };
    let start = StreamEvent::from_json(Some("message-start"), &events[0].1.to_string()).unwrap();
    let StreamEvent::MessageStart(start) = start else {
        panic!("{start:?}")
    };
    let message = start.delta.unwrap().message.unwrap();
    assert_eq!(message.content, Some(vec![]));
    assert_eq!(message.tool_plan.as_deref(), Some(""));
    assert_eq!(message.tool_calls, Some(vec![]));
    assert_eq!(message.citations, Some(vec![]));

    // Unknown fields are reachable, at the top and deep down.
    let Doc::Sse { events } = find("chat-stream-unknown-fields.sse") else {
        unreachable!()
    };
    let start = StreamEvent::from_json(None, &events[0].1.to_string()).unwrap();
    assert_eq!(start.extra().unwrap()["x_trace"]["hops"][1], 2);
    assert!(!start.extra().unwrap().contains_key("type"));
    let end = StreamEvent::from_json(None, &events.last().unwrap().1.to_string()).unwrap();
    let StreamEvent::MessageEnd(end) = end else {
        panic!("{end:?}")
    };
    let delta = end.delta.unwrap();
    assert_eq!(delta.extra["x_delta"], "kept");
    assert_eq!(delta.usage.unwrap().billed_units.unwrap().extra["x_bu"], 0);
}

#[test]
fn fields_set_by_the_user_are_written() {
    let mut reply: ChatResponse = serde_json::from_str(
        r#"{"id":"r","finish_reason":"COMPLETE","message":{"role":"assistant"}}"#,
    )
    .unwrap();
    reply.message.extra.insert("x_added".into(), Value::from(1));
    assert_eq!(to_value(&reply)["message"]["x_added"], 1);
}

#[tokio::test]
async fn an_in_band_error_yields_message_end_then_a_typed_stream_error() {
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/wire/chat-stream-in-band-error.sse"
    ))
    .unwrap();
    let chunks: Vec<Result<Bytes, cohere_edge::Interruption>> = raw
        .chunks(16)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let mut stream = ChatStream::from_byte_stream(futures_util::stream::iter(chunks), 1 << 20);
    let mut events = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = stream.next_event().await {
        match item {
            Ok(e) => events.push(e),
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(events.len(), 4);
    let StreamEvent::MessageEnd(end) = events.last().unwrap() else {
        panic!("{:?}", events.last())
    };
    let delta = end.delta.as_ref().unwrap();
    assert_eq!(delta.finish_reason, Some(FinishReason::Error));
    assert_eq!(delta.error_type.as_deref(), Some("internal_server_error"));
    match &errors[..] {
        [e @ Error::StreamError {
            message,
            error_type,
            partial,
        }] => {
            assert_eq!(message, "an internal error occurred while generating");
            assert_eq!(error_type.as_deref(), Some("internal_server_error"));
            assert_eq!(partial.text(), "Partial");
            assert_eq!(partial.finish_reason, FinishReason::Error);
            assert!(e.to_string().contains("(internal_server_error)"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

/// Visits every value, depth first, with the key it sits under.
fn visit_mut(v: &mut Value, key: Option<&str>, f: &mut dyn FnMut(&mut Value, Option<&str>)) {
    f(v, key);
    match v {
        Value::Array(items) => items.iter_mut().for_each(|x| visit_mut(x, key, f)),
        Value::Object(map) => map.iter_mut().for_each(|(k, x)| visit_mut(x, Some(k), f)),
        _ => {}
    }
}

/// A change the server might make tomorrow, applied to the `at`-th value that it fits.
#[derive(Debug, Clone)]
enum Change {
    /// A field this crate does not know, added to an object.
    Add {
        at: usize,
        key: String,
        value: Value,
    },
    /// An array sent empty.
    EmptyArray { at: usize },
    /// A string sent empty (not a `type` tag, which names the event or part).
    EmptyString { at: usize },
}

fn apply(change: &Change, doc: &mut Value) {
    let mut seen = 0usize;
    let fits = |v: &Value, key: Option<&str>| -> bool {
        match change {
            Change::Add { .. } => v.is_object(),
            Change::EmptyArray { .. } => v.is_array(),
            Change::EmptyString { .. } => v.is_string() && key != Some("type"),
        }
    };
    let mut total = 0usize;
    visit_mut(doc, None, &mut |v, k| total += usize::from(fits(v, k)));
    if total == 0 {
        return;
    }
    let target = match change {
        Change::Add { at, .. } | Change::EmptyArray { at } | Change::EmptyString { at } => {
            at % total
        }
    };
    visit_mut(doc, None, &mut |v, k| {
        if !fits(v, k) {
            return;
        }
        if seen == target {
            match change {
                Change::Add { key, value, .. } => {
                    v.as_object_mut()
                        .unwrap()
                        .insert(key.clone(), value.clone());
                }
                Change::EmptyArray { .. } => *v = Value::Array(vec![]),
                Change::EmptyString { .. } => *v = Value::String(String::new()),
            }
        }
        seen += 1;
    });
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (any::<usize>(), "x_[a-z0-9_]{0,8}", json_value())
            .prop_map(|(at, key, value)| Change::Add { at, key, value }),
        1 => any::<usize>().prop_map(|at| Change::EmptyArray { at }),
        1 => any::<usize>().prop_map(|at| Change::EmptyString { at }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the server adds, and whichever arrays and strings it sends empty,
    /// parse then serialise gives back what it sent.
    #[test]
    fn parse_then_serialise_is_the_identity(
        which in any::<prop::sample::Index>(),
        changes in prop::collection::vec(change(), 1..6),
        event in any::<prop::sample::Index>(),
    ) {
        let docs = documents();
        let (name, mut doc) = docs[which.index(docs.len())].clone();
        match &mut doc {
            Doc::Json { body, .. } => {
                for c in &changes {
                    apply(c, body);
                }
            }
            Doc::Sse { events } => {
                let i = event.index(events.len());
                for c in &changes {
                    apply(c, &mut events[i].1);
                }
            }
        }
        let pairs = round_trip(&doc).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
        for (again, sent) in pairs {
            if let Some(d) = first_difference(&again, &sent, "") {
                return Err(TestCaseError::fail(format!("{name}: differs at {d}")));
            }
        }
    }
}
