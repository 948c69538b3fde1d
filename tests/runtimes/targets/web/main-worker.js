// A page that runs the scenario in a module Web Worker (Vite bundles the worker).
const config = JSON.parse(new URLSearchParams(location.search).get("config"));
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
window.__results = new Promise((resolve, reject) => {
  worker.onmessage = (e) => resolve(e.data);
  worker.onerror = (e) => reject(new Error(`worker: ${e.message}`));
});
worker.postMessage(config);
