//! `WasmClient`: the Rust [`Client`] behind `client.js`'s `CohereClient`.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::abort::unless_aborted;
use super::errors;
use super::options::{call_options, keepalive, retry_budget, seconds};
use super::promise::promise;
use super::stream::WasmChatStream;
use crate::v1_api::checked_method;
use crate::{Client, ClientBuilder, Error};

/// The client `client.js` wraps; not meant to be used directly.
#[wasm_bindgen]
pub struct WasmClient {
    client: Client,
}

#[wasm_bindgen]
impl WasmClient {
    /// A client of the options `clientArgs` in `options.js` checked (a timeout
    /// in seconds, `keepalive` as [`keepalive`] reads it, `retry_budget` as
    /// [`retry_budget`] does); throws the error descriptor of an
    /// [`Error::Config`] when one is still wrong (a base URL the builder refuses).
    /// The token travels per call: `core.js` resolves it (and CO_API_KEY) as
    /// cohere-ai does.
    #[wasm_bindgen(constructor)]
    pub fn new(
        base_url: String,
        timeout: Option<f64>,
        max_retries: Option<u32>,
        max_connections: Option<u32>,
        keepalive_mode: Option<u8>,
        budget: JsValue,
        fetch: Option<Function>,
    ) -> Result<WasmClient, JsValue> {
        let build = || {
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
            if let Some(mode) = keepalive_mode {
                b = b.keepalive(keepalive(mode));
            }
            if let Some(budget) = retry_budget(&budget) {
                b = b.retry_budget(budget);
            }
            if let Some(f) = fetch {
                b = b.fetch_function(f);
            }
            b.build()
        };
        build()
            .map(|client| WasmClient { client })
            .map_err(|e| errors::to_js(&e))
    }

    /// Sends `method` to `path` (with its query) with `body` (wire JSON text, or
    /// none) and the call's options (`callArgs` in `options.js`). Resolves to
    /// `{ status, headers, body }` (the headers as `[name, value]` pairs, the
    /// body as text) or, with `stream`, to `{ status, headers, stream }` (a
    /// [`WasmChatStream`]) once the response head arrived. An error status
    /// rejects with the error descriptor, its `headers` included.
    #[allow(clippy::too_many_arguments)]
    pub fn send(
        &self,
        method: String,
        path: String,
        body: Option<String>,
        stream: bool,
        timeout: Option<f64>,
        max_retries: Option<u32>,
        headers: Array,
        signal: Option<AbortSignal>,
    ) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let opts = call_options(timeout, max_retries, &headers, signal)
                .map_err(|e| errors::to_js(&e))?;
            let call = async {
                let method = checked_method(&method, &path)?;
                let body = body.unwrap_or_default().into();
                let response = client
                    .send_method(method, &path, body, stream, &opts.request)
                    .await?;
                let o = head(response.status, response.headers.iter());
                let (key, value) = if stream {
                    let stream = client.raw_stream_of(response);
                    (
                        "stream",
                        WasmChatStream::new(stream, opts.signal.clone()).into(),
                    )
                } else {
                    let bytes = response.body.bytes().await?;
                    let text = String::from_utf8(bytes.into())
                        .map_err(|e| Error::decode(format!("response of {path}"), e, &[]))?;
                    ("body", JsValue::from(text))
                };
                let _ = Reflect::set(&o, &key.into(), &value);
                Ok::<_, Error>(o)
            };
            match unless_aborted(call, opts.signal.as_ref()).await? {
                Ok(o) => Ok(o.into()),
                Err(e) => Err(errors::to_js(&e)),
            }
        })
    }

    /// Opens a connection ahead of the first call (see [`Client::warm`]).
    pub fn warm(&self) -> Promise {
        let client = self.client.clone();
        promise(async move {
            client
                .warm()
                .await
                .map(|()| JsValue::UNDEFINED)
                .map_err(|e| errors::to_js(&e))
        })
    }

    /// `{ requests, retries, keepaliveRequests, retriesSkipped, rateLimitWaitMs }` so far.
    pub fn stats(&self) -> JsValue {
        let s = self.client.stats();
        let o = Object::new();
        for (k, v) in [
            ("requests", s.requests as f64),
            ("retries", s.retries as f64),
            ("keepaliveRequests", s.keepalive_requests as f64),
            ("retriesSkipped", s.retries_skipped as f64),
            ("rateLimitWaitMs", s.rate_limit_wait.as_secs_f64() * 1000.0),
        ] {
            let _ = Reflect::set(&o, &k.into(), &JsValue::from_f64(v));
        }
        o.into()
    }
}

/// `{ status, headers }`, the headers as an array of `[name, value]` pairs.
fn head<'a>(status: u16, headers: impl Iterator<Item = (&'a str, &'a str)>) -> Object {
    let o = Object::new();
    let _ = Reflect::set(&o, &"status".into(), &JsValue::from(status));
    let _ = Reflect::set(&o, &"headers".into(), &errors::pairs(headers));
    o
}
