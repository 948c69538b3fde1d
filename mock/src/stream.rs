//! Driving a stream: stream faults shape the event list, then a task sends one body frame
//! per event with the configured pauses.

use std::io;
use std::time::Duration;

use crate::body::{ChunkSender, MockBody};
use crate::chat::content_delta;
use crate::fault::FaultSpec;
use crate::sse::SseEvent;

/// What `malformed-event` puts in place of the 3rd event's data.
const MALFORMED: &[u8] = b"{\"type\":\"content-delta\",";

/// Pause before aborting a cut stream, so the frames before the cut reach the socket.
const FLUSH_GRACE: Duration = Duration::from_millis(20);

/// Applies the event-shaping faults (`unknown-event`, `oversized-event`, `invalid-utf8`,
/// `malformed-event`, `done-marker`) to `events`.
pub(crate) fn shape_events(mut events: Vec<SseEvent>, fault: &FaultSpec) -> Vec<SseEvent> {
    let after_start = events
        .iter()
        .position(|e| e.name.as_deref() == Some("content-start"))
        .map_or(1, |i| i + 1)
        .min(events.len());
    let mut extra = Vec::new();
    if let Some(n) = fault.oversized_event {
        extra.push(content_delta(&"x".repeat(n)));
    }
    if fault.invalid_utf8 {
        let mut data = b"{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"".to_vec();
        data.extend_from_slice(&[0xFF, 0xFE]);
        data.extend_from_slice(b"\"}}}}");
        extra.push(SseEvent::raw("content-delta", data));
    }
    events.splice(after_start..after_start, extra);
    if fault.unknown_event {
        let at = 1.min(events.len());
        events.insert(
            at,
            SseEvent::raw(
                "future-thing",
                &b"{\"type\":\"future-thing\",\"payload\":{\"x\":1}}"[..],
            ),
        );
    }
    if fault.malformed_event {
        if let Some(third) = events.get_mut(2) {
            third.data = MALFORMED.to_vec();
        }
    }
    if fault.done_marker {
        events.push(SseEvent::done());
    }
    events
}

/// Starts sending `events` into a new streamed body; `delay` separates events,
/// `fault.stall` pauses after the 2nd event and `fault.cut_after` aborts the body.
pub(crate) fn spawn_stream(events: Vec<SseEvent>, delay: Duration, fault: &FaultSpec) -> MockBody {
    let (tx, body) = MockBody::channel();
    let stall = fault.stall;
    let cut_after = fault.cut_after;
    tokio::spawn(async move {
        let _ = send_events(&tx, events, delay, stall, cut_after).await;
    });
    body
}

async fn send_events(
    tx: &ChunkSender,
    events: Vec<SseEvent>,
    delay: Duration,
    stall: Option<Duration>,
    cut_after: Option<usize>,
) -> Result<(), ()> {
    if cut_after == Some(0) {
        return cut(tx).await;
    }
    for (i, event) in events.iter().enumerate() {
        if i > 0 && !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        tx.send(Ok(event.encode())).await.map_err(|_| ())?;
        if i == 1 {
            if let Some(stall) = stall {
                tokio::time::sleep(stall).await;
            }
        }
        if cut_after == Some(i + 1) {
            return cut(tx).await;
        }
    }
    Ok(())
}

/// Aborts the body: HTTP/1.1 closes the socket without the final chunk, HTTP/2 resets the stream.
async fn cut(tx: &ChunkSender) -> Result<(), ()> {
    tokio::time::sleep(FLUSH_GRACE).await;
    let _ = tx
        .send(Err(io::Error::other("mock fault: cut-after")))
        .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::ChatPlan;
    use serde_json::json;

    fn events() -> Vec<SseEvent> {
        let body =
            json!({"model": "m", "messages": [{"role": "user", "content": "a b"}], "stream": true});
        ChatPlan::from_request(&body, 3, "id".into(), 1)
            .unwrap()
            .events()
    }

    fn names(ev: &[SseEvent]) -> Vec<String> {
        ev.iter()
            .map(|e| e.name.clone().unwrap_or_else(|| "DATA".into()))
            .collect()
    }

    #[test]
    fn inserts_and_marks() {
        let f =
            FaultSpec::parse("unknown-event;oversized-event=10;invalid-utf8;done-marker").unwrap();
        let ev = shape_events(events(), &f);
        let head = ["message-start", "future-thing", "content-start"];
        let tail = ["content-end", "message-end", "DATA"];
        assert_eq!(
            names(&ev),
            [&head[..], &["content-delta"; 5], &tail].concat()
        );
        assert!(ev[3].data.windows(10).any(|w| w == b"xxxxxxxxxx"));
        assert!(ev[4].data.windows(2).any(|w| w == [0xFF, 0xFE]));
        assert_eq!(ev[10].encode(), "data: [DONE]\n\n");
    }

    #[test]
    fn malformed_third_event() {
        let ev = shape_events(events(), &FaultSpec::parse("malformed-event").unwrap());
        assert_eq!(ev[2].data, MALFORMED);
        assert_eq!(ev[2].name.as_deref(), Some("content-delta"));
        assert!(serde_json::from_slice::<serde_json::Value>(&ev[3].data).is_ok());
    }
}
