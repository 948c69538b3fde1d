//! JS option objects read into the Rust builder and per-call options, each
//! wrong type a [`Error::Config`] that names the option.

use std::time::Duration;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::{ClientBuilder, Error, Keepalive, RequestOptions, Result, RetryBudget};

fn get(o: &JsValue, key: &str) -> Option<JsValue> {
    if !o.is_object() {
        return None;
    }
    Reflect::get(o, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn bad(key: &str, what: &str) -> Error {
    Error::Config(format!("option {key} must be {what}"))
}

fn string(o: &JsValue, key: &str) -> Result<Option<String>> {
    get(o, key)
        .map(|v| v.as_string().ok_or_else(|| bad(key, "a string")))
        .transpose()
}

fn seconds(o: &JsValue, key: &str) -> Result<Option<Duration>> {
    get(o, key)
        .map(|v| {
            v.as_f64()
                .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1e9)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| bad(key, "a number of seconds above 0"))
        })
        .transpose()
}

fn whole(o: &JsValue, key: &str, min: u32) -> Result<Option<u32>> {
    get(o, key)
        .map(|v| {
            v.as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(u32::MAX))
                .map(|n| n as u32)
                .ok_or_else(|| bad(key, &format!("a whole number of at least {min}")))
        })
        .transpose()
}

fn number(o: &JsValue, key: &str, what: &str) -> Result<Option<f64>> {
    get(o, key)
        .map(|v| {
            v.as_f64()
                .filter(|n| n.is_finite())
                .ok_or_else(|| bad(key, what))
        })
        .transpose()
}

/// `retryBudget`: `false` turns it off; `{ ratio, minPerSecond, maxSaved }`
/// changes the numbers given (the rest keep their defaults).
fn retry_budget(o: &JsValue) -> Result<Option<Option<RetryBudget>>> {
    let Some(v) = get(o, "retryBudget") else {
        return Ok(None);
    };
    if v.as_bool() == Some(false) {
        return Ok(Some(None));
    }
    if !v.is_object() {
        return Err(bad(
            "retryBudget",
            "false or an object { ratio, minPerSecond, maxSaved }",
        ));
    }
    let mut b = RetryBudget::new();
    if let Some(n) = number(&v, "ratio", "a number")? {
        b = b.ratio(n);
    }
    if let Some(n) = number(&v, "minPerSecond", "a number")? {
        b = b.min_per_second(n);
    }
    if let Some(n) = number(&v, "maxSaved", "a number")? {
        b = b.max_saved(n);
    }
    Ok(Some(Some(b)))
}

fn headers(o: &JsValue, key: &str) -> Result<Vec<(String, String)>> {
    let Some(h) = get(o, key) else {
        return Ok(Vec::new());
    };
    let h: Object = h
        .dyn_into()
        .map_err(|_| bad(key, "an object of header names to values"))?;
    let mut out = Vec::new();
    for entry in Object::entries(&h).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let value = pair.get(1);
        if value.is_undefined() || value.is_null() {
            continue;
        }
        let (Some(name), Some(value)) = (pair.get(0).as_string(), value.as_string()) else {
            return Err(bad(key, "an object of header names to string values"));
        };
        out.push((name, value));
    }
    Ok(out)
}

/// `{ token, noAuth, baseUrl, clientName, timeoutInSeconds, maxRetries, fetch,
/// keepalive, maxConnections, retryBudget, headers }` into a builder (`noAuth: true`: no
/// `Authorization` header from the client; `client.js` then sends the token
/// it resolves per call as a call header). (`client.js` has
/// already resolved `environment`, token suppliers and `CO_API_KEY`.)
pub(crate) fn client_builder(o: &JsValue) -> Result<ClientBuilder> {
    let mut b = ClientBuilder::new();
    if let Some(token) = string(o, "token")? {
        b = b.api_key(token);
    }
    if get(o, "noAuth").and_then(|v| v.as_bool()) == Some(true) {
        b = b.no_auth();
    }
    if let Some(url) = string(o, "baseUrl")? {
        b = b.base_url(url);
    }
    if let Some(name) = string(o, "clientName")? {
        b = b.client_name(name);
    }
    if let Some(t) = seconds(o, "timeoutInSeconds")? {
        b = b.timeout(t);
    }
    if let Some(n) = whole(o, "maxRetries", 0)? {
        b = b.max_retries(n);
    }
    if let Some(n) = whole(o, "maxConnections", 1)? {
        b = b.max_connections(n as usize);
    }
    if let Some(k) = get(o, "keepalive") {
        let mode = match (k.as_bool(), k.as_string().as_deref()) {
            (Some(true), _) => Keepalive::Always,
            (Some(false), _) => Keepalive::Never,
            (_, Some("auto")) => Keepalive::Auto,
            _ => return Err(bad("keepalive", "\"auto\", true or false")),
        };
        b = b.keepalive(mode);
    }
    if let Some(budget) = retry_budget(o)? {
        b = b.retry_budget(budget);
    }
    if let Some(f) = get(o, "fetch") {
        let f: Function = f.dyn_into().map_err(|_| bad("fetch", "a function"))?;
        b = b.fetch_function(f);
    }
    for (name, value) in headers(o, "headers")? {
        b = b.default_header(name, value);
    }
    Ok(b)
}

/// One call's options: `{ abortSignal, timeoutInSeconds, maxRetries, headers }`.
pub(crate) struct CallOptions {
    pub request: RequestOptions,
    pub signal: Option<AbortSignal>,
}

pub(crate) fn call_options(o: &JsValue) -> Result<CallOptions> {
    let mut request = RequestOptions::new();
    if let Some(t) = seconds(o, "timeoutInSeconds")? {
        request = request.timeout(t);
    }
    if let Some(n) = whole(o, "maxRetries", 0)? {
        request = request.max_retries(n);
    }
    for (name, value) in headers(o, "headers")? {
        request = request.header(name, value);
    }
    let signal = get(o, "abortSignal")
        .map(|s| {
            s.dyn_into::<AbortSignal>()
                .map_err(|_| bad("abortSignal", "an AbortSignal"))
        })
        .transpose()?;
    Ok(CallOptions { request, signal })
}
