//! `WasmClient`: the Rust [`Client`] behind `client.js`'s `CohereClient`.

use bytes::Bytes;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::abort::unless_aborted;
use super::errors;
use super::options::{call_options, client_builder};
use super::promise::promise;
use super::stream::WasmChatStream;
use crate::{Client, Error};

/// The client `client.js` wraps; not meant to be used directly.
#[wasm_bindgen]
pub struct WasmClient {
    client: Client,
}

#[wasm_bindgen]
impl WasmClient {
    /// Builds a client from a JS options object; throws the error descriptor of
    /// a [`Error::Config`] when an option is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<WasmClient, JsValue> {
        client_builder(options)
            .and_then(|b| b.build())
            .map(|client| WasmClient { client })
            .map_err(|e| errors::to_js(&e))
    }

    /// POSTs `body` (wire JSON text) to `path` (`/v2/chat`, `/v2/embed`,
    /// `/v2/rerank`) and resolves to the response's JSON text.
    pub fn request(&self, path: String, body: String, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let opts = call_options(&options).map_err(|e| errors::to_js(&e))?;
            let call = async {
                let response = client
                    .send_raw(&path, Bytes::from(body), false, &opts.request)
                    .await?;
                let bytes = response.body.bytes().await?;
                String::from_utf8(bytes.into())
                    .map_err(|e| Error::decode(format!("response of {path}"), e, &[]))
            };
            match unless_aborted(call, opts.signal.as_ref()).await? {
                Ok(text) => Ok(JsValue::from(text)),
                Err(e) => Err(errors::to_js(&e)),
            }
        })
    }

    /// POSTs a streaming chat (`body` is wire JSON text with `"stream": true`)
    /// and resolves to a [`WasmChatStream`] once the response head arrived.
    #[wasm_bindgen(js_name = chatStream)]
    pub fn chat_stream(&self, body: String, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let opts = call_options(&options).map_err(|e| errors::to_js(&e))?;
            let call = client.send_raw("/v2/chat", Bytes::from(body), true, &opts.request);
            match unless_aborted(call, opts.signal.as_ref()).await? {
                Ok(response) => {
                    let stream = client.raw_stream_of(response);
                    Ok(WasmChatStream::new(stream, opts.signal).into())
                }
                Err(e) => Err(errors::to_js(&e)),
            }
        })
    }

    /// Sends `method` to `path` (with its query) with `body` (wire JSON text, or
    /// `undefined` for none) and resolves to `{ status, headers, body }`: the
    /// headers as `[name, value]` pairs, the body as text. An error status
    /// rejects with the error descriptor, its `headers` included.
    pub fn send(&self, method: String, path: String, body: JsValue, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let opts = call_options(&options).map_err(|e| errors::to_js(&e))?;
            let body = body.as_string().unwrap_or_default();
            let call = client.request(&method, &path, body, &opts.request);
            match unless_aborted(call, opts.signal.as_ref()).await? {
                Ok(raw) => {
                    let text = String::from_utf8(raw.body.into()).map_err(|e| {
                        errors::to_js(&Error::decode(format!("response of {path}"), e, &[]))
                    })?;
                    let o = head(raw.meta.status(), raw.meta.headers());
                    let _ = Reflect::set(&o, &"body".into(), &JsValue::from(text));
                    Ok(o.into())
                }
                Err(e) => Err(errors::to_js(&e)),
            }
        })
    }

    /// [`Self::chat_stream`] to `path` (`/v2/chat`, with any query), resolving
    /// to `{ stream, status, headers }`.
    #[wasm_bindgen(js_name = chatStreamWithHead)]
    pub fn chat_stream_with_head(&self, path: String, body: String, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let opts = call_options(&options).map_err(|e| errors::to_js(&e))?;
            let call = client.send_raw(&path, Bytes::from(body), true, &opts.request);
            match unless_aborted(call, opts.signal.as_ref()).await? {
                Ok(response) => {
                    let meta = crate::ResponseMeta::new(response.status, response.headers.clone());
                    let o = head(meta.status(), meta.headers());
                    let stream = client.raw_stream_of(response);
                    let stream: JsValue = WasmChatStream::new(stream, opts.signal).into();
                    let _ = Reflect::set(&o, &"stream".into(), &stream);
                    Ok(o.into())
                }
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
