//! WebAssembly transport: the platform's global `fetch` (or one the caller hands
//! in), one `AbortController` per request, `setTimeout` for every timer.
//!
//! `fetch`, `setTimeout` and `clearTimeout` are bound as globals, never through
//! `window`, so one build runs in a page, a web or service worker, Node 18+, Deno
//! and Cloudflare's workerd. Connection reuse is the platform's own pool; what the
//! transport controls is keeping every request in that one pool (the same
//! `credentials` and `mode` each time), the `keepalive` budget, and a queue for
//! `max_connections` (6 inside Workers, the runtime's limit).
//!
//! The controller aborts when the attempt's timer fires, or when the future or
//! the response body is dropped (which is how a caller's `AbortSignal`, a stream
//! left early, or a cancelled call all end a fetch).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_time::Instant;

use super::body_reader::BodyReader;
use super::keepalive::{KeepaliveBudget, Reservation};
use super::TransportConfig;
use super::{
    Body, BoxFuture, ByteStream, Counters, HttpRequest, HttpResponse, HttpTransport, SendError,
};
use crate::error::{Error, Interruption};
use crate::headers::Headers;
use crate::Keepalive;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(input: &str, init: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// Node's `setImmediate` (a `ReferenceError` where there is none).
    #[wasm_bindgen(catch, js_name = setImmediate)]
    fn set_immediate(handler: &Function) -> Result<JsValue, JsValue>;

    /// `String(v)`: any JS value as text.
    #[wasm_bindgen(js_name = String)]
    fn js_string(v: &JsValue) -> String;
}

thread_local! {
    /// One keepalive budget per JS realm, as browsers keep one per document.
    static KEEPALIVE: Rc<KeepaliveBudget> = Rc::new(KeepaliveBudget::default());
}

/// The most keepalive body bytes ever in flight at once in this JS realm, and
/// the bytes in flight now. A probe for tests and diagnostics.
#[doc(hidden)]
pub fn keepalive_budget_probe() -> (usize, usize) {
    KEEPALIVE.with(|b| (b.peak(), b.in_flight()))
}

/// The runtimes whose pools the transport treats apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    /// Cloudflare Workers, which names itself in `navigator.userAgent`.
    Workerd,
    /// Node itself: `process.versions.node` is set, and neither Bun nor Deno
    /// (which set it too, for their Node compatibility) is running.
    Node,
    /// Browsers, Deno, Bun and the rest.
    Other,
}

impl Runtime {
    fn detect() -> Runtime {
        let global = js_sys::global();
        let field = |o: &JsValue, k: &str| {
            Reflect::get(o, &k.into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let user_agent = field(&global, "navigator")
            .and_then(|n| field(&n, "userAgent"))
            .and_then(|ua| ua.as_string());
        if user_agent.as_deref() == Some("Cloudflare-Workers") {
            return Runtime::Workerd;
        }
        let versions = field(&global, "process").and_then(|p| field(&p, "versions"));
        let node = versions
            .is_some_and(|v| field(&v, "node").is_some() && field(&v, "bun").is_none())
            && field(&global, "Deno").is_none();
        if node {
            Runtime::Node
        } else {
            Runtime::Other
        }
    }
}

/// The next turn of Node's event loop (`setImmediate`): after the I/O callbacks
/// of this one, without `setTimeout`'s 1 ms floor.
async fn next_turn() {
    let turn = Promise::new(&mut |resolve, _reject| {
        if set_immediate(&resolve).is_err() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(turn).await;
}

/// The fetch transport. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Transport {
    fetch: Option<Function>,
    permits: Option<Arc<Semaphore>>,
    counters: Arc<Counters>,
    keepalive: Keepalive,
    /// workerd rejects `credentials` and `mode` and ignores `keepalive`; Node
    /// waits for its pool's handback with `setImmediate`.
    runtime: Runtime,
    stream_idle_timeout: Duration,
    max_response_bytes: usize,
    /// Set when a response body ends, cleared by the next macrotask: see
    /// [`Transport::await_handback`].
    handback: Rc<Cell<bool>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchTransport")
            .field("custom_fetch", &self.fetch.is_some())
            .field("runtime", &self.runtime)
            .field("keepalive", &self.keepalive)
            .finish_non_exhaustive()
    }
}

impl HttpTransport for Transport {
    fn new(cfg: TransportConfig) -> Result<Self, Error> {
        let runtime = Runtime::detect();
        let workerd = runtime == Runtime::Workerd;
        let limit = cfg
            .max_connections
            .or(workerd.then_some(crate::WORKERS_MAX_CONNECTIONS));
        Ok(Transport {
            fetch: cfg.platform.fetch,
            permits: limit.map(|n| Arc::new(Semaphore::new(n.max(1)))),
            counters: Arc::new(Counters::default()),
            keepalive: cfg.keepalive,
            runtime,
            stream_idle_timeout: cfg.stream_idle_timeout,
            max_response_bytes: cfg.max_response_bytes,
            handback: Rc::new(Cell::new(false)),
        })
    }

    /// Opens a connection to `url`'s origin ahead of the first call: `fetch`
    /// cannot connect without a request, so this sends `GET url` (the caller
    /// gives `/v1/models?page_size=1`, which spends no tokens) and reads the
    /// answer whatever its status. In workerd, whose outbound connections belong
    /// to one request context, it does nothing.
    fn warm<'a>(
        &'a self,
        url: &'a str,
        headers: &'a Headers,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            if self.in_workerd() {
                return Ok(());
            }
            let req = HttpRequest {
                method: http::Method::GET,
                url: url.to_owned(),
                headers: headers.clone(),
                body: Bytes::new(),
                timeout,
                streaming: false,
            };
            let response = self.send(req).await?;
            // The status does not matter (a 401 warms as well as a 200); the body
            // is read so that the connection goes back to the pool.
            let _ = response.body.bytes().await;
            Ok(())
        })
    }

    fn counters(&self) -> &Counters {
        &self.counters
    }

    /// Waits `d` with `setTimeout`.
    fn sleep(d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(Sleep::new(d))
    }

    fn random_unit() -> f64 {
        js_sys::Math::random()
    }

    /// Sends one attempt. The queue wait counts against the attempt's budget.
    fn send(&self, req: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, SendError>> {
        Box::pin(async move {
            let deadline = Sleep::new(req.timeout);
            let timeout = req.timeout;
            let work = self.attempt(req);
            futures_util::pin_mut!(work);
            match select(work, deadline).await {
                Either::Left((result, deadline)) => result.map(|head| {
                    // A stream gets its idle timer; a plain body must arrive
                    // within what is left of the attempt's budget.
                    let timer = if head.streaming {
                        BodyTimer::idle(self.stream_idle_timeout)
                    } else {
                        BodyTimer::deadline(deadline, timeout)
                    };
                    head.into_response(timer, self.max_response_bytes)
                }),
                // Dropping `work` drops its AbortController guard: the fetch aborts.
                Either::Right(((), _)) => Err(SendError::Timeout),
            }
        })
    }
}

