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
   * request so a rotated key is picked up. `""` sends no `Authorization` header (for a
   * proxy that adds its own).
   * Default: `CO_API_KEY` (else `COHERE_API_KEY`), read on every call where an
   * environment exists and may be read. Without a key, calls reject with a `CohereError`
   * (the constructor does not throw).
   */
  token?: Supplier<string | undefined>;
  /**
   * The API's base URL, or a function returning it (called on every request). A relative
   * URL (`"/api/cohere"`) resolves against the page's `location`; where there is none,
   * calls reject with a `CohereError`. Takes precedence over `environment`.
   * Default: `environment`.
   */
  baseUrl?: Supplier<string>;
  /**
   * The API's base URL under `cohere-ai`'s name, e.g. `CohereEnvironment.Production`, or a
   * function returning it (called on every request). Default: `"https://api.cohere.com"`.
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
  /**
   * Headers sent with every request: a string, a function returning one (sync or
   * async, called per request), or `null`/`undefined` to leave it out. Default: none.
   */
  headers?: Record<string, Supplier<string | null | undefined> | null | undefined>;
}

/** Options of one call; they override the client's (headers are added to the client's). */
export interface RequestOptions {
  /**
   * Aborts the request (or the stream). Before the response, the call rejects with a
   * `CohereError` ("The user aborted a request") whose `cause` is the signal's `reason`;
   * mid-stream, iteration rejects with the `reason` itself.
   */
  abortSignal?: AbortSignal;
  /** How long this request may take, in seconds. Default: the client's `timeoutInSeconds`. */
  timeoutInSeconds?: number;
  /** How many times this request is retried. Default: the client's `maxRetries`. */
  maxRetries?: number;
  /**
   * Extra headers for this request (functions are called now); `null` removes a client
   * header, `undefined` is left out.
   */
  headers?: Record<string, Supplier<string | null | undefined> | null | undefined>;
  /** This request's `X-Client-Name`. Default: the client's `clientName`. */
  clientName?: string;
  /** Query parameters added to this request's URL. */
  queryParams?: Record<string, string | number | boolean | Array<string | number | boolean> | null | undefined>;
}

/** What `fetch` returned for a call: cohere-ai's `rawResponse`. */
export interface RawResponse {
  readonly headers: Headers;
  readonly redirected: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly type: string;
  readonly url: string;
}

/** A result with its raw response, from `.withRawResponse()`. */
export interface WithRawResponse<T> {
  data: T;
  rawResponse: RawResponse;
}

/**
 * What every call returns: a promise of the result that also offers
 * `.withRawResponse()` (status, headers such as `x-request-id` and rate limits).
 *
 * @example
 * const { data, rawResponse } = await cohere.chat(request).withRawResponse();
 */
export declare class HttpResponsePromise<T> extends Promise<T> {
  private constructor();
  withRawResponse(): Promise<WithRawResponse<T>>;
}

/** Any JSON object (requests and results of the management endpoints, in camelCase). */
export interface JsonObject {
  [key: string]: unknown;
}

/** `tokenize`'s request. */
export interface TokenizeRequest {
  text: string;
  model: string;
}
/** `tokenize`'s result. */
export interface TokenizeResponse {
  tokens: number[];
  tokenStrings: string[];
  meta?: ApiMeta;
}
/** `detokenize`'s request. */
export interface DetokenizeRequest {
  tokens: number[];
  model: string;
}
/** `detokenize`'s result. */
export interface DetokenizeResponse {
  text: string;
  meta?: ApiMeta;
}
/** `checkApiKey`'s result. */
export interface CheckApiKeyResponse {
  valid: boolean;
  organizationId?: string;
  ownerId?: string;
}
/** A model, from `models.get` and `models.list`. */
export interface GetModelResponse {
  name?: string;
  endpoints?: string[];
  finetuned?: boolean;
  contextLength?: number;
  tokenizerUrl?: string;
  defaultEndpoints?: string[];
  [key: string]: unknown;
}
/** A page of `models.list`. */
export interface ListModelsResponse {
  models: GetModelResponse[];
  nextPageToken?: string;
}
/** `models.list`'s query. */
export interface ModelsListRequest {
  pageSize?: number;
  pageToken?: string;
  endpoint?: string;
  defaultOnly?: boolean;
}

type Call<T> = HttpResponsePromise<T>;
type Json = JsonObject;

