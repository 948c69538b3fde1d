// The V2 client's resource groups, as in cohere-ai 8: models, embedJobs,
// datasets, connectors, finetuning, batches (JSON endpoints, for real, over the
// same transport) and audio (uploads: a CohereError naming the alternative).
// Requests are camelCase and go out in wire form: a GET's request object
// becomes its query string, other requests' become the JSON body.

import { toWire } from "./casing.js";
import { CohereError } from "./errors.js";
import { HttpResponsePromise } from "./raw.js";

const snake = (k) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
const seg = (id) => encodeURIComponent(String(id));

/** The promise a member returns, from `core.json(spec, requestOptions)`. */
export function call(core, spec, requestOptions) {
  return new HttpResponsePromise(core.json(spec, requestOptions));
}

/** A query object in wire names (values as given). */
function query(request) {
  if (request == null) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(request)) out[snake(k)] = v;
  return out;
}

/** A member that is not supported: a rejected CohereError that says what to use. */
export function unsupported(what, instead) {
  return () =>
    new HttpResponsePromise(
      Promise.reject(new CohereError({ message: `${what} is not supported by cohere-edge: ${instead}` })),
    );
}

/** The resource groups over `core`. */
export function resources(core) {
  const get = (path, request, ro, what) => call(core, { method: "GET", path, query: query(request), what }, ro);
  // The datasets list takes its query in camelCase on the wire (datasetType, validationStatus).
  const getAsIs = (path, request, ro, what) => call(core, { method: "GET", path, query: request ?? undefined, what }, ro);
  const post = (path, request, ro, what) =>
    call(core, { method: "POST", path, body: request === undefined ? undefined : toWire(request), what }, ro);
  const del = (path, ro, what) => call(core, { method: "DELETE", path, what }, ro);
  const patch = (path, request, ro, what) => call(core, { method: "PATCH", path, body: toWire(request ?? {}), what }, ro);

  return {
    models: Object.freeze({
      get: (model, ro) => get(`/v1/models/${seg(model)}`, undefined, ro, "model"),
      list: (request, ro) => get("/v1/models", request, ro, "models"),
    }),
    embedJobs: Object.freeze({
      list: (ro) => get("/v1/embed-jobs", undefined, ro, "embed jobs"),
      create: (request, ro) => post("/v1/embed-jobs", request, ro, "embed job"),
      get: (id, ro) => get(`/v1/embed-jobs/${seg(id)}`, undefined, ro, "embed job"),
      cancel: (id, ro) => post(`/v1/embed-jobs/${seg(id)}/cancel`, undefined, ro, "embed job"),
    }),
    datasets: Object.freeze({
      list: (request, ro) => getAsIs("/v1/datasets", request, ro, "datasets"),
      create: unsupported(
        "datasets.create (a multipart file upload)",
        "upload with cohere-ai or the dashboard, then use datasets.get/list here",
      ),
      getUsage: (ro) => get("/v1/datasets/usage", undefined, ro, "dataset usage"),
      get: (id, ro) => get(`/v1/datasets/${seg(id)}`, undefined, ro, "dataset"),
      delete: (id, ro) => del(`/v1/datasets/${seg(id)}`, ro, "dataset"),
    }),
    connectors: Object.freeze({
      list: (request, ro) => get("/v1/connectors", request, ro, "connectors"),
      create: (request, ro) => post("/v1/connectors", request, ro, "connector"),
      get: (id, ro) => get(`/v1/connectors/${seg(id)}`, undefined, ro, "connector"),
      delete: (id, ro) => del(`/v1/connectors/${seg(id)}`, ro, "connector"),
      update: (id, request, ro) => patch(`/v1/connectors/${seg(id)}`, request, ro, "connector"),
      oAuthAuthorize: (id, request, ro) =>
        call(
          core,
          { method: "POST", path: `/v1/connectors/${seg(id)}/oauth/authorize`, query: query(request), what: "oauth" },
          ro,
        ),
    }),
    finetuning: Object.freeze({
      listFinetunedModels: (request, ro) => get("/v1/finetuning/finetuned-models", request, ro, "finetuned models"),
      createFinetunedModel: (request, ro) => post("/v1/finetuning/finetuned-models", request, ro, "finetuned model"),
      getFinetunedModel: (id, ro) => get(`/v1/finetuning/finetuned-models/${seg(id)}`, undefined, ro, "finetuned model"),
      deleteFinetunedModel: (id, ro) => del(`/v1/finetuning/finetuned-models/${seg(id)}`, ro, "finetuned model"),
      updateFinetunedModel: (id, request, ro) =>
        patch(`/v1/finetuning/finetuned-models/${seg(id)}`, request, ro, "finetuned model"),
      listEvents: (id, request, ro) => get(`/v1/finetuning/finetuned-models/${seg(id)}/events`, request, ro, "events"),
      listTrainingStepMetrics: (id, request, ro) =>
        get(`/v1/finetuning/finetuned-models/${seg(id)}/training-step-metrics`, request, ro, "metrics"),
    }),
    batches: Object.freeze({
      list: (request, ro) => get("/v2/batches", request, ro, "batches"),
      create: (request, ro) => post("/v2/batches", request, ro, "batch"),
      retrieve: (id, ro) => get(`/v2/batches/${seg(id)}`, undefined, ro, "batch"),
      cancel: (id, ro) => post(`/v2/batches/${seg(id)}:cancel`, undefined, ro, "batch"),
    }),
    audio: Object.freeze({
      transcriptions: Object.freeze({
        create: unsupported(
          "audio.transcriptions.create (a multipart file upload)",
          "upload audio with cohere-ai; chat, embed and rerank the text here",
        ),
      }),
    }),
  };
}
