// Types of the `cohere-edge` package: a drop-in for `cohere-ai`'s CohereClientV2.
// Requests and results are camelCase exactly as `cohere-ai` shows them; user JSON
// (document `data`, tool `parameters`, `jsonSchema`, a source's `document` and
// `toolOutput`) keeps its keys as written. This file is self-contained.

/** A known value, or any other string so that values the API adds later still type-check. */
type Open<T extends string> = T | (string & {});

/** A value, or a function returning it (or a promise of it), read when a request is made. */
type Supplier<T> = T | (() => T | Promise<T>);

/**
 * Loads the WebAssembly module (`cohere_edge_bg.wasm`) from `source` instead of the
 * place the package's entry looks (next to it). Needed only where a bundler does not
 * copy the file (esbuild, Rollup without a plugin): call it before the first call.
 * Takes the URL the file is served from, a `Response` (or a promise of one), its
 * bytes, or a compiled `WebAssembly.Module`; once the module is loaded it does
 * nothing. Rejects with a `CohereError` when the module cannot be loaded. Without
 * it, a module that cannot be found is a `CohereError` at the first call.
 *
 * ```js
 * import { initWasm } from "cohere-edge";
 * import wasmUrl from "cohere-edge/cohere_edge_bg.wasm"; // esbuild --loader:.wasm=file
 * await initWasm(wasmUrl);
 * ```
 */
export declare function initWasm(
  source: string | URL | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module,
): Promise<void>;

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

/** The environments `cohere-ai` names. */
export declare const CohereEnvironment: {
  readonly Production: "https://api.cohere.com";
};
export type CohereEnvironment = (typeof CohereEnvironment)[keyof typeof CohereEnvironment];

/** Options of `new CohereClient(options)`; every one is optional. */
export interface CohereClientOptions {
  /**
   * The API key, or a function returning it (or a promise of it), called before each
   * request so a rotated key is picked up.
   * Default: `process.env.CO_API_KEY` (else `COHERE_API_KEY`) where a `process` exists.
   * Without a key the client throws a `CohereError`.
   */
  token?: Supplier<string | undefined>;
  /**
   * The API's base URL, or a function returning it (called once, on the first request).
   * Takes precedence over `environment`. Default: `environment`.
   */
  baseUrl?: Supplier<string>;
  /**
   * The API's base URL under `cohere-ai`'s name, e.g. `CohereEnvironment.Production`, or a
   * function returning it (called once). Default: `"https://api.cohere.com"`.
   */
  environment?: Supplier<CohereEnvironment | (string & {})>;
  /** Sent as the `X-Client-Name` header, to tell your services apart. Default: none. */
  clientName?: string;
  /**
   * How long a call may take, in seconds, retries and their waits included (for
   * `chatStream`, until the reply starts). Default: `300`.
   */
  timeoutInSeconds?: number;
  /**
   * How many times a request is retried (on 408, 409, 429, 5xx and connection failures,
   * honouring `Retry-After`; a stream only before its first event). Default: `2`.
   */
  maxRetries?: number;
  /**
   * The `fetch` the client calls, e.g. undici's with a long-lived Agent.
   * Default: `globalThis.fetch`.
   */
  fetch?: typeof fetch;
  /**
   * When the client sets `keepalive` on its fetches (browsers; ignored elsewhere):
   * `"auto"` only while the keepalive requests in flight stay within the browser's 64 KiB
   * budget, `true` on every request whose body fits in 64 KiB, `false` never.
   * Default: `"auto"`.
   */
  keepalive?: "auto" | boolean;
  /**
   * The most requests in flight at once; more wait for a free slot (at least 1).
   * Default: `6` in Cloudflare Workers (the runtime's limit), unlimited elsewhere.
   */
  maxConnections?: number;
  /**
   * Bounds the retries of all calls together, so retries do not multiply an outage: each
   * call earns `ratio` of a retry (default `0.1`, i.e. retries add at most 10 %), `minPerSecond`
   * more are earned each second (default `1`), and at most `maxSaved` are kept (default `10`;
   * a new client starts with that many). A call may always retry while no other call is
   * retrying, and a 429 that names its wait costs nothing. A call that finds the budget spent
   * rejects with the error it got, its `retryStop` set to `"budget-spent"`. `false` turns
   * the budget off. Default: on, with those numbers.
   *
   * Whatever the budget, a 429 or 503 with `Retry-After` (or `retry-after-ms`,
   * `X-RateLimit-Reset`) holds every call's next attempt until then (at most 60 s); a call
   * whose timeout comes first rejects at once with that error (`retryStop:
   * "rate-limit-window"`).
   *
   * @example new CohereClient({ token, retryBudget: { ratio: 0.2 } })
   */
  retryBudget?: false | { ratio?: number; minPerSecond?: number; maxSaved?: number };
  /** Headers sent with every request. Default: none. */
  headers?: Record<string, string>;
}