/** The V2 client's resource groups (JSON endpoints over the same transport). */
export interface ModelsClient {
  get(model: string, requestOptions?: RequestOptions): Call<GetModelResponse>;
  list(request?: ModelsListRequest, requestOptions?: RequestOptions): Call<ListModelsResponse>;
}
export interface EmbedJobsClient {
  list(requestOptions?: RequestOptions): Call<Json>;
  create(request: Json, requestOptions?: RequestOptions): Call<Json>;
  get(id: string, requestOptions?: RequestOptions): Call<Json>;
  cancel(id: string, requestOptions?: RequestOptions): Call<Json>;
}
export interface DatasetsClient {
  list(request?: Json, requestOptions?: RequestOptions): Call<Json>;
  /** Not supported (a multipart upload): rejects with a `CohereError`. */
  create(...args: unknown[]): Call<never>;
  getUsage(requestOptions?: RequestOptions): Call<Json>;
  get(id: string, requestOptions?: RequestOptions): Call<Json>;
  delete(id: string, requestOptions?: RequestOptions): Call<Json>;
}
export interface ConnectorsClient {
  list(request?: Json, requestOptions?: RequestOptions): Call<Json>;
  create(request: Json, requestOptions?: RequestOptions): Call<Json>;
  get(id: string, requestOptions?: RequestOptions): Call<Json>;
  delete(id: string, requestOptions?: RequestOptions): Call<Json>;
  update(id: string, request?: Json, requestOptions?: RequestOptions): Call<Json>;
  oAuthAuthorize(id: string, request?: { afterTokenRedirect?: string }, requestOptions?: RequestOptions): Call<Json>;
}
export interface FinetuningClient {
  listFinetunedModels(request?: Json, requestOptions?: RequestOptions): Call<Json>;
  createFinetunedModel(request: Json, requestOptions?: RequestOptions): Call<Json>;
  getFinetunedModel(id: string, requestOptions?: RequestOptions): Call<Json>;
  deleteFinetunedModel(id: string, requestOptions?: RequestOptions): Call<Json>;
  updateFinetunedModel(id: string, request: Json, requestOptions?: RequestOptions): Call<Json>;
  listEvents(finetunedModelId: string, request?: Json, requestOptions?: RequestOptions): Call<Json>;
  listTrainingStepMetrics(finetunedModelId: string, request?: Json, requestOptions?: RequestOptions): Call<Json>;
}
export interface BatchesClient {
  list(request?: Json, requestOptions?: RequestOptions): Call<Json>;
  create(request: Json, requestOptions?: RequestOptions): Call<Json>;
  retrieve(id: string, requestOptions?: RequestOptions): Call<Json>;
  cancel(id: string, requestOptions?: RequestOptions): Call<Json>;
}
export interface AudioClient {
  transcriptions: {
    /** Not supported (a multipart upload): rejects with a `CohereError`. */
    create(...args: unknown[]): Call<never>;
  };
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
 * A Cohere v2 API client running in WebAssembly: cohere-ai's `CohereClientV2`.
 *
 * @example
 * const cohere = new CohereClientV2({ token: "..." });
 * const reply = await cohere.chat({ model: "command-a-03-2025", messages: [{ role: "user", content: "Hi" }] });
 *
 * Failed calls reject with a `CohereError` subclass (by HTTP status), a `CohereTimeoutError`,
 * or (mid-stream) an abort signal's reason.
 */
export declare class CohereClientV2 {
  /** Options are checked here where they can be (a wrong type throws a `CohereError`); a
   * missing key is not (the first call rejects). */
  constructor(options?: CohereClientOptions);
  /** `POST /v2/chat`: the whole reply. */
  chat(request: ChatRequest, requestOptions?: RequestOptions): HttpResponsePromise<ChatResponse>;
  /**
   * `POST /v2/chat` streamed: resolves once the reply starts, to a `ChatStream` of events
   * (`for await (const event of stream)`).
   */
  chatStream(request: ChatStreamRequest, requestOptions?: RequestOptions): HttpResponsePromise<ChatStream>;
  /** `POST /v2/embed`: embeddings of texts, images or mixed inputs. */
  embed(request: EmbedRequest, requestOptions?: RequestOptions): HttpResponsePromise<EmbedResponse>;
  /** `POST /v2/rerank`: documents ordered by relevance to a query. */
  rerank(request: RerankRequest, requestOptions?: RequestOptions): HttpResponsePromise<RerankResponse>;
  /** `POST /v1/classify`. */
  classify(request: JsonObject, requestOptions?: RequestOptions): HttpResponsePromise<JsonObject>;
  /** `POST /v1/tokenize`. */
  tokenize(request: TokenizeRequest, requestOptions?: RequestOptions): HttpResponsePromise<TokenizeResponse>;
  /** `POST /v1/detokenize`. */
  detokenize(request: DetokenizeRequest, requestOptions?: RequestOptions): HttpResponsePromise<DetokenizeResponse>;
  /** `POST /v1/check-api-key`. */
  checkApiKey(requestOptions?: RequestOptions): HttpResponsePromise<CheckApiKeyResponse>;
  /** Deprecated v1 endpoint, not supported: rejects with a `CohereError` naming `chat`. */
  generate(...args: unknown[]): HttpResponsePromise<never>;
  /** Deprecated v1 endpoint, not supported: rejects with a `CohereError` naming `chatStream`. */
  generateStream(...args: unknown[]): HttpResponsePromise<never>;
  /** Deprecated v1 endpoint, not supported: rejects with a `CohereError` naming `chat`. */
  summarize(...args: unknown[]): HttpResponsePromise<never>;
  readonly models: ModelsClient;
  readonly embedJobs: EmbedJobsClient;
  readonly datasets: DatasetsClient;
  readonly connectors: ConnectorsClient;
  readonly finetuning: FinetuningClient;
  readonly batches: BatchesClient;
  readonly audio: AudioClient;
  /**
   * Sends any request with the client's base URL, auth, headers, retries and timeouts
   * and resolves to its `Response`, whatever the status. `input`: a path
   * (`"/v1/datasets"`), a URL or a Request; the body: text, bytes, a Blob or
   * URLSearchParams.
   */
  fetch(input: Request | string | URL, init?: RequestInit, requestOptions?: RequestOptions): Promise<Response>;
  /**
   * Opens a connection to the API before the first call, so that call costs one
   * round trip. Sends `GET /v1/models?page_size=1` (no tokens spent) and reads the
   * answer whatever its status; in Cloudflare Workers it does nothing. Rejects only
   * when the API cannot be reached.
   */
  warm(): Promise<void>;
  /** Counters of what this client has done (all 0 before its first request). */
  stats(): ClientStats;
}

/**
 * cohere-ai's `CohereClient`: the same calls under `.v2` (`client.v2.chat(...)`); its own
 * `chat`, `chatStream`, `embed` and `rerank` are the v2 ones too.
 */
export declare class CohereClient extends CohereClientV2 {
  constructor(options?: CohereClientOptions);
  /** The V2 client, sharing this client's options and connections. */
  readonly v2: CohereClientV2;
}

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
  /** The response (status, headers), where there was one. */
  readonly rawResponse?: RawResponse;
  /** The response's `x-request-id` (else `x-debug-trace-id`) header, for support. */
  readonly requestId?: string;
  /**
   * Set when this retryable error came back although retries were left: `"budget-spent"`
   * (the client's retry budget was spent) or `"rate-limit-window"` (the call was not sent:
   * a rate-limit window another call heard outlasts its timeout).
   */
  readonly retryStop?: "budget-spent" | "rate-limit-window";
  /** What caused it, e.g. an abort signal's reason. */
  readonly cause?: unknown;
  /** The message is `message`, then `Status code: …` and `Body: …` when given, as in cohere-ai. */
  constructor(opts?: { message?: string; statusCode?: number; body?: unknown; rawResponse?: RawResponse; cause?: unknown });
}

