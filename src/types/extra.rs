//! [`Extra`]: the fields of a wire object that this crate does not know.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The fields of a wire object that this version of the crate does not know, kept
/// as they arrived and written back when serialised. Every wire struct has one,
/// flattened, in its `extra` field. Default: empty.
///
/// It dereferences to a [`serde_json::Map`], so it reads and writes like one. An
/// empty one holds no map at all: most objects have no unknown fields, and a
/// stream of thousands of events pays nothing for the ones they do not have.
///
/// ```
/// use cohere_edge::ChatResponse;
/// let mut reply: ChatResponse = serde_json::from_str(
///     r#"{"id":"r","finish_reason":"COMPLETE","message":{"role":"assistant"},"x_new":[1]}"#,
/// ).unwrap();
/// assert_eq!(reply.extra["x_new"][0], 1);
/// assert!(reply.message.extra.is_empty());
/// reply.message.extra.insert("x_mine".into(), true.into());
/// assert_eq!(serde_json::to_value(&reply).unwrap()["message"]["x_mine"], true);
/// ```
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Map<String, Value>>>);

impl Extra {
    /// An empty set of fields.
    pub const fn new() -> Self {
        Extra(None)
    }

    /// The fields as a map (an empty one when there are none).
    pub fn as_map(&self) -> &Map<String, Value> {
        match &self.0 {
            Some(map) => map,
            None => empty(),
        }
    }

    /// Removes a field and returns it; an empty set stays without a map.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let map = self.0.as_mut()?;
        let value = map.remove(key);
        if map.is_empty() {
            self.0 = None;
        }
        value
    }

    /// The fields as an owned map.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|m| *m).unwrap_or_default()
    }
}

fn empty() -> &'static Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Deref for Extra {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        self.as_map()
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<Extra> for Map<String, Value> {
    fn from(extra: Extra) -> Self {
        extra.into_map()
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.as_map() == other.as_map()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_map().fmt(f)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_map().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Map::deserialize(d).map(Extra::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_holds_no_map_and_reads_as_an_empty_one() {
        let mut e = Extra::default();
        assert!(e.0.is_none() && e.is_empty() && e.get("x").is_none());
        assert_eq!(e.remove("x"), None);
        assert!(
            e.0.is_none(),
            "removing from an empty set must not allocate a map"
        );
        e.insert("x".into(), json!(1));
        assert_eq!(e["x"], 1);
        assert_eq!(e.remove("x"), Some(json!(1)));
        assert!(e.0.is_none());
        assert_eq!(Extra::from(Map::new()), Extra::default());
        assert_eq!(serde_json::to_value(&e).unwrap(), json!({}));
    }
}