/** Options of one call; they override the client's (headers are added to the client's). */
export interface RequestOptions {
  /**
   * Aborts the request (or the stream). The call then rejects with the signal's
   * `reason`, as `fetch` does.
   */
  abortSignal?: AbortSignal;
  /** How long this request may take, in seconds. Default: the client's `timeoutInSeconds`. */
  timeoutInSeconds?: number;
  /** How many times this request is retried. Default: the client's `maxRetries`. */
  maxRetries?: number;
  /** Extra headers for this request; `undefined` values are left out. */
  headers?: Record<string, string | undefined>;
}

/** What a client has done so far, from `client.stats()`. */
export interface ClientStats {
  /** Requests sent, retries included. */
  requests: number;
  /** Retries among them. */
  retries: number;
  /** Requests sent with `keepalive: true`. */
  keepaliveRequests: number;
  /** Retries not made because the retry budget was spent. */
  retriesSkipped: number;
  /** Milliseconds calls spent waiting for a rate-limit window, summed over calls. */
  rateLimitWaitMs: number;
}

/**
 * A Cohere v2 API client (chat, streaming chat, embed, rerank) running in WebAssembly.
 *
 * @example
 * const cohere = new CohereClient({ token: "..." });
 * const reply = await cohere.chat({ model: "command-a-03-2025", messages: [{ role: "user", content: "Hi" }] });
 *
 * Failed calls reject with a `CohereError` subclass (by HTTP status), a `CohereTimeoutError`,
 * or an abort signal's reason.
 */
export declare class CohereClient {
  /** Options are checked here where they can be (a wrong type throws a `CohereError`). */
  constructor(options?: CohereClientOptions);
  /** `POST /v2/chat`: the whole reply. */
  chat(request: ChatRequest, requestOptions?: RequestOptions): Promise<ChatResponse>;
  /**
   * `POST /v2/chat` streamed: resolves once the reply starts, to a `ChatStream` of events
   * (`for await (const event of stream)`).
   */
  chatStream(request: ChatStreamRequest, requestOptions?: RequestOptions): Promise<ChatStream>;
  /** `POST /v2/embed`: embeddings of texts, images or mixed inputs. */
  embed(request: EmbedRequest, requestOptions?: RequestOptions): Promise<EmbedResponse>;
  /** `POST /v2/rerank`: documents ordered by relevance to a query. */
  rerank(request: RerankRequest, requestOptions?: RequestOptions): Promise<RerankResponse>;
  /** Counters of what this client has done (all 0 before its first request). */
  /**
   * Opens a connection to the API before the first call, so that call costs one
   * round trip. Sends `GET /v1/models?page_size=1` (no tokens spent) and reads the
   * answer whatever its status; in Cloudflare Workers it does nothing. Rejects only
   * when the API cannot be reached.
   */
  warm(): Promise<void>;
  stats(): ClientStats;
}

/** `cohere-ai`'s name for the same client. */
export { CohereClient as CohereClientV2 };

/**
 * A streamed chat reply, from `client.chatStream()`. Iterate it once with `for await`;
 * leaving the loop early, or `abort()`, aborts the fetch. A stream cut before
 * `message-end` throws a `CohereError` after the events that did arrive. An error
 * the server reports inside the stream (`message-end` with `delta.error` /
 * `delta.errorType`, finish reason `ERROR`) is that last event: the iteration
 * yields it and ends normally, as with `cohere-ai`.
 */
