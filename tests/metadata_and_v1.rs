//! Response metadata (`*_with_response`), the v1 JSON endpoints
//! (`check_api_key`, `tokenize`, `detokenize`, the model list), the raw
//! `request` method and `no_auth`, against cohere-mock and a fixture server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cohere_edge::{
    ChatMessage, ChatRequest, Client, DetokenizeRequest, EmbedRequest, Error, ListModelsQuery,
    RequestOptions, RerankRequest, ResponseMeta, TokenizeRequest,
};
use cohere_mock::{MockConfig, MockServer};
use support::{json, FixtureServer};

async fn mock_client() -> (MockServer, Client) {
    let server = MockServer::start(MockConfig {
        api_key: Some("test-key".into()),
        ..Default::default()
    })
    .await
    .expect("mock starts");
    let client = Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .build()
        .unwrap();
    (server, client)
}

fn chat_request() -> ChatRequest {
    ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("hello")])
}

#[tokio::test]
async fn every_call_can_give_its_status_and_headers() {
    let (_server, client) = mock_client().await;
    let o = RequestOptions::new();
    // A 200 with this content type (its header looked up by any case).
    let ok_as = |meta: &ResponseMeta, content_type: &str, header: &str| {
        assert_eq!(meta.status(), 200, "{meta:?}");
        assert_eq!(meta.header(header), Some(content_type), "{meta:?}");
    };
    let chat = client
        .chat_with_response(&chat_request(), &o)
        .await
        .unwrap();
    ok_as(&chat.meta, "application/json", "Content-Type");
    assert!(chat.meta.request_id().is_some(), "{:?}", chat.meta);
    assert!(chat.data.text().contains("hello"), "{}", chat.data.text());

    let stream = client
        .chat_stream_with_response(&chat_request(), &o)
        .await
        .unwrap();
    ok_as(&stream.meta, "text/event-stream", "content-type");
    let folded = stream.data.into_response().await.unwrap();
    assert_eq!(folded.text(), chat.data.text());

    let embed = EmbedRequest {
        texts: Some(vec!["a".into()]),
        input_type: Some(cohere_edge::EmbedInputType::SearchDocument),
        ..EmbedRequest::new("embed-v4.0")
    };
    let e = client.embed_with_response(&embed, &o).await.unwrap();
    assert_eq!(e.meta.status(), 200);
    let rerank = RerankRequest::new("rerank-v3.5", "q", vec!["a".into(), "b".into()]);
    let r = client.rerank_with_response(&rerank, &o).await.unwrap();
    assert_eq!(r.data.results.len(), 2);
    assert!(r.meta.request_id().is_some());
}

#[tokio::test]
async fn rate_limit_headers_are_one_call_away() {
    let server = FixtureServer::start(vec![support::Canned {
        headers: vec![
            ("x-trial-endpoint-call-limit", "40".into()),
            ("x-trial-endpoint-call-remaining", "12".into()),
        ],
        ..json(200, r#"{"tokens":[1],"token_strings":["a"],"new_field":1}"#)
    }])
    .await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .build()
        .unwrap();
    let r = client
        .request(
            "POST",
            "/v1/tokenize",
            r#"{"text":"a","model":"m"}"#,
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(r.meta.request_id(), Some("fixture-req-1"));
    assert_eq!(
        r.meta.rate_limit(),
        [
            ("x-trial-endpoint-call-limit", "40"),
            ("x-trial-endpoint-call-remaining", "12")
        ]
    );
    let parsed: cohere_edge::TokenizeResponse = r.json().unwrap();
    assert_eq!(parsed.extra["new_field"], 1, "unknown fields are kept");
}

#[tokio::test]
async fn v1_endpoints_against_the_mock() {
    let (_server, client) = mock_client().await;
    let check = client.check_api_key().await.unwrap();
    assert!(check.valid);
    assert_eq!(check.owner_id.as_deref(), Some("mock-owner"));

    let t = client
        .tokenize(&TokenizeRequest::new("command-a-03-2025", "Hi you"))
        .await
        .unwrap();
    assert_eq!(t.tokens.len(), 6);
    assert_eq!(t.token_strings.concat(), "Hi you");
    let d = client
        .detokenize(&DetokenizeRequest::new("command-a-03-2025", t.tokens))
        .await
        .unwrap();
    assert_eq!(d.text, "Hi you");

    let page = client
        .list_models(&ListModelsQuery {
            page_size: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.models.len(), 1);
    let next = page.next_page_token.clone().expect("a next page");
    let rest = client
        .list_models(&ListModelsQuery {
            page_token: Some(next),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rest.models.len(), 2);
    let m = client.get_model("rerank-v3.5").await.unwrap();
    assert_eq!(m.name.as_deref(), Some("rerank-v3.5"));
    match client.get_model("no-such-model").await {
        Err(Error::NotFound(api)) => assert_eq!(api.status, 404),
        other => panic!("expected NotFound, got {other:?}"),
    }

    let bad = client
        .tokenize(&TokenizeRequest::new("command-a-03-2025", ""))
        .await;
    assert!(matches!(bad, Err(Error::BadRequest(_))), "{bad:?}");
}

#[tokio::test]
async fn the_raw_request_method_sends_any_method_and_checks_its_inputs() {
    let (_server, client) = mock_client().await;
    let o = RequestOptions::new();
    let r = client
        .request("GET", "/v1/models?endpoint=embed", Vec::new(), &o)
        .await
        .unwrap();
    assert_eq!(r.meta.status(), 200);
    let v: serde_json::Value = r.json().unwrap();
    assert_eq!(v["models"][0]["name"], "embed-v4.0");
    let missing = client
        .request("DELETE", "/v1/datasets/x", Vec::new(), &o)
        .await;
    assert!(matches!(missing, Err(Error::NotFound(_))), "{missing:?}");
    for (method, path) in [("GE T", "/v1/models"), ("GET", "v1/models")] {
        let e = client.request(method, path, Vec::new(), &o).await;
        assert!(matches!(e, Err(Error::Config(_))), "{method} {path}: {e:?}");
    }
}

#[tokio::test]
async fn no_auth_sends_no_authorization_header() {
    let server = FixtureServer::start(vec![json(200, r#"{"valid":true}"#)]).await;
    let client = Client::builder()
        .no_auth()
        .base_url(server.url())
        .build()
        .unwrap();
    assert!(client.check_api_key().await.unwrap().valid);
    let keyed = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .build()
        .unwrap();
    keyed.check_api_key().await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].path, "/v1/check-api-key");
    assert!(seen[0].headers.get("authorization").is_none());
    assert_eq!(seen[1].headers["authorization"], "Bearer k");
}
