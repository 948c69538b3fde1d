//! Server-sent event framing, exactly as Cohere writes it: `event: <type>\ndata: <json>\n\n`.

use bytes::Bytes;

use crate::ordered::Json;

/// One event ready to go on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// The `event:` field; `None` writes a bare `data:` line (used for `[DONE]`).
    pub name: Option<String>,
    /// The `data:` payload, raw bytes (normally JSON; faults may make it anything).
    pub data: Vec<u8>,
}

impl SseEvent {
    /// An event `event: name` whose data is the JSON `value`.
    pub(crate) fn json(name: &str, value: &Json) -> Self {
        SseEvent {
            name: Some(name.to_string()),
            data: value.to_vec(),
        }
    }

    /// An API stream event of the kind `kind`: `event: kind`, and as data the object
    /// `{"type": kind}` followed by `fields` (an object), as the API writes it.
    pub(crate) fn typed(kind: &'static str, fields: Json) -> Self {
        let mut data = vec![("type", Json::from(kind))];
        match fields {
            Json::Obj(rest) => data.extend(rest),
            other => panic!("an event's fields are an object, not {other:?}"),
        }
        SseEvent::json(kind, &Json::Obj(data))
    }

    /// A raw event with `event: name` and the bytes `data`.
    pub(crate) fn raw(name: &str, data: impl Into<Vec<u8>>) -> Self {
        SseEvent {
            name: Some(name.to_string()),
            data: data.into(),
        }
    }

    /// The stream terminator some servers send: `data: [DONE]`.
    pub(crate) fn done() -> Self {
        SseEvent {
            name: None,
            data: b"[DONE]".to_vec(),
        }
    }

    /// The wire bytes of this event, blank line included.
    pub(crate) fn encode(&self) -> Bytes {
        let mut out = Vec::with_capacity(self.data.len() + 32);
        if let Some(name) = &self.name {
            out.extend_from_slice(b"event: ");
            out.extend_from_slice(name.as_bytes());
            out.push(b'\n');
        }
        out.extend_from_slice(b"data: ");
        out.extend_from_slice(&self.data);
        out.extend_from_slice(b"\n\n");
        Bytes::from(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ordered::obj;

    #[test]
    fn encodes_like_cohere() {
        let e = SseEvent::json("content-end", &obj! {"type" => "content-end", "index" => 0});
        assert_eq!(
            &e.encode()[..],
            b"event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n"
        );
        assert_eq!(&SseEvent::done().encode()[..], b"data: [DONE]\n\n");
    }
}