export declare class ChatStream implements AsyncIterable<StreamedChatResponse> {
  private constructor();
  [Symbol.asyncIterator](): AsyncIterator<StreamedChatResponse>;
  /** Stops the stream now and aborts its fetch; iteration then ends quietly. */
  abort(): void;
  /**
   * The events as newline-delimited JSON (one camelCase event per line), e.g. for
   * `new Response(stream.toReadableStream())`. Cancelling it aborts the fetch.
   */
  toReadableStream(): ReadableStream<Uint8Array>;
}

// ---------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------

/** Billed units of a call (which fields appear depends on the endpoint). */
export interface BilledUnits {
  inputTokens?: number;
  outputTokens?: number;
  imageTokens?: number;
  images?: number;
  searchUnits?: number;
  classifications?: number;
  pages?: number;
}

/** Token usage of a chat reply. */
export interface Usage {
  billedUnits?: BilledUnits;
  /** Tokens the model read and wrote; `imageTokens` for the images in the prompt. */
  tokens?: { inputTokens?: number; outputTokens?: number; imageTokens?: number };
  cachedTokens?: number;
}

/** Metadata of an embed or rerank reply. */
export interface ApiMeta {
  apiVersion?: { version: string; isDeprecated?: boolean; isExperimental?: boolean };
  billedUnits?: BilledUnits;
  tokens?: { inputTokens?: number; outputTokens?: number; imageTokens?: number };
  cachedTokens?: number;
  warnings?: string[];
}

/** Log probabilities of generated tokens (with `logprobs: true`). */
export interface LogprobItem {
  /** The text of the tokens. */
  text?: string;
  tokenIds: number[];
  logprobs?: number[];
}

// ---------------------------------------------------------------------------
// Chat: request
// ---------------------------------------------------------------------------

/** A text part of a message. */
export interface TextContent {
  type: "text";
  text: string;
}

/** An image part of a user message (vision models). */
export interface ImageContent {
  type: "image_url";
  imageUrl: {
    /** An `https:` URL or a `data:` URI. */
    url: string;
    /** Default: `"auto"`. */
    detail?: Open<"auto" | "low" | "high">;
  };
}

/** A reasoning part of an assistant message (models with `thinking`). */
export interface ThinkingContent {
  type: "thinking";
  thinking: string;
}

/** A document part of a tool result. */
export interface DocumentContent {
  type: "document";
  document: ChatDocument;
}

/** A document to ground a reply on; `data` is your JSON, sent as written. */
export interface ChatDocument {
  /** Cited as the source's `id`; default: assigned by the API. */
  id?: string;
  data: Record<string, unknown>;
}

/** A message from the user. */
export interface UserMessage {
  role: "user";
  content: string | Array<TextContent | ImageContent>;
}

/** A message from the model (a previous turn, maybe with tool calls). */
export interface AssistantMessage {
  role: "assistant";
  content?: string | Array<TextContent | ThinkingContent>;
  toolPlan?: string;
  toolCalls?: ToolCall[];
  citations?: Citation[];
}

/** Instructions for the model. */
export interface SystemMessage {
  role: "system";
  content: string | TextContent[];
}

/** The result of a tool call. */
export interface ToolMessage {
  role: "tool";
  /** The `id` of the `ToolCall` this answers. */
  toolCallId: string;
  content: string | Array<TextContent | DocumentContent>;
}

/** One message of a conversation, discriminated by `role`. */
export type ChatMessage = UserMessage | AssistantMessage | SystemMessage | ToolMessage;

/** A function the model may call. */
export interface Tool {
  type: "function";
  function: {
    name: string;
    description?: string;
    /** A JSON Schema of the arguments, sent as written. */
    parameters: Record<string, unknown>;
  };
}

/** A call of a tool by the model. */
export interface ToolCall {
  id: string;
  type: "function";
  function?: {
    name?: string;
    /** The arguments as a JSON string. */
    arguments?: string;
  };
}

