//! [`crate::Error`] as the plain object `client.js` turns into a JS error class.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::{Error, RetryStop};

/// `{ cohereEdge: true, kind, message, statusCode?, body?, requestId?, headers?, retryStop? }`.
/// `client.js` picks the class: one per status (`BadRequestError`, …),
/// `CohereTimeoutError` for timeouts, `CohereError` for the rest.
pub(crate) fn to_js(e: &Error) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("cohereEdge", JsValue::TRUE);
    set("kind", JsValue::from_str(e.kind()));
    set("timeout", JsValue::from_bool(e.is_timeout()));
    match e.api_error() {
        Some(api) => {
            let message = match api.retry_stop {
                Some(stop) => format!("{} ({stop})", api.message),
                None => api.message.clone(),
            };
            set("message", JsValue::from_str(&message));
            if let Some(stop) = api.retry_stop {
                let name = match stop {
                    RetryStop::BudgetSpent => "budget-spent",
                    RetryStop::RateLimitWindow => "rate-limit-window",
                };
                set("retryStop", JsValue::from_str(name));
            }
            set("statusCode", JsValue::from(api.status));
            set("body", JsValue::from_str(&api.body));
            if let Some(id) = &api.request_id {
                set("requestId", JsValue::from_str(id));
            }
            set(
                "headers",
                pairs(api.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
            );
        }
        None => set("message", JsValue::from_str(&e.to_string())),
    }
    o.into()
}

/// Headers as a JS array of `[name, value]` pairs (what `new Headers(…)` takes).
pub(crate) fn pairs<'a>(headers: impl Iterator<Item = (&'a str, &'a str)>) -> JsValue {
    let out = Array::new();
    for (name, value) in headers {
        out.push(&Array::of2(
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        ));
    }
    out.into()
}
