// A typed tour of the `cohere-edge` package, checked by `tsc -p tsconfig.json` (no emit,
// nothing runs). Every export is used once; each `@ts-expect-error` line is wrong usage
// that the types must reject (tsc fails if one of them is not an error).

import {
  ApiMeta,
  AssistantMessage,
  AssistantMessageResponse,
  BadRequestError,
  BilledUnits,
  ChatDocument,
  ChatFinishReason,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ChatStream,
  ChatStreamRequest,
  Citation,
  CitationEndEvent,
  CitationStartEvent,
  ClientClosedRequestError,
  ClientStats,
  CohereClient,
  CohereClientOptions,
  CohereClientV2,
  CohereEnvironment,
  CohereError,
  CohereTimeoutError,
  Cohere,
  HttpResponsePromise,
  RawResponse,
  WithRawResponse,
  ContentDeltaEvent,
  ContentEndEvent,
  ContentStartEvent,
  DebugEvent,
  DocumentContent,
  EmbedInput,
  EmbedInputType,
  EmbedRequest,
  EmbedResponse,
  EmbeddingType,
  ForbiddenError,
  GatewayTimeoutError,
  ImageContent,
  InternalServerError,
  InvalidTokenError,
  LogprobItem,
  MessageEndEvent,
  MessageStartEvent,
  NotFoundError,
  NotImplementedError,
  RequestOptions,
  RerankRequest,
  RerankResponse,
  RerankResult,
  ResponseFormat,
  ServiceUnavailableError,
  Source,
  StreamedChatResponse,
  SystemMessage,
  TextContent,
  Thinking,
  ThinkingContent,
  TooManyRequestsError,
  Tool,
  ToolCall,
  ToolCallDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
  ToolMessage,
  ToolPlanDeltaEvent,
  UnauthorizedError,
  UnprocessableEntityError,
  Usage,
  UserMessage,
} from "cohere-edge";

// The internals are not part of the types.
// @ts-expect-error: toError is an internal helper
import { toError } from "cohere-edge";
// @ts-expect-error: WasmClient is internal
import { WasmClient } from "cohere-edge";
void toError;
void WasmClient;

// ---------------------------------------------------------------- client

const production: CohereEnvironment = CohereEnvironment.Production;

const options: CohereClientOptions = {
  token: async () => "my-api-key",
  baseUrl: () => "https://proxy.example.com",
  environment: production,
  clientName: "types-example",
  timeoutInSeconds: 60,
  maxRetries: 3,
  fetch: (input, init) => fetch(input, init),
  keepalive: "auto",
  maxConnections: 6,
  retryBudget: { ratio: 0.2, minPerSecond: 2, maxSaved: 20 },
  headers: { "x-team": "search" },
};
const client = new CohereClient(options);
const sameClient: CohereClientV2 = new CohereClientV2({ token: "k", environment: "http://localhost:8080" });
new CohereClient();
new CohereClient({ token: () => undefined, keepalive: false, environment: async () => "https://api.cohere.com" });

// @ts-expect-error: timeoutInSeconds is a number
new CohereClient({ timeoutInSeconds: "30" });
// @ts-expect-error: keepalive is "auto", true or false
new CohereClient({ keepalive: "sometimes" });
// @ts-expect-error: a misspelled option
new CohereClient({ maxRetry: 1 });
// @ts-expect-error: client headers are strings
new CohereClient({ headers: { "x-n": 1 } });
new CohereClient({ retryBudget: false });
// @ts-expect-error: the budget is off with false, not true
new CohereClient({ retryBudget: true });

const stats: ClientStats = sameClient.stats();
const total: number = stats.requests + stats.retries + stats.keepaliveRequests;
const held: number = stats.retriesSkipped + stats.rateLimitWaitMs;
void total;
void held;

// ---------------------------------------------------------------- chat