/** `text` (the default), or JSON, optionally constrained by a JSON Schema. */
export type ResponseFormat =
  | { type: "text" }
  | {
      type: "json_object";
      /** A JSON Schema the reply must follow, sent as written. */
      jsonSchema?: Record<string, unknown>;
    };

/** Reasoning before the reply (models that support it). */
export interface Thinking {
  type: Open<"enabled" | "disabled">;
  /** The most tokens spent thinking. */
  tokenBudget?: number;
}

/** The body of `client.chat()`. */
export interface ChatRequest {
  /** e.g. `"command-a-03-2025"`. */
  model: string;
  messages: ChatMessage[];
  /** Functions the model may call; it answers with `toolCalls`. */
  tools?: Tool[];
  /** Whether tool calls must follow each tool's `parameters` schema exactly. */
  strictTools?: boolean;
  /** Documents to ground the reply on (strings or `{ id?, data }`). */
  documents?: Array<string | ChatDocument>;
  citationOptions?: { mode?: Open<"ENABLED" | "DISABLED" | "FAST" | "ACCURATE" | "OFF"> };
  responseFormat?: ResponseFormat;
  /** Default: `"CONTEXTUAL"`. */
  safetyMode?: Open<"CONTEXTUAL" | "STRICT" | "OFF">;
  maxTokens?: number;
  /** Up to 5 strings that end the reply. */
  stopSequences?: string[];
  /** Default: `0.3`. */
  temperature?: number;
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** Top-k sampling; `0` turns it off. */
  k?: number;
  /** Top-p (nucleus) sampling. Default: `0.75`. */
  p?: number;
  /** Return the log probabilities of the generated tokens. */
  logprobs?: boolean;
  /** Force (`REQUIRED`) or forbid (`NONE`) tool calls. */
  toolChoice?: Open<"REQUIRED" | "NONE">;
  thinking?: Thinking;
  /** Lower is handled earlier under load. Default: `0`. */
  priority?: number;
}

/** The body of `client.chatStream()`: the same fields as `ChatRequest`. */
export type ChatStreamRequest = ChatRequest;

// ---------------------------------------------------------------------------
// Chat: reply
// ---------------------------------------------------------------------------

/** Why the model stopped. */
export type ChatFinishReason = Open<
  "COMPLETE" | "STOP_SEQUENCE" | "MAX_TOKENS" | "TOOL_CALL" | "ERROR" | "TIMEOUT"
>;

/** Where a citation comes from, discriminated by `type`. */
export type Source =
  | {
      type: "tool";
      id?: string;
      /** The tool's output, as the tool returned it. */
      toolOutput?: Record<string, unknown>;
    }
  | {
      type: "document";
      id?: string;
      /** The document, as you sent it (with its `id`). */
      document?: Record<string, unknown>;
    };

/** A span of the reply backed by sources. */
export interface Citation {
  /** Start offset of the span, in characters of the content part. */
  start?: number;
  /** End offset (exclusive). */
  end?: number;
  text?: string;
  sources?: Source[];
  /** Which content part the offsets are in. */
  contentIndex?: number;
  type?: Open<"TEXT_CONTENT" | "THINKING_CONTENT" | "PLAN">;
}

/** The model's message in a `ChatResponse`. */
export interface AssistantMessageResponse {
  role: "assistant";
  content?: Array<TextContent | ThinkingContent>;
  toolPlan?: string;
  toolCalls?: ToolCall[];
  citations?: Citation[];
}

/** The result of `client.chat()`. */
export interface ChatResponse {
  id: string;
  finishReason: ChatFinishReason;
  message: AssistantMessageResponse;
  usage?: Usage;
  logprobs?: LogprobItem[];
}

// ---------------------------------------------------------------------------
// Chat: stream events
// ---------------------------------------------------------------------------

/** The reply starts. */
export interface MessageStartEvent {
  type: "message-start";
  /** The reply's id. */
  id?: string;
  /** The reply's fields, sent empty here (`content: []`, `toolPlan: ""`, …). */
  delta?: {
    message?: {
      role?: "assistant";
      content?: Array<TextContent | ThinkingContent>;
      toolPlan?: string;
      toolCalls?: ToolCall[];
      citations?: Citation[];
    };
  };
}

