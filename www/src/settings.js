// The three settings, kept in this tab's sessionStorage (never localStorage, never
// the URL): they survive a reload, not the tab. `config.json`, when the server that
// serves the page provides one (www/serve.mjs does, pointing at its cohere-mock),
// supplies defaults.

const KEYS = { apiKey: "cohere-edge.apiKey", baseUrl: "cohere-edge.baseUrl", model: "cohere-edge.model" };
export const DEFAULT_BASE_URL = "https://api.cohere.com";
export const DEFAULT_MODEL = "command-a-03-2025";

/** The server's defaults: `{ baseUrl?, model?, mock? }`, or {} when there are none. */
export async function serverDefaults() {
  try {
    const res = await fetch("./config.json", { cache: "no-store" });
    if (!res.ok) return {};
    const config = await res.json();
    return config && typeof config === "object" ? config : {};
  } catch {
    return {};
  }
}

/** Binds the three inputs to sessionStorage; returns a reader of the current values. */
export function bindSettings({ apiKey, baseUrl, model }, defaults, onChange) {
  const fields = { apiKey, baseUrl, model };
  for (const [name, input] of Object.entries(fields)) {
    const stored = sessionStorage.getItem(KEYS[name]);
    if (stored !== null) input.value = stored;
    else if (name !== "apiKey" && defaults[name]) input.value = defaults[name];
    input.addEventListener("input", () => {
      sessionStorage.setItem(KEYS[name], input.value);
      onChange();
    });
  }
  return () => ({
    apiKey: apiKey.value.trim(),
    baseUrl: baseUrl.value.trim() || DEFAULT_BASE_URL,
    model: model.value.trim() || DEFAULT_MODEL,
  });
}