const user: UserMessage = {
  role: "user",
  content: [
    { type: "text", text: "What is in this picture?" },
    { type: "image_url", imageUrl: { url: "https://cohere.com/favicon-32x32.png", detail: "low" } },
  ],
};
const image: ImageContent = { type: "image_url", imageUrl: { url: "data:image/png;base64,AAAA" } };
const system: SystemMessage = { role: "system", content: [{ type: "text", text: "Be brief." }] };
const call: ToolCall = {
  id: "call_1",
  type: "function",
  function: { name: "lookup", arguments: '{"q":"otters"}' },
};
const thought: ThinkingContent = { type: "thinking", thinking: "I should look it up." };
const assistant: AssistantMessage = {
  role: "assistant",
  content: [thought],
  toolPlan: "I will look up otters.",
  toolCalls: [call],
};
const doc: ChatDocument = { id: "doc-1", data: { title: "Otters", body_text: "Otters hold hands." } };
const docPart: DocumentContent = { type: "document", document: doc };
const toolResult: ToolMessage = {
  role: "tool",
  toolCallId: "call_1",
  content: [{ type: "text", text: "found 1" }, docPart],
};
const messages: ChatMessage[] = [system, user, assistant, toolResult, { role: "user", content: "Thanks" }];

const lookup: Tool = {
  type: "function",
  function: {
    name: "lookup",
    description: "Searches the wiki.",
    parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
  },
};
const format: ResponseFormat = {
  type: "json_object",
  jsonSchema: { type: "object", properties: { answer: { type: "string" } } },
};
const thinking: Thinking = { type: "enabled", tokenBudget: 1024 };

const request: ChatRequest = {
  model: "command-a-03-2025",
  messages,
  tools: [lookup],
  strictTools: true,
  documents: ["Otters are mustelids.", doc],
  citationOptions: { mode: "FAST" },
  responseFormat: format,
  safetyMode: "CONTEXTUAL",
  maxTokens: 512,
  stopSequences: ["\n\n"],
  temperature: 0.3,
  seed: 42,
  frequencyPenalty: 0,
  presencePenalty: 0,
  k: 0,
  p: 0.75,
  logprobs: true,
  toolChoice: "REQUIRED",
  thinking,
  priority: 0,
};

// @ts-expect-error: misspelled field (maxTokens)
const misspelled: ChatRequest = { model: "m", messages, maxToken: 10 };
// @ts-expect-error: model is required
const noModel: ChatRequest = { messages };
// @ts-expect-error: there is no "bot" role
const badRole: ChatMessage = { role: "bot", content: "hi" };
// @ts-expect-error: a tool message needs its toolCallId
const noCallId: ToolMessage = { role: "tool", content: "42" };
// @ts-expect-error: a user message has no thinking parts
const userThinking: UserMessage = { role: "user", content: [thought] };
// @ts-expect-error: a document's data is an object
const badDoc: ChatDocument = { data: "text" };
void [misspelled, noModel, badRole, noCallId, userThinking, badDoc, image];

export async function chat(): Promise<string> {
  const controller = new AbortController();
  const perCall: RequestOptions = {
    abortSignal: controller.signal,
    timeoutInSeconds: 30,
    maxRetries: 0,
    headers: { "x-trace": "abc", "x-unset": undefined },
  };
  const reply: ChatResponse = await client.chat(request, perCall);
  const reason: ChatFinishReason = reply.finishReason;
  if (reason === "TOOL_CALL" || reason === "SOME_FUTURE_REASON") console.log(reason);

  const message: AssistantMessageResponse = reply.message;
  for (const c of message.toolCalls ?? []) console.log(c.id, c.function?.name, c.function?.arguments);
  const citations: Citation[] = message.citations ?? [];
  for (const cite of citations) {
    for (const source of cite.sources ?? []) {
      const s: Source = source;
      if (s.type === "document") console.log(s.id, s.document?.["title"]);
      else console.log(s.toolOutput);
    }
  }
  const usage: Usage | undefined = reply.usage;
  const billed: BilledUnits | undefined = usage?.billedUnits;
  console.log(billed?.inputTokens, usage?.tokens?.outputTokens, usage?.cachedTokens);
  const logprobs: LogprobItem[] = reply.logprobs ?? [];
  console.log(logprobs.map((l) => l.tokenIds.length));

  let text = "";
  for (const part of message.content ?? []) {
    if (part.type === "text") {
      const t: TextContent = part;
      text += t.text;
    } else {
      console.log("thought:", part.thinking);
    }
  }
  // @ts-expect-error: content parts must be narrowed before reading `text`
  console.log(message.content?.[0]?.text);
  // @ts-expect-error: finishReason is a string, not a number
  const n: number = reply.finishReason;
  void n;
  return text;
}