impl Transport {
    fn in_workerd(&self) -> bool {
        self.runtime == Runtime::Workerd
    }

    /// Sequential calls reuse one connection: undici (Node's fetch, and Deno's
    /// and Bun's pools behave alike) puts a socket back in its pool only after
    /// the response has settled, in a later task, so a fetch started in the same
    /// turn as the previous body's end opens a second connection. When a body
    /// ended and no macrotask has passed since, the next request waits for one.
    /// In Node that is the next turn of the event loop (`setImmediate`): undici
    /// frees the socket in the I/O callback that completes the message, and
    /// `setTimeout(0)`, which Node makes at least 1 ms, cost each sequential call
    /// that much (`benches/compare`: 5.8 ms a call at 0 ms round trip, against
    /// `cohere-ai`'s 3.5). Deno's pool takes back its connection later than the
    /// next turn (measured: a second connection in 3 runs of 3), and Bun's is
    /// kept on the timer too, so they wait `setTimeout(0)`. Browsers and workerd
    /// hand connections back at once; the wait costs browsers one timer tick.
    async fn await_handback(&self) {
        if self.handback.get() {
            match self.runtime {
                Runtime::Workerd => {}
                Runtime::Node => next_turn().await,
                Runtime::Other => Sleep::new(Duration::ZERO).await,
            }
        }
    }

    async fn attempt(&self, req: HttpRequest) -> Result<Head, SendError> {
        let permit = match &self.permits {
            Some(p) => Some(
                p.clone()
                    .acquire_owned()
                    .await
                    .map_err(|_| SendError::Other("connection queue closed".into()))?,
            ),
            None => None,
        };
        self.await_handback().await;
        let controller = web_sys::AbortController::new()
            .map_err(|e| SendError::Other(js_text("AbortController is unavailable", &e).into()))?;
        let abort = AbortOnDrop(controller);
        let keepalive = if self.in_workerd() {
            None
        } else {
            KEEPALIVE.with(|b| KeepaliveBudget::reserve(b, self.keepalive, req.body.len()))
        };
        let init = self
            .request_init(&req, &abort.0.signal(), keepalive.is_some())
            .map_err(|e| SendError::Other(js_text("could not build the request", &e).into()))?;
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        if keepalive.is_some() {
            self.counters
                .keepalive_requests
                .fetch_add(1, Ordering::Relaxed);
        }
        let promise = match &self.fetch {
            Some(f) => f
                .call2(&JsValue::UNDEFINED, &JsValue::from_str(&req.url), &init)
                .and_then(|p| {
                    p.dyn_into::<Promise>()
                        .or_else(|v| Ok(Promise::resolve(&v)))
                }),
            None => global_fetch(&req.url, &init),
        }
        .map_err(|e| SendError::Other(js_text("fetch refused the request", &e).into()))?;
        let response = JsFuture::from(promise)
            .await
            .map_err(|e| SendError::Connect(js_text("fetch failed", &e).into()))?;
        let response: web_sys::Response = response
            .dyn_into()
            .map_err(|_| SendError::Other("fetch resolved to something not a Response".into()))?;
        if response.type_() == web_sys::ResponseType::Opaqueredirect {
            return Err(SendError::Other(
                "the server answered with a redirect, which is not followed".into(),
            ));
        }
        Ok(Head {
            response,
            streaming: req.streaming,
            handback: self.handback.clone(),
            guard: Guard {
                _abort: abort,
                _permit: permit,
                _keepalive: keepalive,
            },
        })
    }

