//! A caller's `AbortSignal`, raced against a call or against each read of a stream.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use futures_util::future::{select, Either};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// What the listener leaves for the futures that wait on it.
#[derive(Default)]
struct Fired {
    reason: Option<JsValue>,
    waker: Option<Waker>,
}

/// Watches a signal with one `abort` listener for as long as it lives (a call, or
/// a whole stream: a listener per read would cost a closure, a Promise and two
/// listener calls per chunk). Dropping it removes the listener, so a long-lived
/// signal does not collect one per call.
pub(crate) struct AbortWatch {
    signal: AbortSignal,
    fired: Rc<RefCell<Fired>>,
    listener: Option<Closure<dyn FnMut()>>,
}

impl AbortWatch {
    pub(crate) fn new(signal: &AbortSignal) -> AbortWatch {
        let fired = Rc::new(RefCell::new(Fired::default()));
        if signal.aborted() {
            fired.borrow_mut().reason = Some(signal.reason());
            return AbortWatch {
                signal: signal.clone(),
                fired,
                listener: None,
            };
        }
        let listener = {
            let fired = fired.clone();
            let signal = signal.clone();
            Closure::<dyn FnMut()>::new(move || {
                let mut f = fired.borrow_mut();
                f.reason = Some(signal.reason());
                if let Some(w) = f.waker.take() {
                    w.wake();
                }
            })
        };
        // addEventListener does not throw for a function listener.
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        AbortWatch {
            signal: signal.clone(),
            fired,
            listener: Some(listener),
        }
    }

    /// Runs `work` unless the signal aborts first; then `work` is dropped (which
    /// aborts its fetch) and the signal's reason comes back as the error.
    pub(crate) async fn unless_aborted<F: Future>(&self, work: F) -> Result<F::Output, JsValue> {
        let aborted = std::future::poll_fn(|cx| {
            let mut f = self.fired.borrow_mut();
            match &f.reason {
                Some(reason) => Poll::Ready(reason.clone()),
                None => {
                    f.waker = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        });
        match select(pin!(work), pin!(aborted)).await {
            Either::Left((out, _)) => Ok(out),
            Either::Right((reason, _)) => Err(reason),
        }
    }
}

impl Drop for AbortWatch {
    fn drop(&mut self) {
        if let Some(l) = self.listener.take() {
            let _ = self
                .signal
                .remove_event_listener_with_callback("abort", l.as_ref().unchecked_ref());
        }
    }
}

/// Runs `work` unless `signal` aborts first (see [`AbortWatch::unless_aborted`]).
pub(crate) async fn unless_aborted<F: Future>(
    work: F,
    signal: Option<&AbortSignal>,
) -> Result<F::Output, JsValue> {
    match signal {
        None => Ok(work.await),
        Some(signal) => AbortWatch::new(signal).unless_aborted(work).await,
    }
}
