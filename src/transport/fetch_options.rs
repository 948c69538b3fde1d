//! The options only the WebAssembly (`fetch`) transport has, with the builder
//! method that sets them: the caller's own `fetch` function. Its rule (the call
//! goes through that function instead of the global `fetch`) is applied in
//! `transport/wasm.rs`.

use js_sys::Function;

/// Settings only the WebAssembly transport has.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlatformOptions {
    /// A `fetch`-compatible function to call instead of the global one.
    pub fetch: Option<Function>,
}

impl crate::ClientBuilder {
    /// Calls `fetch` (any function with the signature of the global `fetch`,
    /// such as undici's with a longer-lived agent) instead of the global `fetch`.
    /// Default: the global `fetch`. WebAssembly only.
    pub fn fetch_function(mut self, fetch: Function) -> Self {
        self.platform.fetch = Some(fetch);
        self
    }
}