    /// The RequestInit: built as a plain object so fields can be left out where a
    /// runtime rejects them (web-sys's `RequestInit` also has no `keepalive`).
    fn request_init(
        &self,
        req: &HttpRequest,
        signal: &web_sys::AbortSignal,
        keepalive: bool,
    ) -> Result<JsValue, JsValue> {
        let init = Object::new();
        let set = |k: &str, v: &JsValue| Reflect::set(&init, &JsValue::from_str(k), v).map(drop);
        set("method", &JsValue::from_str(req.method.as_str()))?;
        let headers = Array::new();
        for (name, value) in req.headers.iter() {
            headers.push(&Array::of2(
                &JsValue::from_str(name),
                &JsValue::from_str(value),
            ));
        }
        set("headers", &headers)?;
        // fetch refuses a body, even an empty one, on GET and HEAD.
        if req.method != http::Method::GET && req.method != http::Method::HEAD {
            set("body", &Uint8Array::from(&req.body[..]))?;
        }
        set("signal", signal)?;
        // The API never redirects; a redirect is an error rather than the body
        // and key resent elsewhere.
        set("redirect", &JsValue::from_str("manual"))?;
        if !self.in_workerd() {
            // One credentials mode and one mode on every request: browsers key
            // their socket pools by them.
            set("credentials", &JsValue::from_str("omit"))?;
            set("mode", &JsValue::from_str("cors"))?;
        }
        if keepalive {
            set("keepalive", &JsValue::TRUE)?;
        }
        Ok(init.into())
    }
}

/// What must live as long as the response body: the abort switch, the queue slot
/// and the keepalive bytes.
struct Guard {
    _abort: AbortOnDrop,
    _permit: Option<OwnedSemaphorePermit>,
    _keepalive: Option<Reservation>,
}

struct Head {
    response: web_sys::Response,
    streaming: bool,
    handback: Rc<Cell<bool>>,
    guard: Guard,
}

impl Head {
    fn into_response(self, timer: BodyTimer, limit: usize) -> HttpResponse {
        let status = self.response.status();
        let headers = read_headers(&self.response.headers());
        let chunks: ByteStream = match self.response.body() {
            Some(raw) => match BodyReader::new(raw.into()) {
                Ok(reader) => Box::pin(reader.map(|chunk| {
                    chunk.map_err(|e| Interruption::Transport(js_text("read failed", &e)))
                })),
                Err(e) => Box::pin(futures_util::stream::once(std::future::ready(Err(
                    Interruption::Transport(js_text("read failed", &e)),
                )))),
            },
            None => Box::pin(futures_util::stream::empty()),
        };
        let body = TimedBody {
            inner: Some(chunks),
            timer: Some(timer),
            guard: Some(self.guard),
            handback: self.handback,
        };
        HttpResponse {
            status,
            headers,
            body: Body {
                stream: Box::pin(body),
                limit,
            },
        }
    }
}

/// Every response header `fetch` exposes (a cross-origin response exposes only
/// the CORS-safelisted ones and those the server names in
/// `Access-Control-Expose-Headers`), for the core's retry hints and for callers
/// who read a response's metadata.
fn read_headers(h: &web_sys::Headers) -> Headers {
    let mut map = Headers::default();
    let Ok(Some(entries)) = js_sys::try_iter(h) else {
        return map;
    };
    for entry in entries.flatten() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            // A value that is not a valid header value is left out.
            let _ = map.append(&name, &value);
        }
    }
    map
}

/// The one timer of a response body: a stream's idle timeout, or a plain
/// body's deadline.
///
/// The idle timer is not re-created per chunk: a chunk only records when it
/// came, and a timer that fires early is re-armed for the rest of the window. A
/// stream of many small chunks thus costs one `setTimeout` per idle window, not
/// one (with its Promise) per chunk.
struct BodyTimer {
    sleep: Sleep,
    limit: Duration,
    /// For a stream: when the last chunk (or the head) arrived.
    last_chunk: Option<Instant>,
}

