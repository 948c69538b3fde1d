//! The options `options.js` has checked, as the Rust builder and per-call
//! options. They arrive as plain arguments, not option objects: reading objects
//! key by key through `Reflect` and wording each wrong type cost the module
//! 4 KB, and JS checks them in fewer bytes. What slips past (a caller using
//! `WasmClient` directly) is still refused here, never trusted.

use std::time::Duration;

use js_sys::{Array, Function};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::{ClientBuilder, Error, Keepalive, RequestOptions, Result, RetryBudget};

/// Seconds as a `Duration`: finite and above 0.
fn seconds(key: &str, s: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(s)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Error::Config(format!("option {key} must be a number of seconds above 0")))
}

/// The client's options (see `clientArgs` in `options.js`): `keepalive` is
/// 0 (never), 1 (always) or 2 (auto); `retry_budget` is `false` (off),
/// `undefined` (the defaults) or `[ratio, minPerSecond, maxSaved]`, each
/// `undefined` for its default.
#[allow(clippy::too_many_arguments)]
pub(crate) fn client_builder(
    base_url: String,
    timeout: Option<f64>,
    max_retries: Option<u32>,
    max_connections: Option<u32>,
    keepalive: Option<u8>,
    retry_budget: JsValue,
    fetch: Option<Function>,
) -> Result<ClientBuilder> {
    // The token travels per call: `core.js` resolves it (and CO_API_KEY) as cohere-ai does.
    let mut b = ClientBuilder::new().no_auth().base_url(base_url);
    if let Some(t) = timeout {
        b = b.timeout(seconds("timeoutInSeconds", t)?);
    }
    if let Some(n) = max_retries {
        b = b.max_retries(n);
    }
    if let Some(n) = max_connections {
        b = b.max_connections(n as usize);
    }
    if let Some(k) = keepalive {
        b = b.keepalive(match k {
            0 => Keepalive::Never,
            1 => Keepalive::Always,
            _ => Keepalive::Auto,
        });
    }
    if retry_budget.as_bool() == Some(false) {
        b = b.retry_budget(None);
    } else if let Some(numbers) = retry_budget.dyn_ref::<Array>() {
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
        b = b.retry_budget(budget);
    }
    if let Some(f) = fetch {
        b = b.fetch_function(f);
    }
    Ok(b)
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
