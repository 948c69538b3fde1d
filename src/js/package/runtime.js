// Loading the WebAssembly module: each entry (node.js, workerd.js, browser.js)
// starts it the way its platform loads wasm, and client.js waits for it.

let ready = null;
let loaded = false;

/** Called once by the entry with a function that instantiates the module,
 * synchronously (Node, workerd) or returning a promise (browsers). */
export function load(instantiate) {
  if (ready) return;
  const r = instantiate();
  if (r && typeof r.then === "function") {
    ready = r.then(() => {
      loaded = true;
    });
  } else {
    loaded = true;
    ready = Promise.resolve();
  }
}

export const isLoaded = () => loaded;
export const whenLoaded = () => ready ?? Promise.reject(new Error("cohere-edge: no entry loaded the WebAssembly module"));
