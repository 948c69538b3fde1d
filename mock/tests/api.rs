//! Endpoint shapes: chat (JSON, stream, tools), auth, embed, rerank, control and CORS.

mod common;

use cohere_mock::MockConfig;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn chat_json_matches_the_wire_shape() {
    let server = start(MockConfig::default()).await;
    let resp = post(
        &client(false),
        &server,
        "/v2/chat",
        &chat_body("Tell me about LLMs", false),
        &[],
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let request_id = resp.headers()["x-request-id"].to_str().unwrap().to_string();
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["id"], request_id.as_str());
    assert_eq!(v["message"]["role"], "assistant");
    assert_eq!(v["message"]["content"][0]["type"], "text");
    let text = v["message"]["content"][0]["text"].as_str().unwrap();
    assert_eq!(
        text,
        "Echo: Tell me about LLMs Tell me about LLMs Tell me about"
    );
    assert_eq!(text.split(' ').count(), 12);
    assert_eq!(v["finish_reason"], "COMPLETE");
    assert_eq!(v["usage"]["billed_units"]["output_tokens"], 12);
    assert!(v["usage"]["tokens"]["input_tokens"].as_u64().unwrap() > 0);
    let last = server.last_request().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path.as_str()),
        ("POST", "/v2/chat")
    );
    assert_eq!(last.header("authorization"), Some("Bearer test-key"));
    assert!(last.body.contains("Tell me about LLMs"));
}