// ---------------------------------------------------------------- streaming chat

function onContentStart(e: ContentStartEvent): void {
  console.log(e.index, e.delta?.message?.content?.type);
}
function onContentEnd(e: ContentEndEvent): void {
  console.log("content-end", e.index);
}

export async function stream(): Promise<void> {
  const streamRequest: ChatStreamRequest = { model: "command-a-03-2025", messages, documents: [doc] };
  const controller = new AbortController();
  const events: ChatStream = await client.chatStream(streamRequest, { abortSignal: controller.signal });
  for await (const event of events) {
    const any: StreamedChatResponse = event;
    switch (any.type) {
      case "message-start": {
        const e: MessageStartEvent = any;
        console.log(e.id, e.delta?.message?.role);
        break;
      }
      case "content-start":
        onContentStart(any);
        break;
      case "content-delta": {
        const e: ContentDeltaEvent = any;
        console.log(e.delta?.message?.content?.text ?? e.delta?.message?.content?.thinking, e.logprobs?.tokenIds);
        break;
      }
      case "content-end":
        onContentEnd(any);
        // @ts-expect-error: content-end has no delta
        console.log(any.delta);
        break;
      case "tool-plan-delta": {
        const e: ToolPlanDeltaEvent = any;
        console.log(e.delta?.message?.toolPlan);
        break;
      }
      case "tool-call-start": {
        const e: ToolCallStartEvent = any;
        console.log(e.index, e.delta?.message?.toolCalls?.id, e.delta?.message?.toolCalls?.function?.name);
        break;
      }
      case "tool-call-delta": {
        const e: ToolCallDeltaEvent = any;
        console.log(e.delta?.message?.toolCalls?.function?.arguments);
        break;
      }
      case "tool-call-end": {
        const e: ToolCallEndEvent = any;
        console.log(e.index);
        break;
      }
      case "citation-start": {
        const e: CitationStartEvent = any;
        console.log(e.delta?.message?.citations?.start, e.delta?.message?.citations?.sources?.length);
        break;
      }
      case "citation-end": {
        const e: CitationEndEvent = any;
        console.log(e.index);
        break;
      }
      case "message-end": {
        const e: MessageEndEvent = any;
        console.log(e.delta?.finishReason, e.delta?.usage?.billedUnits?.outputTokens, e.delta?.error);
        break;
      }
      case "debug": {
        const e: DebugEvent = any;
        console.log(e.prompt);
        break;
      }
      default: {
        const never: never = any;
        void never;
      }
    }
    if (event.type === "content-delta" && event.delta?.message?.content?.text === "STOP") break;
  }

  // Stopping a stream by hand.
  const second = await client.chatStream(streamRequest);
  setTimeout(() => second.abort(), 1000);
  const iterator: AsyncIterator<StreamedChatResponse> = second[Symbol.asyncIterator]();
  await iterator.next();

  // Piping a stream into a Response as newline-delimited JSON.
  const third = await client.chatStream(streamRequest);
  const body: ReadableStream<Uint8Array> = third.toReadableStream();
  const response = new Response(body, { headers: { "content-type": "application/x-ndjson" } });
  void response;

  // @ts-expect-error: a ChatStream is async-iterable, not an array
  void events.length;
  // @ts-expect-error: ChatStreams come from chatStream(), not a constructor
  new ChatStream();
}

// ---------------------------------------------------------------- embed