/** A content part starts (text, or thinking). */
export interface ContentStartEvent {
  type: "content-start";
  index?: number;
  delta?: {
    message?: { content?: { type?: Open<"text" | "thinking">; text?: string; thinking?: string } };
  };
}

/** More text (or thinking) of content part `index`. */
export interface ContentDeltaEvent {
  type: "content-delta";
  index?: number;
  delta?: { message?: { content?: { text?: string; thinking?: string } } };
  logprobs?: LogprobItem;
}

/** Content part `index` ends. */
export interface ContentEndEvent {
  type: "content-end";
  index?: number;
}

/** More of the tool plan. */
export interface ToolPlanDeltaEvent {
  type: "tool-plan-delta";
  delta?: { message?: { toolPlan?: string } };
}

/** Tool call `index` starts, with its id and name. */
export interface ToolCallStartEvent {
  type: "tool-call-start";
  index?: number;
  delta?: { message?: { toolCalls?: ToolCall } };
}

/** More of tool call `index`'s JSON arguments. */
export interface ToolCallDeltaEvent {
  type: "tool-call-delta";
  index?: number;
  delta?: { message?: { toolCalls?: { function?: { arguments?: string } } } };
}

/** Tool call `index` ends. */
export interface ToolCallEndEvent {
  type: "tool-call-end";
  index?: number;
}

/** Citation `index` starts. */
export interface CitationStartEvent {
  type: "citation-start";
  index?: number;
  delta?: { message?: { citations?: Citation } };
}

/** Citation `index` ends. */
export interface CitationEndEvent {
  type: "citation-end";
  index?: number;
}

/**
 * The reply ends: why, and the usage. When generation failed inside the stream,
 * `finishReason` is `"ERROR"` and `error` / `errorType` say what went wrong.
 */
export interface MessageEndEvent {
  type: "message-end";
  id?: string;
  delta?: {
    error?: string;
    errorType?: string;
    finishReason?: ChatFinishReason;
    usage?: Usage;
  };
}

/** Debug information (the rendered prompt), where the API sends it. */
export interface DebugEvent {
  type: "debug";
  prompt?: string;
}

/** One event of a `ChatStream`, discriminated by `type`. */
export type StreamedChatResponse =
  | MessageStartEvent
  | ContentStartEvent
  | ContentDeltaEvent
  | ContentEndEvent
  | ToolPlanDeltaEvent
  | ToolCallStartEvent
  | ToolCallDeltaEvent
  | ToolCallEndEvent
  | CitationStartEvent
  | CitationEndEvent
  | MessageEndEvent
  | DebugEvent;

// ---------------------------------------------------------------------------
// Embed
// ---------------------------------------------------------------------------

/** What the embeddings are for. */
export type EmbedInputType = Open<
  "search_document" | "search_query" | "classification" | "clustering" | "image"
>;

/** A number format of the embeddings. */
export type EmbeddingType = Open<"float" | "int8" | "uint8" | "binary" | "ubinary" | "base64">;

/** One input mixing text and images, embedded as one. */
export interface EmbedInput {
  content: Array<
    | { type: "text"; text?: string }
    | { type: "image_url"; imageUrl?: { url: string } }
  >;
}

/** The body of `client.embed()`: one of `texts`, `images` or `inputs`. */
export interface EmbedRequest {
  /** e.g. `"embed-v4.0"`. */
  model: string;
  inputType: EmbedInputType;
  /** Up to 96 texts. */
  texts?: string[];
  /** Images as `data:` URIs. */
  images?: string[];
  /** Up to 96 mixed inputs. */
  inputs?: EmbedInput[];
  /** Which formats to return. Default: `["float"]`. */
  embeddingTypes?: EmbeddingType[];
  /** How inputs over `maxTokens` are cut. Default: `"END"`. */
  truncate?: Open<"NONE" | "START" | "END">;
  /** The length of each embedding (embed-v4.0 and newer). */
  outputDimension?: number;
  /** The most tokens embedded per input. */
  maxTokens?: number;
  /** Lower is handled earlier under load. Default: `0`. */
  priority?: number;
}