#[tokio::test]
async fn chat_stream_has_cohere_event_order_and_same_text() {
    let server = start(MockConfig {
        deltas: 5,
        ..MockConfig::default()
    })
    .await;
    let c = client(false);
    let plain: Value = post(&c, &server, "/v2/chat", &chat_body("one two", false), &[])
        .await
        .json()
        .await
        .unwrap();
    let resp = post(&c, &server, "/v2/chat", &chat_body("one two", true), &[]).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    assert_eq!(resp.headers()["cache-control"], "no-cache");
    let body = resp.bytes().await.unwrap();
    let events = parse_sse(&body);
    let (head, tail) = (
        ["message-start", "content-start"],
        ["content-end", "message-end"],
    );
    assert_eq!(
        names(&events),
        [&head[..], &["content-delta"; 5], &tail].concat()
    );
    for e in &events {
        assert_eq!(
            e.json()["type"],
            e.name.as_deref().unwrap(),
            "data.type matches event name"
        );
    }
    assert_eq!(events[0].json()["delta"]["message"]["role"], "assistant");
    assert!(events[0].json()["id"].is_string());
    assert_eq!(
        events[1].json(),
        json!({"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}})
    );
    assert_eq!(
        events[3].json()["delta"]["message"]["content"]["text"],
        " one"
    );
    assert_eq!(
        streamed_text(&events),
        plain["message"]["content"][0]["text"].as_str().unwrap()
    );
    assert_eq!(events[7].json(), json!({"type":"content-end","index":0}));
    let end = events[8].json();
    assert_eq!(end["delta"]["finish_reason"], "COMPLETE");
    assert_eq!(end["delta"]["usage"]["billed_units"]["output_tokens"], 5);
    // Raw framing: exactly `event: x\ndata: {...}\n\n`, keys in Cohere's order.
    assert!(body.starts_with(b"event: message-start\ndata: {\"type\":\"message-start\",\"id\":\""));
}

#[tokio::test]
async fn per_request_deltas_and_delay_headers() {
    let server = start(MockConfig::default()).await;
    let started = std::time::Instant::now();
    let resp = post(
        &client(false),
        &server,
        "/v2/chat",
        &chat_body("x", true),
        &[("x-mock-deltas", "3"), ("x-mock-delta-delay-ms", "40")],
    )
    .await;
    let events = parse_sse(&resp.bytes().await.unwrap());
    assert_eq!(
        events
            .iter()
            .filter(|e| e.name.as_deref() == Some("content-delta"))
            .count(),
        3
    );
    // 7 events, 6 pauses of 40 ms.
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(240),
        "{:?}",
        started.elapsed()
    );
    let bad = post(
        &client(false),
        &server,
        "/v2/chat",
        &chat_body("x", true),
        &[("x-mock-deltas", "many")],
    )
    .await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn tools_give_one_tool_call() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    let mut body = chat_body("weather in Paris", false);
    body["tools"] = json!([{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}, {"type": "function", "function": {"name": "other"}}]);
    let v: Value = post(&c, &server, "/v2/chat", &body, &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["finish_reason"], "TOOL_CALL");
    assert_eq!(v["message"]["tool_plan"], "I will call get_weather.");
    let calls = v["message"]["tool_calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["type"], "function");
    assert!(calls[0]["id"].as_str().unwrap().starts_with("get_weather_"));
    assert_eq!(calls[0]["function"]["name"], "get_weather");
    let args: Value =
        serde_json::from_str(calls[0]["function"]["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(args, json!({"query": "weather in Paris"}));

    body["stream"] = json!(true);
    let events = parse_sse(
        &post(&c, &server, "/v2/chat", &body, &[])
            .await
            .bytes()
            .await
            .unwrap(),
    );
    let n = names(&events);
    assert_eq!(n.first().unwrap(), "message-start");
    assert_eq!(n.last().unwrap(), "message-end");
    let start = n.iter().position(|x| x == "tool-call-start").unwrap();
    assert!(n[1..start].iter().all(|x| x == "tool-plan-delta"));
    assert_eq!(n[n.len() - 2], "tool-call-end");
    let plan: String = events[1..start]
        .iter()
        .map(|e| {
            e.json()["delta"]["message"]["tool_plan"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(plan, "I will call get_weather.");
    let call = events[start].json();
    assert_eq!(call["index"], 0);
    assert_eq!(
        call["delta"]["message"]["tool_calls"]["function"],
        json!({"name": "get_weather", "arguments": ""})
    );
    let joined: String = events
        .iter()
        .filter(|e| e.name.as_deref() == Some("tool-call-delta"))
        .map(|e| {
            e.json()["delta"]["message"]["tool_calls"]["function"]["arguments"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(joined, calls[0]["function"]["arguments"].as_str().unwrap());
    assert_eq!(
        events.last().unwrap().json()["delta"]["finish_reason"],
        "TOOL_CALL"
    );
}

#[tokio::test]
async fn auth_and_validation_errors() {
    let server = start(MockConfig {
        api_key: Some("right".into()),
        ..MockConfig::default()
    })
    .await;
    let c = client(false);
    let url = format!("{}/v2/chat", server.url());
    // What each Authorization header gets: its status, and the message of a 401.
    let cases = [
        (None, 401, Some("no api key supplied")),
        (Some("Basic abc"), 401, None),
        (Some("Bearer wrong"), 401, Some("invalid api token")),
        (Some("Bearer right"), 200, None),
    ];
    for (authorization, status, message) in cases {
        let mut req = c.post(&url).json(&chat_body("x", false));
        if let Some(value) = authorization {
            req = req.header("authorization", value);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), status, "{authorization:?}");
        if let Some(message) = message {
            assert_eq!(
                r.json::<Value>().await.unwrap(),
                json!({ "message": message })
            );
        }
    }
    for body in [
        "{not json",
        "[]",
        "{\"messages\": []}",
        "{\"model\": \"m\"}",
        "",
    ] {
        let r = c
            .post(&url)
            .bearer_auth("right")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{body}");
        let v: Value = r.json().await.unwrap();
        assert!(v["message"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn embed_shapes() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    let body = json!({"model": "embed-v4.0", "texts": ["hello", "goodbye"], "input_type": "classification", "embedding_types": ["float", "int8", "uint8", "binary", "ubinary", "base64"], "output_dimension": 64});
    let v: Value = post(&c, &server, "/v2/embed", &body, &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(v["id"].is_string());
    assert_eq!(v["texts"], json!(["hello", "goodbye"]));
    let e = &v["embeddings"];
    let floats = e["float"].as_array().unwrap();
    assert_eq!(floats.len(), 2);
    assert_eq!(floats[0].as_array().unwrap().len(), 64);
    assert!(floats[0]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| (-1.0..=1.0).contains(&x.as_f64().unwrap())));
    assert_eq!(e["int8"][1].as_array().unwrap().len(), 64);
    assert_eq!(e["binary"][0].as_array().unwrap().len(), 8);
    assert_eq!(e["ubinary"][0].as_array().unwrap().len(), 8);
    assert!(e["base64"][0].is_string());
    assert_eq!(v["meta"]["api_version"]["version"], "2");
    assert_eq!(v["meta"]["billed_units"]["input_tokens"], 2);
    // Deterministic, default dimension 256, default type float.
    let again: Value = post(
        &c,
        &server,
        "/v2/embed",
        &json!({"model": "m", "texts": ["hello"], "input_type": "search_query"}),
        &[],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(again["embeddings"].as_object().unwrap().len(), 1);
    assert_eq!(
        again["embeddings"]["float"][0].as_array().unwrap().len(),
        cohere_mock::DEFAULT_DIMENSION
    );
    assert_eq!(
        again["embeddings"]["float"][0].as_array().unwrap()[..64],
        floats[0].as_array().unwrap()[..]
    );
    let img: Value = post(&c, &server, "/v2/embed", &json!({"model": "m", "images": ["data:image/jpeg;base64,/9j/4AAQ"], "input_type": "image"}), &[]).await.json().await.unwrap();
    assert_eq!(img["images"][0]["format"], "jpeg");
    assert!(img["images"][0]["width"].as_u64().unwrap() > 0);
    assert_eq!(img["embeddings"]["float"].as_array().unwrap().len(), 1);
    let int4 = json!({"model": "m", "texts": ["a"], "embedding_types": ["int4"]});
    assert_eq!(
        post(&c, &server, "/v2/embed", &int4, &[]).await.status(),
        400
    );
}

#[tokio::test]
async fn rerank_shapes() {
    let server = start(MockConfig::default()).await;
    let body = json!({"model": "rerank-v3.5", "query": "What is the capital of the United States?", "top_n": 3, "documents": [
        "Carson City is the capital city of the American state of Nevada.",
        "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.",
        "Capitalization in English grammar is the use of a capital letter at the start of a word.",
        "Washington, D.C. is the capital of the United States. It is a federal district.",
        "Bananas."]});
    let v: Value = post(&client(false), &server, "/v2/rerank", &body, &[])
        .await
        .json()
        .await
        .unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["index"], 3);
    let scores: Vec<f64> = results
        .iter()
        .map(|r| r["relevance_score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    assert_eq!(v["meta"]["billed_units"]["search_units"], 1);
    assert_eq!(v["meta"]["api_version"]["version"], "2");
}

#[tokio::test]
async fn control_endpoints_cors_and_routing() {
    let server = start(MockConfig::default()).await;
    let c = client(false);
    let base = server.url();
    let r = c.get(format!("{base}/nope")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .contains("retry-after-ms"));
    assert!(r.headers().contains_key("x-request-id"));
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"message": "not found"})
    );
    assert_eq!(status_of(c.get(format!("{base}/v2/chat"))).await, 405);
    let pre = c
        .request(reqwest::Method::OPTIONS, format!("{base}/v2/chat"))
        .header("origin", "http://example.test")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), 204);
    assert_eq!(
        pre.headers()["access-control-allow-methods"],
        "GET, POST, OPTIONS"
    );
    assert_eq!(
        pre.headers()["access-control-allow-headers"],
        "authorization, content-type"
    );
    assert_eq!(pre.headers()["access-control-max-age"], "600");
    let stats = json_of(c.get(format!("{base}/__stats"))).await;
    assert_eq!(stats["requests"], 4);
    assert_eq!(stats["connections_accepted"], 1);
    assert_eq!(
        status_of(c.post(format!("{base}/__stats/reset"))).await,
        204
    );
    let s = server.stats();
    assert_eq!(
        (
            s.requests,
            s.connections_accepted,
            s.open_connections,
            s.max_open_connections
        ),
        (0, 0, 1, 1)
    );
}

#[tokio::test]
async fn bad_server_fault_is_rejected_at_start() {
    let err = cohere_mock::MockServer::start(MockConfig {
        fault: Some("stauts=500".into()),
        ..MockConfig::default()
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}
