//! The 59 wire vectors of the official TypeScript SDK (../shared/conformance), at
//! the Rust level: request bodies round-trip through the request types, response
//! bodies parse into the response and event types (and serialise back to the same
//! JSON), every error status maps to its typed error, and each vector also runs
//! end to end through the client against a loopback server.
// Native only: these use tokio, cohere-mock and proptest (tests/wasm.rs is the wasm suite).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cohere_edge::stream::{ChatEventParser, ResponseAccumulator};
use cohere_edge::{
    ChatRequest, ChatResponse, Client, EmbedRequest, EmbedResponse, Error, RerankRequest,
    RerankResponse, StreamEvent,
};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let cases = support::wire::conformance_cases();
    assert_eq!(cases.len(), 59, "expected the 59 vectors");
    cases
}

/// JSON equality where numbers compare as f32 (embeddings are f32 in Rust).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || ((x as f32) == (y as f32))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn rust_kind(js_error: &str) -> &'static str {
    match js_error {
        "BadRequestError" => "BadRequest",
        "UnauthorizedError" => "Unauthorized",
        "ForbiddenError" => "Forbidden",
        "NotFoundError" => "NotFound",
        "UnprocessableEntityError" => "UnprocessableEntity",
        "TooManyRequestsError" => "TooManyRequests",
        "InvalidTokenError" => "InvalidToken",
        "ClientClosedRequestError" => "ClientClosedRequest",
        "InternalServerError" => "InternalServer",
        "NotImplementedError" => "NotImplemented",
        "ServiceUnavailableError" => "ServiceUnavailable",
        "GatewayTimeoutError" => "GatewayTimeout",
        other => panic!("unknown JS error class {other}"),
    }
}

fn request_round_trip(case: &Value) -> Value {
    let body = &case["requestBody"];
    let out: Vec<u8> = match case["method"].as_str().unwrap() {
        "chat" | "chatStream" => {
            let req: ChatRequest = serde_json::from_value(body.clone()).unwrap();
            req.to_json_body(body["stream"].as_bool().unwrap()).unwrap()
        }
        "embed" => {
            serde_json::to_vec(&serde_json::from_value::<EmbedRequest>(body.clone()).unwrap())
                .unwrap()
        }
        "rerank" => {
            serde_json::to_vec(&serde_json::from_value::<RerankRequest>(body.clone()).unwrap())
                .unwrap()
        }
        m => panic!("unknown method {m}"),
    };
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn request_bodies_round_trip_unchanged() {
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        assert_eq!(request_round_trip(&case), case["requestBody"], "{name}");
    }
}

#[test]
fn responses_parse_and_serialise_back() {
    let mut checked = 0;
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        if case["status"] != 200 {
            continue;
        }
        let body = &case["responseBody"];
        let back = match case["method"].as_str().unwrap() {
            "chat" => {
                serde_json::to_value(serde_json::from_value::<ChatResponse>(body.clone()).unwrap())
            }
            "embed" => {
                serde_json::to_value(serde_json::from_value::<EmbedResponse>(body.clone()).unwrap())
            }
            "rerank" => serde_json::to_value(
                serde_json::from_value::<RerankResponse>(body.clone()).unwrap(),
            ),
            "chatStream" => {
                let raw = body.as_str().unwrap();
                let mut events = Vec::new();
                ChatEventParser::new().feed(raw.as_bytes(), &mut events);
                let events: Vec<StreamEvent> = events.into_iter().map(|e| e.unwrap()).collect();
                let wire = support::wire::sse_data(raw);
                assert_eq!(events.len(), wire.len(), "{name}");
                assert_eq!(
                    events.len(),
                    case["expected"].as_array().unwrap().len(),
                    "{name}"
                );
                for (e, w) in events.iter().zip(&wire) {
                    assert!(!matches!(e, StreamEvent::Unknown(_)), "{name}: {e:?}");
                    assert_eq!(e.kind(), w["type"].as_str().unwrap());
                    assert_eq!(&serde_json::to_value(e).unwrap(), w, "{name}");
                }
                checked += 1;
                continue;
            }
            m => panic!("{m}"),
        }
        .unwrap();
        assert!(same_json(&back, body), "{name}:\n{back}\n!=\n{body}");
        checked += 1;
    }
    assert_eq!(checked, 11);
}

