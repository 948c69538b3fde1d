//! `POST /v2/chat`: the deterministic reply, as one JSON response or as stream events.

use serde_json::Value;

use crate::ordered::{arr, obj, Json};
use crate::reply::{last_user_text, reply_words, split_pieces, token_count, word_pieces};
use crate::sse::SseEvent;

/// Extra "prompt template" tokens added to `usage.tokens.input_tokens`.
const TEMPLATE_TOKENS: u64 = 64;

/// What the mock will answer to one chat request.
#[derive(Debug, Clone)]
pub(crate) struct ChatPlan {
    /// Response id (also the `x-request-id`).
    pub id: String,
    /// `stream: true` was asked for.
    pub stream: bool,
    /// The reply words (text reply) — empty for a tool call.
    pub words: Vec<String>,
    /// A tool call instead of text, when the request has tools.
    pub tool: Option<ToolCall>,
    /// Billed input tokens.
    pub input_tokens: u64,
}

/// The one tool call made when a request carries `tools`.
#[derive(Debug, Clone)]
pub(crate) struct ToolCall {
    pub call_id: String,
    pub name: String,
    pub plan: String,
    pub arguments: String,
}

impl ChatPlan {
    /// Validates a chat request body and plans the reply (`deltas` words).
    pub(crate) fn from_request(
        body: &Value,
        deltas: usize,
        id: String,
        seq: u64,
    ) -> Result<Self, String> {
        let obj = crate::validate::api_request(body)?;
        let messages = match obj.get("messages") {
            Some(Value::Array(m)) => m,
            Some(_) => return Err("messages must be an array".into()),
            None => return Err("messages is required".into()),
        };
        let stream = match obj.get("stream") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err("stream must be a boolean".into()),
        };
        let prompt = last_user_text(messages);
        let tool = match obj.get("tools") {
            Some(Value::Array(tools)) if !tools.is_empty() => {
                let name = tools[0]
                    .pointer("/function/name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())
                    .ok_or("tools[0].function.name is required")?;
                let query = serde_json::to_string(&prompt).unwrap_or_default();
                Some(ToolCall {
                    call_id: format!("{name}_{seq}"),
                    name: name.to_string(),
                    plan: format!("I will call {name}."),
                    arguments: format!("{{\"query\": {query}}}"),
                })
            }
            None | Some(Value::Null) | Some(Value::Array(_)) => None,
            Some(_) => return Err("tools must be an array".into()),
        };
        let words = if tool.is_some() {
            Vec::new()
        } else {
            reply_words(&prompt, deltas)
        };
        Ok(ChatPlan {
            id,
            stream,
            words,
            tool,
            input_tokens: token_count(&prompt),
        })
    }

    fn output_tokens(&self) -> u64 {
        match &self.tool {
            Some(t) => token_count(&t.plan) + token_count(&t.arguments),
            None => self.words.len() as u64,
        }
    }

    fn finish_reason(&self) -> &'static str {
        if self.tool.is_some() {
            "TOOL_CALL"
        } else {
            "COMPLETE"
        }
    }

    fn usage(&self) -> Json {
        let out = self.output_tokens();
        obj! {
            "billed_units" => obj! { "input_tokens" => self.input_tokens, "output_tokens" => out },
            "tokens" => obj! { "input_tokens" => self.input_tokens + TEMPLATE_TOKENS, "output_tokens" => out },
        }
    }

    /// The non-streamed response body.
    pub(crate) fn response(&self) -> Json {
        let message = match &self.tool {
            Some(t) => obj! {
                "role" => "assistant",
                "tool_plan" => t.plan.as_str(),
                "tool_calls" => arr([obj! {
                    "id" => t.call_id.as_str(),
                    "type" => "function",
                    "function" => obj! { "name" => t.name.as_str(), "arguments" => t.arguments.as_str() },
                }]),
            },
            None => obj! {
                "role" => "assistant",
                "content" => arr([obj! { "type" => "text", "text" => self.words.join(" ") }]),
            },
        };
        obj! {
            "id" => self.id.as_str(),
            "message" => message,
            "finish_reason" => self.finish_reason(),
            "usage" => self.usage(),
        }
    }

    /// The stream events, in order, message-start to message-end.
    pub(crate) fn events(&self) -> Vec<SseEvent> {
        let mut ev = vec![SseEvent::typed(
            "message-start",
            obj! {
                "id" => self.id.as_str(),
                "delta" => obj! { "message" => obj! { "role" => "assistant" } },
            },
        )];
        match &self.tool {
            Some(t) => push_tool_events(&mut ev, t),
            None => push_text_events(&mut ev, &self.words),
        }
        ev.push(SseEvent::typed(
            "message-end",
            obj! {
                "delta" => obj! { "finish_reason" => self.finish_reason(), "usage" => self.usage() },
            },
        ));
        ev
    }
}