/**
 * The call (retries included) took longer than `timeoutInSeconds`, or a stream went
 * silent for too long. A `CohereError` too.
 */
export declare class CohereTimeoutError extends CohereError {
  constructor(message?: string, opts?: { cause?: unknown });
}

/** 400. */
export declare const BadRequestError: typeof Cohere.BadRequestError;
export type BadRequestError = Cohere.BadRequestError;
/** 401: a missing or wrong API key. */
export declare const UnauthorizedError: typeof Cohere.UnauthorizedError;
export type UnauthorizedError = Cohere.UnauthorizedError;
/** 403. */
export declare const ForbiddenError: typeof Cohere.ForbiddenError;
export type ForbiddenError = Cohere.ForbiddenError;
/** 404: e.g. an unknown model. */
export declare const NotFoundError: typeof Cohere.NotFoundError;
export type NotFoundError = Cohere.NotFoundError;
/** 422. */
export declare const UnprocessableEntityError: typeof Cohere.UnprocessableEntityError;
export type UnprocessableEntityError = Cohere.UnprocessableEntityError;
/** 429: rate limited (after the retries). */
export declare const TooManyRequestsError: typeof Cohere.TooManyRequestsError;
export type TooManyRequestsError = Cohere.TooManyRequestsError;
/** 498: an invalid token. */
export declare const InvalidTokenError: typeof Cohere.InvalidTokenError;
export type InvalidTokenError = Cohere.InvalidTokenError;
/** 499: the request was closed. */
export declare const ClientClosedRequestError: typeof Cohere.ClientClosedRequestError;
export type ClientClosedRequestError = Cohere.ClientClosedRequestError;
/** 500. */
export declare const InternalServerError: typeof Cohere.InternalServerError;
export type InternalServerError = Cohere.InternalServerError;
/** 501. */
export declare const NotImplementedError: typeof Cohere.NotImplementedError;
export type NotImplementedError = Cohere.NotImplementedError;
/** 503. */
export declare const ServiceUnavailableError: typeof Cohere.ServiceUnavailableError;
export type ServiceUnavailableError = Cohere.ServiceUnavailableError;
/** 504. */
export declare const GatewayTimeoutError: typeof Cohere.GatewayTimeoutError;
export type GatewayTimeoutError = Cohere.GatewayTimeoutError;

