// The `Cohere` namespace (`import { Cohere } from "cohere-edge"`), as in cohere-ai 8:
// the status error classes (the same classes as the top-level exports) and the
// enums it exposes at runtime, with the API's wire values. The request and
// response type names (Cohere.V2ChatRequest, ...) are in index.d.ts.

export {
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  UnprocessableEntityError,
  TooManyRequestsError,
  InvalidTokenError,
  ClientClosedRequestError,
  InternalServerError,
  NotImplementedError,
  ServiceUnavailableError,
  GatewayTimeoutError,
} from "./errors.js";

const e = (values) => Object.freeze(values);
const ns = (members) => Object.freeze(members);

export const audio = ns({
  transcriptions: e({}),
});
export const batches = ns({
  BatchStatus: e({BatchStatusUnspecified: "BATCH_STATUS_UNSPECIFIED", BatchStatusQueued: "BATCH_STATUS_QUEUED", BatchStatusInProgress: "BATCH_STATUS_IN_PROGRESS", BatchStatusCanceling: "BATCH_STATUS_CANCELING", BatchStatusCompleted: "BATCH_STATUS_COMPLETED", BatchStatusFailed: "BATCH_STATUS_FAILED", BatchStatusCanceled: "BATCH_STATUS_CANCELED"}),
});
export const connectors = e({});
export const datasets = e({});
export const embedJobs = ns({
  CreateEmbedJobRequestTruncate: e({Start: "START", End: "END"}),
});
export const finetuning = ns({
  finetuning: ns({
    BaseType: e({BaseTypeUnspecified: "BASE_TYPE_UNSPECIFIED", BaseTypeGenerative: "BASE_TYPE_GENERATIVE", BaseTypeClassification: "BASE_TYPE_CLASSIFICATION", BaseTypeRerank: "BASE_TYPE_RERANK", BaseTypeChat: "BASE_TYPE_CHAT"}),
    LoraTargetModules: e({LoraTargetModulesUnspecified: "LORA_TARGET_MODULES_UNSPECIFIED", LoraTargetModulesQv: "LORA_TARGET_MODULES_QV", LoraTargetModulesQkvo: "LORA_TARGET_MODULES_QKVO", LoraTargetModulesQkvoFfn: "LORA_TARGET_MODULES_QKVO_FFN"}),
    Status: e({StatusUnspecified: "STATUS_UNSPECIFIED", StatusFinetuning: "STATUS_FINETUNING", StatusDeployingApi: "STATUS_DEPLOYING_API", StatusReady: "STATUS_READY", StatusFailed: "STATUS_FAILED", StatusDeleted: "STATUS_DELETED", StatusTemporarilyOffline: "STATUS_TEMPORARILY_OFFLINE", StatusPaused: "STATUS_PAUSED", StatusQueued: "STATUS_QUEUED"}),
    Strategy: e({StrategyUnspecified: "STRATEGY_UNSPECIFIED", StrategyVanilla: "STRATEGY_VANILLA", StrategyTfew: "STRATEGY_TFEW"}),
  }),
  BaseType: e({BaseTypeUnspecified: "BASE_TYPE_UNSPECIFIED", BaseTypeGenerative: "BASE_TYPE_GENERATIVE", BaseTypeClassification: "BASE_TYPE_CLASSIFICATION", BaseTypeRerank: "BASE_TYPE_RERANK", BaseTypeChat: "BASE_TYPE_CHAT"}),
  LoraTargetModules: e({LoraTargetModulesUnspecified: "LORA_TARGET_MODULES_UNSPECIFIED", LoraTargetModulesQv: "LORA_TARGET_MODULES_QV", LoraTargetModulesQkvo: "LORA_TARGET_MODULES_QKVO", LoraTargetModulesQkvoFfn: "LORA_TARGET_MODULES_QKVO_FFN"}),
  Status: e({StatusUnspecified: "STATUS_UNSPECIFIED", StatusFinetuning: "STATUS_FINETUNING", StatusDeployingApi: "STATUS_DEPLOYING_API", StatusReady: "STATUS_READY", StatusFailed: "STATUS_FAILED", StatusDeleted: "STATUS_DELETED", StatusTemporarilyOffline: "STATUS_TEMPORARILY_OFFLINE", StatusPaused: "STATUS_PAUSED", StatusQueued: "STATUS_QUEUED"}),
  Strategy: e({StrategyUnspecified: "STRATEGY_UNSPECIFIED", StrategyVanilla: "STRATEGY_VANILLA", StrategyTfew: "STRATEGY_TFEW"}),
});
export const models = e({});
export const v2 = ns({
  V2ChatRequestSafetyMode: e({Contextual: "CONTEXTUAL", Strict: "STRICT", Off: "OFF"}),
  V2ChatRequestToolChoice: e({Required: "REQUIRED", None: "NONE"}),
  V2ChatStreamRequestSafetyMode: e({Contextual: "CONTEXTUAL", Strict: "STRICT", Off: "OFF"}),
  V2ChatStreamRequestToolChoice: e({Required: "REQUIRED", None: "NONE"}),
  V2EmbedRequestTruncate: e({None: "NONE", Start: "START", End: "END"}),
});
export const BatchStatus = e({BatchStatusUnspecified: "BATCH_STATUS_UNSPECIFIED", BatchStatusQueued: "BATCH_STATUS_QUEUED", BatchStatusInProgress: "BATCH_STATUS_IN_PROGRESS", BatchStatusCanceling: "BATCH_STATUS_CANCELING", BatchStatusCompleted: "BATCH_STATUS_COMPLETED", BatchStatusFailed: "BATCH_STATUS_FAILED", BatchStatusCanceled: "BATCH_STATUS_CANCELED"});
export const CreateEmbedJobRequestTruncate = e({Start: "START", End: "END"});
export const V2ChatRequestSafetyMode = e({Contextual: "CONTEXTUAL", Strict: "STRICT", Off: "OFF"});
export const V2ChatRequestToolChoice = e({Required: "REQUIRED", None: "NONE"});
export const V2ChatStreamRequestSafetyMode = e({Contextual: "CONTEXTUAL", Strict: "STRICT", Off: "OFF"});
export const V2ChatStreamRequestToolChoice = e({Required: "REQUIRED", None: "NONE"});
export const V2EmbedRequestTruncate = e({None: "NONE", Start: "START", End: "END"});
export const AuthTokenType = e({Bearer: "bearer", Basic: "basic", Noscheme: "noscheme"});
export const ChatCitationType = e({TextContent: "TEXT_CONTENT", Plan: "PLAN"});
export const ChatContentStartEventDeltaMessageContentType = e({Text: "text", Thinking: "thinking"});
export const ChatFinishReason = e({Complete: "COMPLETE", StopSequence: "STOP_SEQUENCE", MaxTokens: "MAX_TOKENS", ToolCall: "TOOL_CALL", Error: "ERROR", Timeout: "TIMEOUT"});
export const ChatRequestCitationQuality = e({Enabled: "ENABLED", Disabled: "DISABLED", Fast: "FAST", Accurate: "ACCURATE", Off: "OFF"});
export const ChatRequestPromptTruncation = e({Off: "OFF", Auto: "AUTO", AutoPreserveOrder: "AUTO_PRESERVE_ORDER"});
export const ChatRequestSafetyMode = e({Contextual: "CONTEXTUAL", Strict: "STRICT", None: "NONE"});
export const ChatStreamEndEventFinishReason = e({Complete: "COMPLETE", ErrorLimit: "ERROR_LIMIT", MaxTokens: "MAX_TOKENS", Error: "ERROR", ErrorToxic: "ERROR_TOXIC"});
export const ChatStreamRequestCitationQuality = e({Enabled: "ENABLED", Disabled: "DISABLED", Fast: "FAST", Accurate: "ACCURATE", Off: "OFF"});
export const ChatStreamRequestPromptTruncation = e({Off: "OFF", Auto: "AUTO", AutoPreserveOrder: "AUTO_PRESERVE_ORDER"});
export const ChatStreamRequestSafetyMode = e({Contextual: "CONTEXTUAL", Strict: "STRICT", None: "NONE"});
export const CitationOptionsMode = e({Enabled: "ENABLED", Disabled: "DISABLED", Fast: "FAST", Accurate: "ACCURATE", Off: "OFF"});
export const CitationType = e({TextContent: "TEXT_CONTENT", ThinkingContent: "THINKING_CONTENT", Plan: "PLAN"});
export const ClassifyRequestTruncate = e({None: "NONE", Start: "START", End: "END"});
export const ClassifyResponseClassificationsItemClassificationType = e({SingleLabel: "single-label", MultiLabel: "multi-label"});
export const CompatibleEndpoint = e({Chat: "chat", Embed: "embed", Classify: "classify", Summarize: "summarize", Rerank: "rerank", Rate: "rate", Generate: "generate"});
export const ConnectorAuthStatus = e({Valid: "valid", Expired: "expired"});
export const DatasetType = e({EmbedInput: "embed-input", EmbedResult: "embed-result", ClusterResult: "cluster-result", ClusterOutliers: "cluster-outliers", RerankerFinetuneInput: "reranker-finetune-input", SingleLabelClassificationFinetuneInput: "single-label-classification-finetune-input", ChatFinetuneInput: "chat-finetune-input", MultiLabelClassificationFinetuneInput: "multi-label-classification-finetune-input", BatchChatInput: "batch-chat-input", BatchOpenaiChatInput: "batch-openai-chat-input", BatchEmbedV2Input: "batch-embed-v2-input", BatchChatV2Input: "batch-chat-v2-input"});
export const DatasetValidationStatus = e({Unknown: "unknown", Queued: "queued", Processing: "processing", Failed: "failed", Validated: "validated", Skipped: "skipped"});
export const EmbedByTypeResponseResponseType = e({EmbeddingsFloats: "embeddings_floats", EmbeddingsByType: "embeddings_by_type"});
export const EmbeddingType = e({Float: "float", Int8: "int8", Uint8: "uint8", Binary: "binary", Ubinary: "ubinary", Base64: "base64"});
export const EmbedInputType = e({SearchDocument: "search_document", SearchQuery: "search_query", Classification: "classification", Clustering: "clustering", Image: "image"});
export const EmbedJobStatus = e({Processing: "processing", Complete: "complete", Cancelling: "cancelling", Cancelled: "cancelled", Failed: "failed"});
export const EmbedJobTruncate = e({Start: "START", End: "END"});
export const EmbedRequestTruncate = e({None: "NONE", Start: "START", End: "END"});
export const FinishReason = e({Complete: "COMPLETE", StopSequence: "STOP_SEQUENCE", Error: "ERROR", ErrorToxic: "ERROR_TOXIC", ErrorLimit: "ERROR_LIMIT", UserCancel: "USER_CANCEL", MaxTokens: "MAX_TOKENS", Timeout: "TIMEOUT"});
export const GenerateRequestReturnLikelihoods = e({Generation: "GENERATION", All: "ALL", None: "NONE"});
export const GenerateRequestTruncate = e({None: "NONE", Start: "START", End: "END"});
export const GenerateStreamRequestReturnLikelihoods = e({Generation: "GENERATION", All: "ALL", None: "NONE"});
export const GenerateStreamRequestTruncate = e({None: "NONE", Start: "START", End: "END"});
export const ImageUrlDetail = e({Auto: "auto", Low: "low", High: "high"});
export const ParseImageCategory = e({Other: "other", Flowchart: "flowchart", Logo: "logo", Signature: "signature"});
export const ParseOutputFormat = e({Blocks: "blocks", Markdown: "markdown"});
export const SummarizeRequestExtractiveness = e({Low: "low", Medium: "medium", High: "high"});
export const SummarizeRequestFormat = e({Paragraph: "paragraph", Bullets: "bullets"});
export const SummarizeRequestLength = e({Short: "short", Medium: "medium", Long: "long"});
export const ThinkingType = e({Enabled: "enabled", Disabled: "disabled"});
