// The chat page: settings, a multi-turn conversation whose replies stream in token
// by token, Stop, readable errors, and per-request timing. Everything goes through
// the cohere-edge npm package (its browser entry, mapped by the page's import map).

import { CohereClient } from "cohere-edge";
import { bindSettings, serverDefaults } from "./settings.js";
import { describeError, isStopped } from "./friendly.js";
import { addLatencyRow, connectionOf, replySummary, startTiming } from "./latency.js";

const $ = (id) => document.getElementById(id);
const ui = {
  mode: $("mode"),
  conversation: $("conversation"),
  status: $("status"),
  composer: $("composer"),
  message: $("message"),
  send: $("send"),
  stop: $("stop"),
  clear: $("clear"),
  latency: $("latency").tBodies[0],
};

const defaults = await serverDefaults();
let client; // rebuilt when a setting changes
const settings = bindSettings(
  { apiKey: $("api-key"), baseUrl: $("base-url"), model: $("model") },
  defaults,
  () => (client = undefined),
);
const simulated = defaults.rttMs ? ` (with a simulated ${defaults.rttMs} ms round trip)` : "";
ui.mode.textContent = defaults.mock
  ? `Local mode: this page talks to cohere-mock at ${defaults.baseUrl}${simulated}. No API key is needed.`
  : "Your API key stays in this tab and is sent only to the Base URL.";

/** The conversation as the API sees it: user and assistant turns, in order. */
let history = [];
let requests = 0;
let inFlight; // the AbortController of the reply being streamed

function clientFor({ apiKey, baseUrl }) {
  // With the local mock any key works; elsewhere an empty key is the user's to fix.
  client ??= new CohereClient({ token: apiKey || "local-mock", baseUrl, maxRetries: 2 });
  return client;
}

function addTurn(role, text) {
  const item = document.createElement("li");
  item.className = `turn ${role}`;
  item.dataset.role = role;
  const who = document.createElement("div");
  who.className = "who";
  who.textContent = role === "user" ? "You" : "Cohere";
  const body = document.createElement("div");
  body.className = "text";
  body.textContent = text;
  const meta = document.createElement("div");
  meta.className = "meta";
  item.append(who, body, meta);
  ui.conversation.append(item);
  item.scrollIntoView({ block: "end" });
  return { item, body, meta };
}

function setBusy(busy) {
  ui.send.disabled = busy;
  ui.stop.disabled = !busy;
}

async function send(text) {
  const current = settings();
  if (!current.apiKey && !defaults.mock) {
    ui.status.textContent = "Enter your API key in Settings first.";
    $("settings-panel").open = true;
    $("api-key").focus();
    return;
  }
  ui.status.textContent = "";
  history.push({ role: "user", content: text });
  const asked = addTurn("user", text);
  const reply = addTurn("assistant", "");
  reply.item.dataset.state = "waiting";

  const controller = new AbortController();
  inFlight = controller;
  setBusy(true);
  const number = ++requests;
  const timing = startTiming();
  const cohere = clientFor(current);
  const retriesBefore = cohere.stats().retries;
  const retries = () => cohere.stats().retries - retriesBefore;
  // The client retries rate limits and server errors itself; say so while it waits.
  const watch = setInterval(() => {
    if (retries() > 0 && !timing.marks.started) {
      ui.status.textContent = `No answer yet: retrying (${retries()})…`;
    }
  }, 200);

  let answer = "";
  let tokens;
  let outcome = "complete";
  try {
    const stream = await cohere.chatStream(
      { model: current.model, messages: history.slice() },
      { abortSignal: controller.signal },
    );
    timing.started();
    ui.status.textContent = "";
    reply.item.dataset.state = "streaming";
    for await (const event of stream) {
      if (event.type === "content-delta") {
        const piece = event.delta?.message?.content?.text;
        if (piece) {
          timing.token();
          answer += piece;
          reply.body.textContent = answer;
        }
      } else if (event.type === "message-end") {
        const usage = event.delta?.usage;
        tokens = usage?.billedUnits?.outputTokens ?? usage?.tokens?.outputTokens;
      }
    }
    timing.done();
    reply.item.dataset.state = "done";
  } catch (e) {
    timing.done();
    const { title, detail } = describeError(e, { baseUrl: current.baseUrl, retries: retries() });
    const stopped = isStopped(e);
    outcome = stopped ? "stopped" : title;
    reply.item.dataset.state = stopped ? "stopped" : "error";
    const note = document.createElement("p");
    note.className = stopped ? "stopped" : "error";
    if (!stopped) note.setAttribute("role", "alert");
    note.textContent = detail ? `${title} ${detail}` : title;
    reply.item.append(note);
  } finally {
    clearInterval(watch);
    inFlight = undefined;
    setBusy(false);
    ui.status.textContent = "";
  }

  if (answer) {
    history.push({ role: "assistant", content: answer });
  } else {
    // Nothing came back: take the question out of the history so that sending it
    // again does not leave two user turns in a row.
    history.pop();
    asked.item.classList.add("unanswered");
    if (reply.item.dataset.state === "done") reply.body.textContent = "(empty reply)";
  }
  reply.meta.textContent = replySummary(timing.marks, tokens);
  // Resource Timing records the fetch once it has ended; read it on the next task.
  await new Promise((r) => setTimeout(r, 0));
  addLatencyRow(ui.latency, number, timing.marks, connectionOf(current.baseUrl), outcome);
}

ui.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = ui.message.value.trim();
  if (!text || inFlight) return;
  ui.message.value = "";
  send(text);
});
ui.message.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.stop.addEventListener("click", () => inFlight?.abort());
ui.clear.addEventListener("click", () => {
  inFlight?.abort();
  history = [];
  ui.conversation.replaceChildren();
  ui.status.textContent = "";
});
document.body.dataset.ready = "true";