#[test]
fn streams_fold_into_the_reply_they_describe() {
    for case in cases().into_iter().filter(|c| c["responseKind"] == "sse") {
        let name = case["name"].as_str().unwrap();
        let raw = case["responseBody"].as_str().unwrap();
        let mut events = Vec::new();
        ChatEventParser::new().feed(raw.as_bytes(), &mut events);
        let mut acc = ResponseAccumulator::new();
        let mut text = String::new();
        let mut args = String::new();
        for e in &events {
            let e = e.as_ref().unwrap();
            acc.apply(e);
            text.push_str(e.text().unwrap_or_default());
            if let StreamEvent::ToolCallDelta(d) = e {
                args.push_str(
                    d.delta
                        .as_ref()
                        .unwrap()
                        .message
                        .as_ref()
                        .unwrap()
                        .tool_calls
                        .as_ref()
                        .unwrap()
                        .function
                        .as_ref()
                        .unwrap()
                        .arguments
                        .as_deref()
                        .unwrap(),
                );
            }
        }
        let reply = acc.response();
        assert_eq!(reply.text(), text, "{name}");
        let wire = support::wire::sse_data(raw);
        let start = &wire[0];
        assert_eq!(reply.id, start["id"].as_str().unwrap());
        let end = wire.last().unwrap();
        assert_eq!(
            reply.finish_reason.as_str(),
            end["delta"]["finish_reason"].as_str().unwrap()
        );
        assert_eq!(
            serde_json::to_value(reply.usage.as_ref().unwrap()).unwrap(),
            end["delta"]["usage"],
            "{name}"
        );
        if name == "chat_stream (3)" {
            let calls = reply.message.tool_calls.as_ref().unwrap();
            assert_eq!(calls.len(), 2);
            let joined: String = calls
                .iter()
                .map(|c| c.function.as_ref().unwrap().arguments.clone().unwrap())
                .collect();
            assert_eq!(joined, args);
            for c in calls {
                let a = c.function.as_ref().unwrap().arguments.as_deref().unwrap();
                serde_json::from_str::<Value>(a).unwrap_or_else(|e| panic!("arguments {a:?}: {e}"));
            }
            assert!(reply
                .message
                .tool_plan
                .as_deref()
                .unwrap()
                .starts_with("I will"));
        }
        if name == "chat_stream (2)" {
            assert_eq!(reply.message.citations.as_ref().unwrap().len(), 1);
        }
    }
}

#[test]
fn error_statuses_map_to_their_types() {
    let mut n = 0;
    for case in cases() {
        let Some(js) = case["expectedError"].as_str() else {
            continue;
        };
        let status = case["status"].as_u64().unwrap() as u16;
        let body = serde_json::to_vec(&case["responseBody"]).unwrap();
        let e = Error::from_status(status, &body, None);
        assert_eq!(e.kind(), rust_kind(js), "{}", case["name"]);
        n += 1;
    }
    assert_eq!(n, 48);
}

/// Every vector through the real client and a real loopback HTTP server: the
/// request on the wire equals `requestBody`; the result is the typed response,
/// stream or error.
#[tokio::test]
async fn every_vector_end_to_end() {
    for case in cases() {
        let name = case["name"].as_str().unwrap().to_owned();
        let status = case["status"].as_u64().unwrap() as u16;
        let canned = if case["responseKind"] == "sse" {
            support::sse(case["responseBody"].as_str().unwrap())
        } else {
            support::json(status, &case["responseBody"].to_string())
        };
        let server = support::FixtureServer::start(vec![canned]).await;
        let client = Client::builder()
            .api_key("test")
            .client_name("test")
            .base_url(server.url())
            .max_retries(0)
            .build()
            .unwrap();
        let method = case["method"].as_str().unwrap();
        let body = &case["requestBody"];
        let result: Result<Value, Error> = match method {
            "chat" => client
                .chat(&serde_json::from_value(body.clone()).unwrap())
                .await
                .map(|r| serde_json::to_value(r).unwrap()),
            "chatStream" => match client
                .chat_stream(&serde_json::from_value(body.clone()).unwrap())
                .await
            {
                Ok(mut s) => {
                    let mut n = 0;
                    while let Some(e) = s.next_event().await {
                        e.unwrap_or_else(|e| panic!("{name}: {e}"));
                        n += 1;
                    }
                    Ok(Value::from(n))
                }
                Err(e) => Err(e),
            },
            "embed" => client
                .embed(&serde_json::from_value(body.clone()).unwrap())
                .await
                .map(|r| serde_json::to_value(r).unwrap()),
            "rerank" => client
                .rerank(&serde_json::from_value(body.clone()).unwrap())
                .await
                .map(|r| serde_json::to_value(r).unwrap()),
            m => panic!("{m}"),
        };
        let seen = server.seen();
        assert_eq!(seen.len(), 1, "{name}");
        assert_eq!(seen[0].method, case["httpMethod"].as_str().unwrap());
        assert_eq!(seen[0].path, case["path"].as_str().unwrap());
        let wire: Value = serde_json::from_slice(&seen[0].body).unwrap();
        assert_eq!(&wire, body, "{name}: request on the wire");
        assert_eq!(seen[0].headers["authorization"], "Bearer test");
        assert_eq!(seen[0].headers["x-client-name"], "test");
        match (status, result) {
            (200, Ok(v)) if method == "chatStream" => {
                assert_eq!(
                    v.as_u64().unwrap() as usize,
                    case["expected"].as_array().unwrap().len(),
                    "{name}"
                )
            }
            (200, Ok(v)) => assert!(same_json(&v, &case["responseBody"]), "{name}"),
            (_, Err(e)) => {
                assert_eq!(
                    e.kind(),
                    rust_kind(case["expectedError"].as_str().unwrap()),
                    "{name}"
                );
                assert_eq!(e.status(), Some(status));
                assert_eq!(e.request_id(), Some("fixture-req-1"));
                assert_eq!(
                    e.api_error().unwrap().body,
                    case["responseBody"].to_string()
                );
            }
            (s, Ok(v)) => panic!("{name}: status {s} gave Ok({v})"),
        }
    }
}