/// A content-delta event carrying `text`.
pub(crate) fn content_delta(text: &str) -> SseEvent {
    SseEvent::typed(
        "content-delta",
        obj! {
            "index" => 0,
            "delta" => obj! { "message" => obj! { "content" => obj! { "text" => text } } },
        },
    )
}

fn push_text_events(ev: &mut Vec<SseEvent>, words: &[String]) {
    ev.push(SseEvent::typed(
        "content-start",
        obj! {
            "index" => 0,
            "delta" => obj! { "message" => obj! { "content" => obj! { "type" => "text", "text" => "" } } },
        },
    ));
    ev.extend(word_pieces(words).iter().map(|p| content_delta(p)));
    ev.push(SseEvent::typed("content-end", obj! { "index" => 0 }));
}

fn push_tool_events(ev: &mut Vec<SseEvent>, t: &ToolCall) {
    let plan_words: Vec<String> = t.plan.split(' ').map(str::to_string).collect();
    for piece in word_pieces(&plan_words) {
        ev.push(SseEvent::typed(
            "tool-plan-delta",
            obj! { "delta" => obj! { "message" => obj! { "tool_plan" => piece } } },
        ));
    }
    ev.push(SseEvent::typed(
        "tool-call-start",
        obj! {
            "index" => 0,
            "delta" => obj! { "message" => obj! { "tool_calls" => obj! {
                "id" => t.call_id.as_str(),
                "type" => "function",
                "function" => obj! { "name" => t.name.as_str(), "arguments" => "" },
            } } },
        },
    ));
    for piece in split_pieces(&t.arguments, 4) {
        ev.push(SseEvent::typed(
            "tool-call-delta",
            obj! {
                "index" => 0,
                "delta" => obj! { "message" => obj! { "tool_calls" => obj! {
                    "function" => obj! { "arguments" => piece },
                } } },
            },
        ));
    }
    ev.push(SseEvent::typed("tool-call-end", obj! { "index" => 0 }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(body: Value) -> ChatPlan {
        ChatPlan::from_request(&body, 4, "id-1".into(), 1).unwrap()
    }

    #[test]
    fn validates_required_fields() {
        for bad in [
            json!([]),
            json!({"messages": []}),
            json!({"model": "m"}),
            json!({"model": "m", "messages": [], "stream": "yes"}),
        ] {
            assert!(
                ChatPlan::from_request(&bad, 4, "i".into(), 1).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn text_reply_json_and_stream_agree() {
        let p =
            plan(json!({"model": "m", "messages": [{"role": "user", "content": "hello world"}]}));
        let resp: Value = serde_json::from_slice(&p.response().to_vec()).unwrap();
        assert_eq!(
            resp["message"]["content"][0]["text"],
            "Echo: hello world hello"
        );
        assert_eq!(resp["finish_reason"], "COMPLETE");
        let ev = p.events();
        let names: Vec<_> = ev.iter().map(|e| e.name.clone().unwrap()).collect();
        let deltas = ["content-delta"; 4];
        let expected = [
            &["message-start", "content-start"][..],
            &deltas,
            &["content-end", "message-end"],
        ];
        assert_eq!(names, expected.concat());
        let text: String = ev[2..6]
            .iter()
            .map(|e| {
                serde_json::from_slice::<Value>(&e.data).unwrap()["delta"]["message"]["content"]
                    ["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(text, "Echo: hello world hello");
    }

    #[test]
    fn tool_reply() {
        let p = plan(
            json!({"model": "m", "messages": [{"role": "user", "content": "find \"x\""}],
            "tools": [{"type": "function", "function": {"name": "search"}}]}),
        );
        let resp: Value = serde_json::from_slice(&p.response().to_vec()).unwrap();
        assert_eq!(resp["finish_reason"], "TOOL_CALL");
        assert_eq!(resp["message"]["tool_plan"], "I will call search.");
        let call = &resp["message"]["tool_calls"][0];
        assert_eq!(call["id"], "search_1");
        let args: Value =
            serde_json::from_str(call["function"]["arguments"].as_str().unwrap()).unwrap();
        assert_eq!(args, json!({"query": "find \"x\""}));
        let joined: String = p
            .events()
            .iter()
            .filter(|e| e.name.as_deref() == Some("tool-call-delta"))
            .map(|e| {
                serde_json::from_slice::<Value>(&e.data).unwrap()["delta"]["message"]["tool_calls"]
                    ["function"]["arguments"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(joined, call["function"]["arguments"].as_str().unwrap());
    }
}
