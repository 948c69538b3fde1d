//! The API's other JSON endpoints on [`Client`] (`check_api_key`, `tokenize`,
//! `detokenize`, the model list), and [`Client::request`] for any other.

use bytes::Bytes;

use crate::client::{read_json, Client};
use crate::error::{Error, Result};
use crate::request_options::RequestOptions;
use crate::response::{RawResponse, ResponseMeta};
use crate::types::{
    encode, CheckApiKeyResponse, DetokenizeRequest, DetokenizeResponse, ListModelsQuery,
    ListModelsResponse, Model, TokenizeRequest, TokenizeResponse,
};

impl Client {
    /// `POST /v1/check-api-key`: whether the client's key is valid, and whose
    /// it is. An invalid key answers `valid: false` or a 401
    /// ([`Error::Unauthorized`](crate::Error)), depending on the deployment.
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// let check = client.check_api_key().await?;
    /// assert!(check.valid);
    /// # Ok(()) }
    /// ```
    pub async fn check_api_key(&self) -> Result<CheckApiKeyResponse> {
        let response = self
            .send_raw(
                "/v1/check-api-key",
                Bytes::new(),
                false,
                &RequestOptions::default(),
            )
            .await?;
        read_json(response, "check-api-key response").await
    }

    /// `POST /v1/tokenize`: `text` as `model`'s tokens.
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// use cohere_edge::TokenizeRequest;
    /// let t = client.tokenize(&TokenizeRequest::new("command-a-03-2025", "Hi!")).await?;
    /// println!("{} tokens", t.tokens.len());
    /// # Ok(()) }
    /// ```
    pub async fn tokenize(&self, request: &TokenizeRequest) -> Result<TokenizeResponse> {
        let response = self
            .post_json(
                "/v1/tokenize",
                "tokenize",
                request,
                &RequestOptions::default(),
            )
            .await?;
        read_json(response, "tokenize response").await
    }

    /// `POST /v1/detokenize`: `model`'s tokens back to text.
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// use cohere_edge::DetokenizeRequest;
    /// let d = client.detokenize(&DetokenizeRequest::new("command-a-03-2025", vec![1, 2])).await?;
    /// println!("{}", d.text);
    /// # Ok(()) }
    /// ```
    pub async fn detokenize(&self, request: &DetokenizeRequest) -> Result<DetokenizeResponse> {
        let response = self
            .post_json(
                "/v1/detokenize",
                "detokenize",
                request,
                &RequestOptions::default(),
            )
            .await?;
        read_json(response, "detokenize response").await
    }

    /// `GET /v1/models`: one page of the models the key can use.
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// use cohere_edge::ListModelsQuery;
    /// let q = ListModelsQuery { endpoint: Some("chat".into()), ..Default::default() };
    /// for m in client.list_models(&q).await?.models {
    ///     println!("{:?}", m.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_models(&self, query: &ListModelsQuery) -> Result<ListModelsResponse> {
        let q = query.to_query();
        let path = if q.is_empty() {
            "/v1/models".to_owned()
        } else {
            format!("/v1/models?{q}")
        };
        self.get_json(&path, "models response").await
    }

    /// `GET /v1/models/{name}`: one model.
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// let m = client.get_model("command-a-03-2025").await?;
    /// println!("{:?} tokens", m.context_length);
    /// # Ok(()) }
    /// ```
    pub async fn get_model(&self, name: &str) -> Result<Model> {
        let path = format!("/v1/models/{}", encode(name));
        self.get_json(&path, "model response").await
    }

    /// `GET path` with the client's defaults, its JSON answer parsed as `T`
    /// (`what` names it in a decode error).
    async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str, what: &str) -> Result<T> {
        let response = self
            .send_method(
                http::Method::GET,
                path,
                Bytes::new(),
                false,
                &RequestOptions::default(),
            )
            .await?;
        read_json(response, what).await
    }

    /// Sends any request to the API with the client's auth, headers, retries
    /// and timeouts: `method` (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`, …),
    /// `path_and_query` after the base URL (starting with `/`), and a body
    /// (send an empty one for `GET`). A 2xx answer comes back whole with its
    /// status and headers; any other status is the typed [`Error`], as for
    /// every call.
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// use cohere_edge::RequestOptions;
    /// let r = client.request("GET", "/v1/datasets?limit=5", Vec::new(), &RequestOptions::new()).await?;
    /// let page: serde_json::Value = r.json()?;
    /// println!("{} {page}", r.meta.status());
    /// # Ok(()) }
    /// ```
    pub async fn request(
        &self,
        method: &str,
        path_and_query: &str,
        body: impl Into<Bytes>,
        options: &RequestOptions,
    ) -> Result<RawResponse> {
        let method = checked_method(method, path_and_query)?;
        let response = self
            .send_method(method, path_and_query, body.into(), false, options)
            .await?;
        let meta = ResponseMeta::new(response.status, response.headers.clone());
        let body = response.body.bytes().await?;
        Ok(RawResponse { meta, body })
    }
}

/// `method` as an HTTP method, once it and `path_and_query` (which must start
/// with `/`) are known to be usable.
pub(crate) fn checked_method(method: &str, path_and_query: &str) -> Result<http::Method> {
    let method = http::Method::from_bytes(method.as_bytes())
        .map_err(|_| Error::Config(format!("invalid HTTP method '{method}'")))?;
    if !path_and_query.starts_with('/') {
        return Err(Error::Config(format!(
            "the path must start with '/', got '{path_and_query}'"
        )));
    }
    Ok(method)
}
