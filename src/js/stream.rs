//! `WasmChatStream`: a raw-event stream handed to JS in batches.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::abort::AbortWatch;
use super::errors;
use super::promise::promise;
use super::raw_events::RawEvents;
use crate::stream::EventStream;
use crate::Error;

/// The stream `client.js` wraps in an async iterator; not meant to be used
/// directly.
#[wasm_bindgen]
pub struct WasmChatStream {
    state: Rc<RefCell<State>>,
    /// One listener on the caller's signal for the whole stream.
    abort: Option<Rc<AbortWatch>>,
}

struct State {
    /// `None` once ended, aborted or failed: dropping it aborts the fetch.
    stream: Option<EventStream<RawEvents>>,
    /// An error that followed events already handed out; thrown next time.
    deferred: Option<Error>,
    /// A `next()` is running (JS iterators may call it again before it settles).
    busy: bool,
}

impl WasmChatStream {
    pub(crate) fn new(
        stream: EventStream<RawEvents>,
        signal: Option<AbortSignal>,
    ) -> WasmChatStream {
        WasmChatStream {
            state: Rc::new(RefCell::new(State {
                stream: Some(stream),
                deferred: None,
                busy: false,
            })),
            abort: signal.as_ref().map(|s| Rc::new(AbortWatch::new(s))),
        }
    }
}

#[wasm_bindgen]
impl WasmChatStream {
    /// Resolves to the JSON text of an array of the next events (all that arrived
    /// together, at least one), or `undefined` at the end; rejects with the
    /// stream's error after the events before it were handed out, or with the
    /// abort signal's reason.
    pub fn next(&self) -> Promise {
        let state = self.state.clone();
        let abort = self.abort.clone();
        promise(async move {
            let mut stream = {
                let mut s = state.borrow_mut();
                if let Some(e) = s.deferred.take() {
                    s.stream = None;
                    return Err(errors::to_js(&e));
                }
                if s.busy {
                    return Err(errors::to_js(&Error::Usage(
                        "next() called again before the previous call settled: await each call first".into(),
                    )));
                }
                match s.stream.take() {
                    Some(stream) => stream,
                    None => return Ok(JsValue::UNDEFINED),
                }
            };
            state.borrow_mut().busy = true;
            // An abort drops the stream here: the fetch is aborted with it.
            let first = match &abort {
                Some(watch) => watch.unless_aborted(stream.next()).await,
                None => Ok(stream.next().await),
            };
            let mut s = state.borrow_mut();
            s.busy = false;
            let first = match first {
                Err(reason) => return Err(reason),
                Ok(None) => return Ok(JsValue::UNDEFINED),
                Ok(Some(Err(e))) => return Err(errors::to_js(&e)),
                Ok(Some(Ok(raw))) => raw,
            };
            let mut batch = String::with_capacity(first.len() + 2);
            batch.push('[');
            batch.push_str(&first);
            while let Some(item) = stream.ready() {
                match item {
                    Ok(raw) => {
                        batch.push(',');
                        batch.push_str(&raw);
                    }
                    Err(e) => {
                        s.deferred = Some(e);
                        break;
                    }
                }
            }
            batch.push(']');
            s.stream = Some(stream);
            Ok(JsValue::from(batch))
        })
    }

    /// Ends the stream now: the fetch is aborted and later `next()` calls
    /// resolve to `undefined`.
    pub fn abort(&self) {
        let mut s = self.state.borrow_mut();
        s.stream = None;
        s.deferred = None;
    }
}