export async function embed(): Promise<number[][]> {
  const inputType: EmbedInputType = "search_document";
  const types: EmbeddingType[] = ["float", "int8"];
  const mixed: EmbedInput = {
    content: [
      { type: "text", text: "An otter" },
      { type: "image_url", imageUrl: { url: "data:image/png;base64,AAAA" } },
    ],
  };
  const req: EmbedRequest = {
    model: "embed-v4.0",
    inputType,
    texts: ["hello", "goodbye"],
    images: ["data:image/jpeg;base64,AAAA"],
    inputs: [mixed],
    embeddingTypes: types,
    truncate: "END",
    outputDimension: 1024,
    maxTokens: 512,
    priority: 1,
  };
  const res: EmbedResponse = await client.embed(req, { timeoutInSeconds: 10 });
  console.log(res.id, res.responseType, res.texts, res.images?.[0]?.bitDepth, res.embeddings.int8?.length);
  const meta: ApiMeta | undefined = res.meta;
  console.log(meta?.apiVersion?.version, meta?.billedUnits?.images, meta?.warnings);
  // @ts-expect-error: texts are strings
  void client.embed({ model: "embed-v4.0", inputType, texts: [1, 2] });
  return res.embeddings.float ?? [];
}

// ---------------------------------------------------------------- rerank

export async function rerank(): Promise<RerankResult | undefined> {
  const req: RerankRequest = {
    model: "rerank-v3.5",
    query: "capital of the United States",
    documents: ["Carson City is the capital of Nevada.", "Washington, D.C. is the capital of the US."],
    topN: 1,
    maxTokensPerDoc: 4096,
    priority: 0,
  };
  const res: RerankResponse = await client.rerank(req);
  console.log(res.id, res.meta?.billedUnits?.searchUnits);
  // @ts-expect-error: documents are required
  void client.rerank({ model: "rerank-v3.5", query: "q" });
  // @ts-expect-error: misspelled field (topN)
  void client.rerank({ model: "rerank-v3.5", query: "q", documents: [], top_n: 1 });
  const best = res.results[0];
  if (best) console.log(best.index, best.relevanceScore.toFixed(3));
  return best;
}

// ---------------------------------------------------------------- errors

export async function errors(): Promise<void> {
  try {
    await client.chat({ model: "command-a-03-2025", messages: [{ role: "user", content: "Hi" }] });
  } catch (err) {
    if (err instanceof TooManyRequestsError) {
      const status: 429 = err.statusCode;
      const stop: "budget-spent" | "rate-limit-window" | undefined = err.retryStop;
      console.log("rate limited", status, err.requestId, stop);
    } else if (err instanceof UnauthorizedError || err instanceof InvalidTokenError) {
      console.log("check the API key:", err.message);
    } else if (err instanceof CohereError) {
      const status: number | undefined = err.statusCode;
      const body: unknown = err.body;
      console.log(err.name, status, body, err.requestId);
      // @ts-expect-error: statusCode is absent on errors without a response
      const always: number = err.statusCode;
      void always;
    } else if (err instanceof CohereTimeoutError) {
      console.log("timed out:", err.message);
    } else if (err instanceof DOMException && err.name === "AbortError") {
      console.log("aborted");
    } else {
      throw err;
    }
  }

  const rawForbidden: RawResponse = {
    headers: new Headers({ "x-request-id": "req-1" }),
    redirected: false,
    status: 403,
    statusText: "Forbidden",
    type: "basic",
    url: "https://api.cohere.com/v2/chat",
  };
  // Every status has its class, each a CohereError with its statusCode and body.
  const all: CohereError[] = [
    new BadRequestError({ message: "invalid request" }),
    new UnauthorizedError(undefined, undefined),
    new ForbiddenError("forbidden", rawForbidden),
    new NotFoundError(),
    new UnprocessableEntityError({}),
    new TooManyRequestsError({}),
    new InvalidTokenError({}),
    new ClientClosedRequestError({}),
    new InternalServerError({}),
    new NotImplementedError({}),
    new ServiceUnavailableError({}),
    new GatewayTimeoutError({}),
    new CohereError({ message: "network", statusCode: 502, body: "bad gateway", rawResponse: rawForbidden, cause: new Error("x") }),
    new CohereError(),
  ];
  for (const e of all) console.log(e instanceof Error, e.name, e.statusCode, e.body);
  const timeout: CohereError = new CohereTimeoutError("Timeout", { cause: "slow" });
  void timeout;
  // @ts-expect-error: the second argument is a rawResponse, as in cohere-ai
  new BadRequestError({}, 42);
  // @ts-expect-error: CohereError takes an options object
  new CohereError("message");
}

