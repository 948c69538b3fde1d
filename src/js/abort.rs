//! A caller's `AbortSignal` as a future, raced against a call.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::future::{select, Either};
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// Resolves with the signal's reason once it aborts. Dropping it removes its
/// listener, so a long-lived signal does not collect one per call.
pub(crate) struct AbortWait {
    signal: AbortSignal,
    listener: Option<Function>,
    fired: JsFuture,
}

impl AbortWait {
    pub(crate) fn new(signal: &AbortSignal) -> AbortWait {
        if signal.aborted() {
            return AbortWait {
                signal: signal.clone(),
                listener: None,
                fired: JsFuture::from(Promise::resolve(&JsValue::UNDEFINED)),
            };
        }
        let mut listener = None;
        let promise = Promise::new(&mut |resolve, _reject| {
            // addEventListener does not throw for a function listener.
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
            listener = Some(resolve);
        });
        AbortWait {
            signal: signal.clone(),
            listener,
            fired: JsFuture::from(promise),
        }
    }
}

impl Future for AbortWait {
    type Output = JsValue;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<JsValue> {
        match Pin::new(&mut self.fired).poll(cx) {
            Poll::Ready(_) => Poll::Ready(self.signal.reason()),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for AbortWait {
    fn drop(&mut self) {
        if let Some(l) = self.listener.take() {
            let _ = self.signal.remove_event_listener_with_callback("abort", &l);
        }
    }
}

/// Runs `work` unless `signal` aborts first; then `work` is dropped (which
/// aborts its fetch) and the signal's reason comes back as the error.
pub(crate) async fn unless_aborted<F: Future>(
    work: F,
    signal: Option<&AbortSignal>,
) -> Result<F::Output, JsValue> {
    let Some(signal) = signal else {
        return Ok(work.await);
    };
    let wait = AbortWait::new(signal);
    futures_util::pin_mut!(work);
    match select(work, wait).await {
        Either::Left((out, _)) => Ok(out),
        Either::Right((reason, _)) => Err(reason),
    }
}
