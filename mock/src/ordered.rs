//! JSON values that keep their keys in the order written, so responses read like Cohere's
//! (`{"type":...,"index":...,"delta":...}`) without changing serde_json's features.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// An ordered JSON tree.
#[derive(Debug, Clone)]
pub(crate) enum Json {
    /// An object whose keys serialize in this order.
    Obj(Vec<(&'static str, Json)>),
    /// An array.
    Arr(Vec<Json>),
    /// Any plain JSON value.
    Val(Value),
    /// An array of `f32`, written in their shortest form (like Cohere's embeddings).
    Floats(Vec<f32>),
}

impl Json {
    /// Serializes to compact JSON bytes.
    pub(crate) fn to_vec(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Obj(fields) => {
                let mut m = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Json::Arr(items) => {
                let mut q = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    q.serialize_element(v)?;
                }
                q.end()
            }
            Json::Val(v) => v.serialize(s),
            Json::Floats(items) => {
                let mut q = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    q.serialize_element(v)?;
                }
                q.end()
            }
        }
    }
}

impl<T: Into<Value>> From<T> for Json {
    fn from(v: T) -> Self {
        Json::Val(v.into())
    }
}

/// Builds an ordered object: `obj! { "type" => "x", "index" => 0 }`.
macro_rules! obj {
    ($($k:literal => $v:expr),* $(,)?) => {
        $crate::ordered::Json::Obj(vec![$(($k, $crate::ordered::Json::from($v))),*])
    };
}
pub(crate) use obj;

/// Builds an ordered array from `Json` items.
pub(crate) fn arr(items: impl IntoIterator<Item = Json>) -> Json {
    Json::Arr(items.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order() {
        let j = obj! { "type" => "t", "index" => 0, "delta" => obj! { "b" => 1, "a" => arr([obj!{ "z" => true }]) } };
        assert_eq!(
            String::from_utf8(j.to_vec()).unwrap(),
            r#"{"type":"t","index":0,"delta":{"b":1,"a":[{"z":true}]}}"#
        );
    }
}
