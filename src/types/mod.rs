//! Wire types for the Cohere v2 API, one module per endpoint.
//!
//! Field names follow the wire (snake_case). Faithful to the wire both ways:
//! - Every object the API may grow keeps the fields this crate does not know in a
//!   flattened `extra: Extra` (the same name on every type; it dereferences to a
//!   `serde_json::Map`), readable and writable by the user, and written back when
//!   serialised.
//! - Presence is kept: an optional field is an `Option`, skipped when `None`, so a
//!   field that arrived empty (`[]`, `""`, `{}`) is written back empty and an absent
//!   one stays absent. `#[skip_serializing_none]` (serde_with's attribute, compile
//!   time only) on each wire struct writes the `skip_serializing_if` of every
//!   `Option` field, so a new optional field gets the rule by being an `Option`. Parse then serialise of a response or event gives the JSON
//!   value the server sent (key order and whitespace aside).
//! - Enums the API may grow keep values they do not know (as `Other(String)` or an
//!   `Unknown` variant holding the raw JSON), so a new server release never breaks a
//!   deployed client.
//!
//! ```
//! use cohere_edge::ChatResponse;
//! let body = r#"{"id":"r","finish_reason":"COMPLETE","message":{"role":"assistant",
//!     "content":[{"type":"text","text":"hi","annotations":[]}]},"new_field":{"a":1}}"#;
//! let reply: ChatResponse = serde_json::from_str(body).unwrap();
//! assert_eq!(reply.extra["new_field"]["a"], 1);
//! let again: serde_json::Value = serde_json::to_value(&reply).unwrap();
//! assert_eq!(again, serde_json::from_str::<serde_json::Value>(body).unwrap());
//! ```

mod chat;
mod common;
mod delta_fast_path;
mod embed;
mod events;
mod extra;
mod models;
mod rerank;
mod tokenize;

pub use chat::*;
pub use common::*;
pub use embed::*;
pub use events::*;
pub use extra::Extra;
pub use models::*;
pub use rerank::*;
pub use tokenize::*;

/// Declares a string enum whose wire values are fixed strings, plus an
/// `Other(String)` variant that keeps any value this crate does not know yet.
///
/// Written by hand because serde's `#[serde(other)]` only supports unit variants
/// and would lose the unknown value.
macro_rules! open_string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s.as_str(),
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use open_string_enum;

/// Serde helpers for token and unit counts: the API documents them as numbers,
/// sends integers, and a float such as `5.0` must not fail a parse.
pub(crate) mod count {
    use serde::{Deserialize, Deserializer};

    pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Num {
            Int(u64),
            Float(f64),
        }
        match Option::<Num>::deserialize(d)? {
            None => Ok(None),
            Some(Num::Int(n)) => Ok(Some(n)),
            Some(Num::Float(f)) if f.is_finite() && f >= 0.0 => Ok(Some(f.round() as u64)),
            Some(Num::Float(f)) => Err(serde::de::Error::custom(format!(
                "expected a non-negative count, found {f}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_fields_and_values_never_fail_a_parse() {
        let body = json!({
            "id": "r1",
            "finish_reason": "SOMETHING_NEW",
            "brand_new_field": {"x": 1},
            "message": {
                "role": "oracle",
                "content": [
                    {"type": "text", "text": "hi", "extra": true},
                    {"type": "hologram", "frames": 3}
                ],
                "citations": [{"start": 0, "end": 2, "sources": [{"type": "web", "url": "u"}]}]
            },
            "usage": {"billed_units": {"input_tokens": 5.0, "output_tokens": 7}, "tokens": {}}
        });
        let r: ChatResponse = serde_json::from_value(body).unwrap();
        assert_eq!(r.finish_reason, FinishReason::Other("SOMETHING_NEW".into()));
        assert_eq!(r.message.role.as_str(), "oracle");
        let content = r.message.content.as_ref().unwrap();
        assert_eq!(content[0].as_text(), Some("hi"));
        assert!(
            matches!(&content[1], ContentPart::Unknown(v) if v["frames"] == 3 && v["type"] == "hologram")
        );
        let sources = r.message.citations.as_ref().unwrap()[0]
            .sources
            .as_ref()
            .unwrap();
        assert!(matches!(&sources[0], Source::Unknown(v) if v["url"] == "u"));
        assert_eq!(
            r.usage
                .as_ref()
                .unwrap()
                .billed_units
                .as_ref()
                .unwrap()
                .input_tokens,
            Some(5)
        );
        assert_eq!(r.text(), "hi");
    }

    #[test]
    fn unknown_roles_in_requests_are_kept() {
        let req: ChatRequest = serde_json::from_value(json!({
            "model": "m",
            "messages": [{"role": "developer", "content": "x"}, {"role": "user", "content": "y"}],
            "stream": true
        }))
        .unwrap();
        assert!(matches!(&req.messages[0], ChatMessage::Unknown(v) if v["role"] == "developer"));
        let back: serde_json::Value =
            serde_json::from_slice(&req.to_json_body(false).unwrap()).unwrap();
        assert_eq!(
            back["messages"][0],
            json!({"role": "developer", "content": "x"})
        );
        assert_eq!(back["stream"], false);
    }

    #[test]
    fn requests_keep_unknown_fields_but_not_stream() {
        let mut req: ChatRequest = serde_json::from_value(json!({
            "model": "m",
            "messages": [{"role": "user", "content": "y", "x_msg": 1}],
            "stream": true,
            "x_new_option": {"a": []}
        }))
        .unwrap();
        assert_eq!(req.extra.get("stream"), None);
        assert_eq!(req.extra["x_new_option"], json!({"a": []}));
        req.extra.insert("stream".into(), json!(true));
        let body = req.to_json_body(false).unwrap();
        let text = String::from_utf8(body).unwrap();
        assert_eq!(text.matches("\"stream\"").count(), 1, "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back,
            json!({
                "model": "m",
                "messages": [{"role": "user", "content": "y", "x_msg": 1}],
                "x_new_option": {"a": []},
                "stream": false
            })
        );
    }

    #[test]
    fn negative_counts_are_rejected_not_wrapped() {
        let r = serde_json::from_value::<Usage>(json!({"billed_units": {"input_tokens": -1.5}}));
        assert!(r.is_err());
    }

    #[test]
    fn user_json_keeps_its_keys() {
        let tool = Tool::function(
            "f",
            "d",
            json!({"type": "object", "properties": {"camelCase": {}, "snake_case": {}}}),
        );
        let v = serde_json::to_value(&tool).unwrap();
        assert!(v["function"]["parameters"]["properties"]
            .get("camelCase")
            .is_some());
        let doc: Document = serde_json::from_value(json!({"data": {"someKey": 1}})).unwrap();
        assert_eq!(
            serde_json::to_value(doc).unwrap(),
            json!({"data": {"someKey": 1}})
        );
    }
}