/**
 * cohere-ai's `Cohere` namespace: the status error classes (the same classes as the
 * top-level exports), the enums it exposes at runtime, and its type names.
 *
 * @example
 * catch (e) { if (e instanceof Cohere.TooManyRequestsError) ... }
 */
export declare namespace Cohere {
  /** 400. */
  class BadRequestError extends CohereError {
    readonly statusCode: 400;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 401: a missing or wrong API key. */
  class UnauthorizedError extends CohereError {
    readonly statusCode: 401;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 403. */
  class ForbiddenError extends CohereError {
    readonly statusCode: 403;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 404: e.g. an unknown model. */
  class NotFoundError extends CohereError {
    readonly statusCode: 404;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 422. */
  class UnprocessableEntityError extends CohereError {
    readonly statusCode: 422;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 429: rate limited (after the retries). */
  class TooManyRequestsError extends CohereError {
    readonly statusCode: 429;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 498: an invalid token. */
  class InvalidTokenError extends CohereError {
    readonly statusCode: 498;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 499: the request was closed. */
  class ClientClosedRequestError extends CohereError {
    readonly statusCode: 499;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 500. */
  class InternalServerError extends CohereError {
    readonly statusCode: 500;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 501. */
  class NotImplementedError extends CohereError {
    readonly statusCode: 501;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 503. */
  class ServiceUnavailableError extends CohereError {
    readonly statusCode: 503;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }
  /** 504. */
  class GatewayTimeoutError extends CohereError {
    readonly statusCode: 504;
    constructor(body?: unknown, rawResponse?: RawResponse);
  }

  // Type names as cohere-ai spells them.
  type V2ChatRequest = ChatRequest;
  type V2ChatStreamRequest = ChatStreamRequest;
  type V2ChatResponse = ChatResponse;
  type V2ChatStreamResponse = StreamedChatResponse;
  type StreamedChatResponseV2 = StreamedChatResponse;
  type V2EmbedRequest = EmbedRequest;
  type EmbedByTypeResponse = EmbedResponse;
  type V2RerankRequest = RerankRequest;
  type V2RerankResponse = RerankResponse;
  type ChatMessageV2 = ChatMessage;
  type ChatMessages = ChatMessage[];
  type UserMessageV2 = UserMessage;
  type AssistantMessageV2 = AssistantMessage;
  type SystemMessageV2 = SystemMessage;
  type ToolMessageV2 = ToolMessage;
  type ToolV2 = Tool;
  type ToolCallV2 = ToolCall;
  type ResponseFormatV2 = ResponseFormat;
  type TokenizeRequest = import("./index").TokenizeRequest;
  type TokenizeResponse = import("./index").TokenizeResponse;
  type DetokenizeRequest = import("./index").DetokenizeRequest;
  type DetokenizeResponse = import("./index").DetokenizeResponse;
  type CheckApiKeyResponse = import("./index").CheckApiKeyResponse;
  type GetModelResponse = import("./index").GetModelResponse;
  type ListModelsResponse = import("./index").ListModelsResponse;
  type ModelsListRequest = import("./index").ModelsListRequest;
  type Usage = import("./index").Usage;
  type ApiMeta = import("./index").ApiMeta;
  type Citation = import("./index").Citation;
  type Thinking = import("./index").Thinking;

