//! The options `options.js` has checked, as the Rust builder and per-call
//! options. They arrive as plain arguments, not option objects: reading objects
//! key by key through `Reflect` and wording each wrong type cost the module
//! 4 KB, and JS checks them in fewer bytes. What slips past (a caller using
//! `WasmClient` directly) is still refused here, never trusted.

use std::time::Duration;

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::{Error, Keepalive, RequestOptions, Result, RetryBudget};

/// Seconds as a `Duration`: finite and above 0.
pub(crate) fn seconds(key: &str, s: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(s)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Error::Config(format!("option {key} must be a number of seconds above 0")))
}

/// `keepalive` as `clientArgs` in `options.js` gives it: 0 (never), 1 (always)
/// or 2 (auto).
pub(crate) fn keepalive(mode: u8) -> Keepalive {
    match mode {
        0 => Keepalive::Never,
        1 => Keepalive::Always,
        _ => Keepalive::Auto,
    }
}

/// `retryBudget` as `clientArgs` in `options.js` gives it: `false` (off),
/// `undefined` (the defaults: `None` here) or `[ratio, minPerSecond, maxSaved]`,
/// each `undefined` for its default.
pub(crate) fn retry_budget(given: &JsValue) -> Option<Option<RetryBudget>> {
    if given.as_bool() == Some(false) {
        return Some(None);
    }
    let numbers = given.dyn_ref::<Array>()?;
    let mut budget = RetryBudget::new();
    if let Some(n) = numbers.get(0).as_f64() {
        budget = budget.ratio(n);
    }
    if let Some(n) = numbers.get(1).as_f64() {
        budget = budget.min_per_second(n);
    }
    if let Some(n) = numbers.get(2).as_f64() {
        budget = budget.max_saved(n);
    }
    Some(Some(budget))
}

/// One call's options: see `callArgs` in `options.js`.
pub(crate) struct CallOptions {
    pub request: RequestOptions,
    pub signal: Option<AbortSignal>,
}

/// `headers` is a flat array of names and values.
pub(crate) fn call_options(
    timeout: Option<f64>,
    max_retries: Option<u32>,
    headers: &Array,
    signal: Option<AbortSignal>,
) -> Result<CallOptions> {
    let mut request = RequestOptions::new();
    if let Some(t) = timeout {
        request = request.timeout(seconds("timeoutInSeconds", t)?);
    }
    if let Some(n) = max_retries {
        request = request.max_retries(n);
    }
    for i in (0..headers.length()).step_by(2) {
        let (Some(name), Some(value)) =
            (headers.get(i).as_string(), headers.get(i + 1).as_string())
        else {
            return Err(Error::Config(
                "option headers must map header names to string values".into(),
            ));
        };
        request = request.header(name, value);
    }
    Ok(CallOptions { request, signal })
}