impl BodyTimer {
    fn idle(limit: Duration) -> BodyTimer {
        BodyTimer {
            sleep: Sleep::new(limit),
            limit,
            last_chunk: Some(Instant::now()),
        }
    }

    fn deadline(sleep: Sleep, limit: Duration) -> BodyTimer {
        BodyTimer {
            sleep,
            limit,
            last_chunk: None,
        }
    }

    fn on_chunk(&mut self) {
        if let Some(t) = self.last_chunk.as_mut() {
            *t = Instant::now();
        }
    }

    /// Ready once the limit has passed (re-arming an idle timer that fired
    /// while chunks kept coming).
    fn poll_expired(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            if Pin::new(&mut self.sleep).poll(cx).is_pending() {
                return Poll::Pending;
            }
            let left = self
                .last_chunk
                .map(|t| self.limit.saturating_sub(t.elapsed()))
                .unwrap_or_default();
            if left.is_zero() {
                return Poll::Ready(());
            }
            self.sleep = Sleep::new(left);
        }
    }
}

/// A response body that keeps its [`Guard`] until it ends or is dropped, and
/// fails when its [`BodyTimer`] expires (which drops the guard: the fetch aborts).
struct TimedBody {
    inner: Option<ByteStream>,
    timer: Option<BodyTimer>,
    guard: Option<Guard>,
    handback: Rc<Cell<bool>>,
}

impl TimedBody {
    fn finish(&mut self) {
        self.inner = None;
        self.timer = None;
        self.guard = None;
    }
}

impl Stream for TimedBody {
    type Item = Result<Bytes, Interruption>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(None);
        };
        match inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(t) = this.timer.as_mut() {
                    t.on_chunk();
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                this.finish();
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(None) => {
                this.finish();
                // The connection is on its way back to the platform's pool; the
                // next macrotask clears the flag.
                if !this.handback.replace(true) {
                    let flag = this.handback.clone();
                    let clear = Closure::once_into_js(move || flag.set(false));
                    set_timeout(clear.unchecked_ref(), 0.0);
                }
                Poll::Ready(None)
            }
            Poll::Pending => {
                let Some(t) = this.timer.as_mut() else {
                    return Poll::Pending;
                };
                if t.poll_expired(cx).is_pending() {
                    return Poll::Pending;
                }
                let limit = t.limit;
                this.finish();
                Poll::Ready(Some(Err(Interruption::IdleTimeout(limit))))
            }
        }
    }
}

/// Aborts its controller when dropped (a no-op once the fetch has finished).
struct AbortOnDrop(web_sys::AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A `setTimeout` timer as a future; dropping it clears the timer, so a pending
/// timeout never keeps a Node process alive.
pub(crate) struct Sleep {
    id: JsValue,
    fired: Option<JsFuture>,
    done: bool,
}

impl Sleep {
    pub(crate) fn new(d: Duration) -> Sleep {
        // setTimeout takes at most 2^31 - 1 ms (about 24.8 days).
        let ms = (d.as_secs_f64() * 1000.0).clamp(0.0, 2_147_483_647.0);
        let mut id = JsValue::UNDEFINED;
        let promise = Promise::new(&mut |resolve, _reject| {
            id = set_timeout(&resolve, ms);
        });
        Sleep {
            id,
            fired: Some(JsFuture::from(promise)),
            done: false,
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        match this.fired.as_mut() {
            None => Poll::Ready(()),
            Some(f) => match Pin::new(f).poll(cx) {
                Poll::Ready(_) => {
                    this.fired = None;
                    this.done = true;
                    Poll::Ready(())
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if !self.done {
            clear_timeout(&self.id);
        }
    }
}

/// A JS error as one line of text: its message, and its cause's where it has one
/// (Node's fetch hides the socket error there).
fn js_text(context: &str, e: &JsValue) -> String {
    fn describe(v: &JsValue) -> String {
        if let Some(err) = v.dyn_ref::<js_sys::Error>() {
            let name = String::from(err.name());
            let message = String::from(err.message());
            return format!("{name}: {message}");
        }
        js_string(v)
    }
    let mut text = format!("{context}: {}", describe(e));
    if let Ok(cause) = Reflect::get(e, &"cause".into()) {
        if !cause.is_undefined() && !cause.is_null() {
            text.push_str(" (");
            text.push_str(&describe(&cause));
            if let Ok(code) = Reflect::get(&cause, &"code".into()) {
                if let Some(code) = code.as_string() {
                    text.push_str(", ");
                    text.push_str(&code);
                }
            }
            text.push(')');
        }
    }
    text
}