  // Runtime enums (values as on the wire).
  namespace audio {
    const transcriptions: {};
  }
  namespace batches {
    export import BatchStatus = Cohere.BatchStatus;
  }
  const connectors: {};
  const datasets: {};
  namespace embedJobs {
    export import CreateEmbedJobRequestTruncate = Cohere.CreateEmbedJobRequestTruncate;
  }
  // cohere-ai's finetuning enums, at `finetuning` and again at `finetuning.finetuning`.
  namespace finetuning {
    namespace finetuning {
      export import BaseType = Cohere.finetuning.BaseType;
      export import LoraTargetModules = Cohere.finetuning.LoraTargetModules;
      export import Status = Cohere.finetuning.Status;
      export import Strategy = Cohere.finetuning.Strategy;
    }
    const BaseType: { readonly BaseTypeUnspecified: "BASE_TYPE_UNSPECIFIED"; readonly BaseTypeGenerative: "BASE_TYPE_GENERATIVE"; readonly BaseTypeClassification: "BASE_TYPE_CLASSIFICATION"; readonly BaseTypeRerank: "BASE_TYPE_RERANK"; readonly BaseTypeChat: "BASE_TYPE_CHAT" };
    type BaseType = (typeof BaseType)[keyof typeof BaseType];
    const LoraTargetModules: { readonly LoraTargetModulesUnspecified: "LORA_TARGET_MODULES_UNSPECIFIED"; readonly LoraTargetModulesQv: "LORA_TARGET_MODULES_QV"; readonly LoraTargetModulesQkvo: "LORA_TARGET_MODULES_QKVO"; readonly LoraTargetModulesQkvoFfn: "LORA_TARGET_MODULES_QKVO_FFN" };
    type LoraTargetModules = (typeof LoraTargetModules)[keyof typeof LoraTargetModules];
    const Status: { readonly StatusUnspecified: "STATUS_UNSPECIFIED"; readonly StatusFinetuning: "STATUS_FINETUNING"; readonly StatusDeployingApi: "STATUS_DEPLOYING_API"; readonly StatusReady: "STATUS_READY"; readonly StatusFailed: "STATUS_FAILED"; readonly StatusDeleted: "STATUS_DELETED"; readonly StatusTemporarilyOffline: "STATUS_TEMPORARILY_OFFLINE"; readonly StatusPaused: "STATUS_PAUSED"; readonly StatusQueued: "STATUS_QUEUED" };
    type Status = (typeof Status)[keyof typeof Status];
    const Strategy: { readonly StrategyUnspecified: "STRATEGY_UNSPECIFIED"; readonly StrategyVanilla: "STRATEGY_VANILLA"; readonly StrategyTfew: "STRATEGY_TFEW" };
    type Strategy = (typeof Strategy)[keyof typeof Strategy];
  }
  const models: {};
  // The same objects as the top-level V2* enums below.
  namespace v2 {
    export import V2ChatRequestSafetyMode = Cohere.V2ChatRequestSafetyMode;
    export import V2ChatRequestToolChoice = Cohere.V2ChatRequestToolChoice;
    export import V2ChatStreamRequestSafetyMode = Cohere.V2ChatStreamRequestSafetyMode;
    export import V2ChatStreamRequestToolChoice = Cohere.V2ChatStreamRequestToolChoice;
    export import V2EmbedRequestTruncate = Cohere.V2EmbedRequestTruncate;
  }
  const BatchStatus: { readonly BatchStatusUnspecified: "BATCH_STATUS_UNSPECIFIED"; readonly BatchStatusQueued: "BATCH_STATUS_QUEUED"; readonly BatchStatusInProgress: "BATCH_STATUS_IN_PROGRESS"; readonly BatchStatusCanceling: "BATCH_STATUS_CANCELING"; readonly BatchStatusCompleted: "BATCH_STATUS_COMPLETED"; readonly BatchStatusFailed: "BATCH_STATUS_FAILED"; readonly BatchStatusCanceled: "BATCH_STATUS_CANCELED" };
  type BatchStatus = (typeof BatchStatus)[keyof typeof BatchStatus];
  const CreateEmbedJobRequestTruncate: { readonly Start: "START"; readonly End: "END" };
  type CreateEmbedJobRequestTruncate = (typeof CreateEmbedJobRequestTruncate)[keyof typeof CreateEmbedJobRequestTruncate];
  const V2ChatRequestSafetyMode: { readonly Contextual: "CONTEXTUAL"; readonly Strict: "STRICT"; readonly Off: "OFF" };
  type V2ChatRequestSafetyMode = (typeof V2ChatRequestSafetyMode)[keyof typeof V2ChatRequestSafetyMode];
  const V2ChatRequestToolChoice: { readonly Required: "REQUIRED"; readonly None: "NONE" };
  type V2ChatRequestToolChoice = (typeof V2ChatRequestToolChoice)[keyof typeof V2ChatRequestToolChoice];
  const V2ChatStreamRequestSafetyMode: { readonly Contextual: "CONTEXTUAL"; readonly Strict: "STRICT"; readonly Off: "OFF" };
  type V2ChatStreamRequestSafetyMode = (typeof V2ChatStreamRequestSafetyMode)[keyof typeof V2ChatStreamRequestSafetyMode];
  const V2ChatStreamRequestToolChoice: { readonly Required: "REQUIRED"; readonly None: "NONE" };
  type V2ChatStreamRequestToolChoice = (typeof V2ChatStreamRequestToolChoice)[keyof typeof V2ChatStreamRequestToolChoice];
  const V2EmbedRequestTruncate: { readonly None: "NONE"; readonly Start: "START"; readonly End: "END" };
  type V2EmbedRequestTruncate = (typeof V2EmbedRequestTruncate)[keyof typeof V2EmbedRequestTruncate];
  const AuthTokenType: { readonly Bearer: "bearer"; readonly Basic: "basic"; readonly Noscheme: "noscheme" };
  type AuthTokenType = (typeof AuthTokenType)[keyof typeof AuthTokenType];
  const ChatCitationType: { readonly TextContent: "TEXT_CONTENT"; readonly Plan: "PLAN" };
  type ChatCitationType = (typeof ChatCitationType)[keyof typeof ChatCitationType];
  const ChatContentStartEventDeltaMessageContentType: { readonly Text: "text"; readonly Thinking: "thinking" };
  type ChatContentStartEventDeltaMessageContentType = (typeof ChatContentStartEventDeltaMessageContentType)[keyof typeof ChatContentStartEventDeltaMessageContentType];
  const ChatFinishReason: { readonly Complete: "COMPLETE"; readonly StopSequence: "STOP_SEQUENCE"; readonly MaxTokens: "MAX_TOKENS"; readonly ToolCall: "TOOL_CALL"; readonly Error: "ERROR"; readonly Timeout: "TIMEOUT" };
  type ChatFinishReason = (typeof ChatFinishReason)[keyof typeof ChatFinishReason];
  const ChatRequestCitationQuality: { readonly Enabled: "ENABLED"; readonly Disabled: "DISABLED"; readonly Fast: "FAST"; readonly Accurate: "ACCURATE"; readonly Off: "OFF" };
  type ChatRequestCitationQuality = (typeof ChatRequestCitationQuality)[keyof typeof ChatRequestCitationQuality];
  const ChatRequestPromptTruncation: { readonly Off: "OFF"; readonly Auto: "AUTO"; readonly AutoPreserveOrder: "AUTO_PRESERVE_ORDER" };
  type ChatRequestPromptTruncation = (typeof ChatRequestPromptTruncation)[keyof typeof ChatRequestPromptTruncation];
  const ChatRequestSafetyMode: { readonly Contextual: "CONTEXTUAL"; readonly Strict: "STRICT"; readonly None: "NONE" };
  type ChatRequestSafetyMode = (typeof ChatRequestSafetyMode)[keyof typeof ChatRequestSafetyMode];
  const ChatStreamEndEventFinishReason: { readonly Complete: "COMPLETE"; readonly ErrorLimit: "ERROR_LIMIT"; readonly MaxTokens: "MAX_TOKENS"; readonly Error: "ERROR"; readonly ErrorToxic: "ERROR_TOXIC" };
  type ChatStreamEndEventFinishReason = (typeof ChatStreamEndEventFinishReason)[keyof typeof ChatStreamEndEventFinishReason];
  const ChatStreamRequestCitationQuality: { readonly Enabled: "ENABLED"; readonly Disabled: "DISABLED"; readonly Fast: "FAST"; readonly Accurate: "ACCURATE"; readonly Off: "OFF" };
  type ChatStreamRequestCitationQuality = (typeof ChatStreamRequestCitationQuality)[keyof typeof ChatStreamRequestCitationQuality];
  const ChatStreamRequestPromptTruncation: { readonly Off: "OFF"; readonly Auto: "AUTO"; readonly AutoPreserveOrder: "AUTO_PRESERVE_ORDER" };
  type ChatStreamRequestPromptTruncation = (typeof ChatStreamRequestPromptTruncation)[keyof typeof ChatStreamRequestPromptTruncation];
  const ChatStreamRequestSafetyMode: { readonly Contextual: "CONTEXTUAL"; readonly Strict: "STRICT"; readonly None: "NONE" };
  type ChatStreamRequestSafetyMode = (typeof ChatStreamRequestSafetyMode)[keyof typeof ChatStreamRequestSafetyMode];
  const CitationOptionsMode: { readonly Enabled: "ENABLED"; readonly Disabled: "DISABLED"; readonly Fast: "FAST"; readonly Accurate: "ACCURATE"; readonly Off: "OFF" };
  type CitationOptionsMode = (typeof CitationOptionsMode)[keyof typeof CitationOptionsMode];
  const CitationType: { readonly TextContent: "TEXT_CONTENT"; readonly ThinkingContent: "THINKING_CONTENT"; readonly Plan: "PLAN" };
  type CitationType = (typeof CitationType)[keyof typeof CitationType];
  const ClassifyRequestTruncate: { readonly None: "NONE"; readonly Start: "START"; readonly End: "END" };
  type ClassifyRequestTruncate = (typeof ClassifyRequestTruncate)[keyof typeof ClassifyRequestTruncate];
  const ClassifyResponseClassificationsItemClassificationType: { readonly SingleLabel: "single-label"; readonly MultiLabel: "multi-label" };
  type ClassifyResponseClassificationsItemClassificationType = (typeof ClassifyResponseClassificationsItemClassificationType)[keyof typeof ClassifyResponseClassificationsItemClassificationType];
  const CompatibleEndpoint: { readonly Chat: "chat"; readonly Embed: "embed"; readonly Classify: "classify"; readonly Summarize: "summarize"; readonly Rerank: "rerank"; readonly Rate: "rate"; readonly Generate: "generate" };
  type CompatibleEndpoint = (typeof CompatibleEndpoint)[keyof typeof CompatibleEndpoint];
  const ConnectorAuthStatus: { readonly Valid: "valid"; readonly Expired: "expired" };
  type ConnectorAuthStatus = (typeof ConnectorAuthStatus)[keyof typeof ConnectorAuthStatus];
  const DatasetType: { readonly EmbedInput: "embed-input"; readonly EmbedResult: "embed-result"; readonly ClusterResult: "cluster-result"; readonly ClusterOutliers: "cluster-outliers"; readonly RerankerFinetuneInput: "reranker-finetune-input"; readonly SingleLabelClassificationFinetuneInput: "single-label-classification-finetune-input"; readonly ChatFinetuneInput: "chat-finetune-input"; readonly MultiLabelClassificationFinetuneInput: "multi-label-classification-finetune-input"; readonly BatchChatInput: "batch-chat-input"; readonly BatchOpenaiChatInput: "batch-openai-chat-input"; readonly BatchEmbedV2Input: "batch-embed-v2-input"; readonly BatchChatV2Input: "batch-chat-v2-input" };
  type DatasetType = (typeof DatasetType)[keyof typeof DatasetType];
  const DatasetValidationStatus: { readonly Unknown: "unknown"; readonly Queued: "queued"; readonly Processing: "processing"; readonly Failed: "failed"; readonly Validated: "validated"; readonly Skipped: "skipped" };
  type DatasetValidationStatus = (typeof DatasetValidationStatus)[keyof typeof DatasetValidationStatus];
  const EmbedByTypeResponseResponseType: { readonly EmbeddingsFloats: "embeddings_floats"; readonly EmbeddingsByType: "embeddings_by_type" };
  type EmbedByTypeResponseResponseType = (typeof EmbedByTypeResponseResponseType)[keyof typeof EmbedByTypeResponseResponseType];
  const EmbeddingType: { readonly Float: "float"; readonly Int8: "int8"; readonly Uint8: "uint8"; readonly Binary: "binary"; readonly Ubinary: "ubinary"; readonly Base64: "base64" };
  type EmbeddingType = (typeof EmbeddingType)[keyof typeof EmbeddingType];
  const EmbedInputType: { readonly SearchDocument: "search_document"; readonly SearchQuery: "search_query"; readonly Classification: "classification"; readonly Clustering: "clustering"; readonly Image: "image" };
  type EmbedInputType = (typeof EmbedInputType)[keyof typeof EmbedInputType];
  const EmbedJobStatus: { readonly Processing: "processing"; readonly Complete: "complete"; readonly Cancelling: "cancelling"; readonly Cancelled: "cancelled"; readonly Failed: "failed" };
  type EmbedJobStatus = (typeof EmbedJobStatus)[keyof typeof EmbedJobStatus];
  const EmbedJobTruncate: { readonly Start: "START"; readonly End: "END" };
  type EmbedJobTruncate = (typeof EmbedJobTruncate)[keyof typeof EmbedJobTruncate];
  const EmbedRequestTruncate: { readonly None: "NONE"; readonly Start: "START"; readonly End: "END" };
  type EmbedRequestTruncate = (typeof EmbedRequestTruncate)[keyof typeof EmbedRequestTruncate];
  const FinishReason: { readonly Complete: "COMPLETE"; readonly StopSequence: "STOP_SEQUENCE"; readonly Error: "ERROR"; readonly ErrorToxic: "ERROR_TOXIC"; readonly ErrorLimit: "ERROR_LIMIT"; readonly UserCancel: "USER_CANCEL"; readonly MaxTokens: "MAX_TOKENS"; readonly Timeout: "TIMEOUT" };
  type FinishReason = (typeof FinishReason)[keyof typeof FinishReason];
  const GenerateRequestReturnLikelihoods: { readonly Generation: "GENERATION"; readonly All: "ALL"; readonly None: "NONE" };
  type GenerateRequestReturnLikelihoods = (typeof GenerateRequestReturnLikelihoods)[keyof typeof GenerateRequestReturnLikelihoods];
  const GenerateRequestTruncate: { readonly None: "NONE"; readonly Start: "START"; readonly End: "END" };
  type GenerateRequestTruncate = (typeof GenerateRequestTruncate)[keyof typeof GenerateRequestTruncate];
  const GenerateStreamRequestReturnLikelihoods: { readonly Generation: "GENERATION"; readonly All: "ALL"; readonly None: "NONE" };
  type GenerateStreamRequestReturnLikelihoods = (typeof GenerateStreamRequestReturnLikelihoods)[keyof typeof GenerateStreamRequestReturnLikelihoods];
  const GenerateStreamRequestTruncate: { readonly None: "NONE"; readonly Start: "START"; readonly End: "END" };
  type GenerateStreamRequestTruncate = (typeof GenerateStreamRequestTruncate)[keyof typeof GenerateStreamRequestTruncate];
  const ImageUrlDetail: { readonly Auto: "auto"; readonly Low: "low"; readonly High: "high" };
  type ImageUrlDetail = (typeof ImageUrlDetail)[keyof typeof ImageUrlDetail];
  const ParseImageCategory: { readonly Other: "other"; readonly Flowchart: "flowchart"; readonly Logo: "logo"; readonly Signature: "signature" };
  type ParseImageCategory = (typeof ParseImageCategory)[keyof typeof ParseImageCategory];
  const ParseOutputFormat: { readonly Blocks: "blocks"; readonly Markdown: "markdown" };
  type ParseOutputFormat = (typeof ParseOutputFormat)[keyof typeof ParseOutputFormat];
  const SummarizeRequestExtractiveness: { readonly Low: "low"; readonly Medium: "medium"; readonly High: "high" };
  type SummarizeRequestExtractiveness = (typeof SummarizeRequestExtractiveness)[keyof typeof SummarizeRequestExtractiveness];
  const SummarizeRequestFormat: { readonly Paragraph: "paragraph"; readonly Bullets: "bullets" };
  type SummarizeRequestFormat = (typeof SummarizeRequestFormat)[keyof typeof SummarizeRequestFormat];
  const SummarizeRequestLength: { readonly Short: "short"; readonly Medium: "medium"; readonly Long: "long" };
  type SummarizeRequestLength = (typeof SummarizeRequestLength)[keyof typeof SummarizeRequestLength];
  const ThinkingType: { readonly Enabled: "enabled"; readonly Disabled: "disabled" };
  type ThinkingType = (typeof ThinkingType)[keyof typeof ThinkingType];
}