// cohere-ai's surface beyond chat, embed and rerank: the Cohere namespace, raw
// responses, CohereClient.v2, the other members, per-call options.
export async function dropin(): Promise<void> {
  const c = new CohereClient({
    token: "",
    baseUrl: () => "/api/cohere",
    headers: { "x-sync": () => "s", "x-async": async () => "a", "x-none": null },
  });
  const pending: HttpResponsePromise<Cohere.V2ChatResponse> = c.v2.chat(
    { model: "command-a-03-2025", messages: [{ role: "user", content: "Hi" }] },
    { clientName: "per-call", queryParams: { trace: "t", n: 1 }, headers: { "x-remove": null } },
  );
  const { data, rawResponse }: WithRawResponse<Cohere.V2ChatResponse> = await pending.withRawResponse();
  console.log(data.finishReason, rawResponse.status, rawResponse.headers.get("x-request-id"));
  const reason: Cohere.ChatFinishReason = Cohere.ChatFinishReason.Complete;
  const input: Cohere.EmbedInputType = Cohere.EmbedInputType.SearchQuery;
  // The enums cohere-ai also exports under its resource namespaces: values and types.
  const nested: [
    Cohere.v2.V2ChatRequestSafetyMode,
    Cohere.batches.BatchStatus,
    Cohere.embedJobs.CreateEmbedJobRequestTruncate,
    Cohere.finetuning.finetuning.Status,
  ] = [
    Cohere.v2.V2ChatRequestSafetyMode.Strict,
    Cohere.batches.BatchStatus.BatchStatusQueued,
    Cohere.embedJobs.CreateEmbedJobRequestTruncate.End,
    Cohere.finetuning.finetuning.Status.StatusReady,
  ];
  // @ts-expect-error: a value outside the enum
  const notAStatus: Cohere.finetuning.finetuning.Status = "STATUS_SOMETIMES";
  console.log(nested, notAStatus);
  const stream = await c.chatStream({ model: "m", messages: [] }).withRawResponse();
  for await (const event of stream.data) console.log(event.type, reason, input);
  const tokens = await c.tokenize({ text: "Hi", model: "m" });
  const text: string = (await c.detokenize({ tokens: tokens.tokens, model: "m" })).text;
  const valid: boolean = (await c.checkApiKey()).valid;
  const models = await c.models.list({ pageSize: 5, endpoint: "chat" });
  const model = await c.models.get(models.models[0]?.name ?? "command-a-03-2025");
  const page = await c.datasets.list({ limit: 10 });
  const response: Response = await c.fetch("/v1/datasets/usage", { method: "GET" });
  console.log(text, valid, model.contextLength, page, response.status);
  await c.batches.list();
  await c.embedJobs.list();
  await c.connectors.list({ limit: 1 });
  await c.finetuning.listFinetunedModels();
  try {
    await c.generate({ prompt: "x" });
  } catch (e) {
    if (e instanceof Cohere.TooManyRequestsError) console.log(e.rawResponse?.headers.get("retry-after"));
    if (e instanceof CohereError && e.cause !== undefined) console.log(e.cause);
  }
  const same: typeof TooManyRequestsError = Cohere.TooManyRequestsError;
  void same;
  // @ts-expect-error: tokenize needs a model
  c.tokenize({ text: "Hi" });
  // @ts-expect-error: header values are strings, functions or null
  new CohereClient({ headers: { "x-n": () => 1 } });
}
