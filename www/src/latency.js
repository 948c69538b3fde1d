// Timing of each reply, and the session's table of request latency by request
// number. "Reply started" is the time until the response headers arrived (when
// chatStream resolves): the first request also pays for opening the connection.
// The Connection column comes from Resource Timing, which the browser only
// details when the server sends `Timing-Allow-Origin` (cohere-mock does).

/** Starts timing one request; call `started()`, `token()` and `done()` as it goes. */
export function startTiming() {
  const t0 = performance.now();
  const marks = { started: undefined, firstToken: undefined, total: undefined };
  const since = () => Math.round(performance.now() - t0);
  return {
    marks,
    started() {
      marks.started ??= since();
    },
    token() {
      marks.firstToken ??= since();
    },
    done() {
      marks.total ??= since();
    },
  };
}

const origins = new Set(); // origins this page has already sent a chat to

/** Whether the newest chat request to `baseUrl` opened a new connection, from its
 * Resource Timing entry; undefined when the browser does not say. A cross-origin
 * request with an API key is preceded by a CORS preflight, which opens the
 * connection that the request itself then reuses: so a page's first request to an
 * origin counts as new even when its own entry shows no connect time. */
export function connectionOf(baseUrl) {
  const url = `${baseUrl.replace(/\/+$/, "")}/v2/chat`;
  const entries = performance.getEntriesByType("resource").filter((e) => e.name === url);
  const entry = entries[entries.length - 1];
  if (!entry || entry.connectEnd === 0) return undefined; // no Timing-Allow-Origin
  const origin = new URL(url).origin;
  const first = !origins.has(origin);
  origins.add(origin);
  const connectMs = entry.connectEnd - entry.connectStart;
  if (connectMs > 0) return `new (${connectMs.toFixed(1)} ms to connect)`;
  return first ? "new (opened for the CORS preflight)" : "reused";
}

/** Appends a row to the latency table. */
export function addLatencyRow(tbody, number, marks, connection, outcome) {
  const row = document.createElement("tr");
  const cells = [
    number,
    marks.started ?? "—",
    marks.firstToken ?? "—",
    marks.total ?? "—",
    connection ?? "—",
    outcome,
  ];
  for (const value of cells) {
    const cell = document.createElement("td");
    cell.textContent = String(value);
    row.append(cell);
  }
  tbody.append(row);
}

/** One line under a reply: "first token 35 ms · total 420 ms · 24 tokens". */
export function replySummary(marks, outputTokens) {
  const parts = [];
  if (marks.firstToken !== undefined) parts.push(`first token ${marks.firstToken} ms`);
  if (marks.total !== undefined) parts.push(`total ${marks.total} ms`);
  if (outputTokens !== undefined) parts.push(`${outputTokens} tokens`);
  return parts.join(" · ");
}