/** The result of `client.embed()`: one array of embeddings per requested type. */
export interface EmbedResponse {
  /** `"embeddings_by_type"` where the API says. */
  responseType?: Open<"embeddings_floats" | "embeddings_by_type">;
  id: string;
  embeddings: {
    float?: number[][];
    int8?: number[][];
    uint8?: number[][];
    binary?: number[][];
    ubinary?: number[][];
    base64?: string[];
  };
  /** The texts embedded. */
  texts?: string[];
  /** The images embedded. */
  images?: Array<{ width: number; height: number; format: string; bitDepth: number }>;
  meta?: ApiMeta;
}

// ---------------------------------------------------------------------------
// Rerank
// ---------------------------------------------------------------------------

/** The body of `client.rerank()`. */
export interface RerankRequest {
  /** e.g. `"rerank-v3.5"`. */
  model: string;
  query: string;
  /** Up to 1000 documents. */
  documents: string[];
  /** How many results to return. Default: all. */
  topN?: number;
  /** Documents are cut to this many tokens. Default: `4096`. */
  maxTokensPerDoc?: number;
  /** Lower is handled earlier under load. Default: `0`. */
  priority?: number;
}

/** One ranked document. */
export interface RerankResult {
  /** The document's index in the request's `documents`. */
  index: number;
  /** In `[0, 1]`; higher is more relevant. */
  relevanceScore: number;
}

/** The result of `client.rerank()`: the most relevant documents first. */
export interface RerankResponse {
  id?: string;
  results: RerankResult[];
  meta?: ApiMeta;
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** An API error (any status), or a failure with no response (network, decoding, options). */
export declare class CohereError extends Error {
  /** The HTTP status, where there was a response. */
  readonly statusCode?: number;
  /** The response body: parsed JSON, else the text. */
  readonly body?: unknown;
  /** The response's `x-request-id` (else `x-debug-trace-id`) header, for support. */
  readonly requestId?: string;
  /**
   * Set when this retryable error came back although retries were left: `"budget-spent"`
   * (the client's retry budget was spent) or `"rate-limit-window"` (the call was not sent:
   * a rate-limit window another call heard outlasts its timeout).
   */
  readonly retryStop?: "budget-spent" | "rate-limit-window";
  constructor(opts?: { message?: string; statusCode?: number; body?: unknown; requestId?: string });
}

/**
 * The call (retries included) took longer than `timeoutInSeconds`, or a stream went
 * silent for too long.
 */
export declare class CohereTimeoutError extends Error {
  constructor(message?: string);
}

/** 400. */
export declare class BadRequestError extends CohereError {
  readonly statusCode: 400;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 401: a missing or wrong API key. */
export declare class UnauthorizedError extends CohereError {
  readonly statusCode: 401;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 403. */
export declare class ForbiddenError extends CohereError {
  readonly statusCode: 403;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 404: e.g. an unknown model. */
export declare class NotFoundError extends CohereError {
  readonly statusCode: 404;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 422. */
export declare class UnprocessableEntityError extends CohereError {
  readonly statusCode: 422;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 429: rate limited (after the retries). */
export declare class TooManyRequestsError extends CohereError {
  readonly statusCode: 429;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 498: an invalid token. */
export declare class InvalidTokenError extends CohereError {
  readonly statusCode: 498;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 499: the request was closed. */
export declare class ClientClosedRequestError extends CohereError {
  readonly statusCode: 499;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 500. */
export declare class InternalServerError extends CohereError {
  readonly statusCode: 500;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 501. */
export declare class NotImplementedError extends CohereError {
  readonly statusCode: 501;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 503. */
export declare class ServiceUnavailableError extends CohereError {
  readonly statusCode: 503;
  constructor(body?: unknown, message?: string, requestId?: string);
}
/** 504. */
export declare class GatewayTimeoutError extends CohereError {
  readonly statusCode: 504;
  constructor(body?: unknown, message?: string, requestId?: string);
}
