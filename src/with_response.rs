//! The calls of [`Client`] that also hand back their response's status and
//! headers ([`ResponseMeta`]): `*_with_response`.

use crate::client::{read_json, Client};
use crate::error::Result;
use crate::request_options::RequestOptions;
use crate::response::{ResponseMeta, WithResponse};
use crate::stream::ChatStream;
use crate::transport::HttpResponse;
use crate::types::{
    ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, RerankRequest, RerankResponse,
};

impl Client {
    /// [`Client::chat_with`], with the response's status and headers (request
    /// id, rate-limit headers).
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// use cohere_edge::{ChatMessage, ChatRequest, RequestOptions};
    /// let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Hi")]);
    /// let reply = client.chat_with_response(&req, &RequestOptions::new()).await?;
    /// println!("{} (request {:?})", reply.data.text(), reply.meta.request_id());
    /// # Ok(()) }
    /// ```
    pub async fn chat_with_response(
        &self,
        request: &ChatRequest,
        options: &RequestOptions,
    ) -> Result<WithResponse<ChatResponse>> {
        let response = self.post_chat(request, false, options).await?;
        parsed(response, "chat response").await
    }

    /// [`Client::chat_stream_with`], with the status and headers of the
    /// stream's response (known before the first event).
    ///
    /// ```no_run
    /// # async fn demo(client: cohere_edge::Client) -> cohere_edge::Result<()> {
    /// use cohere_edge::{ChatMessage, ChatRequest, RequestOptions};
    /// let req = ChatRequest::new("command-a-03-2025", vec![ChatMessage::user("Hi")]);
    /// let stream = client.chat_stream_with_response(&req, &RequestOptions::new()).await?;
    /// println!("request {:?}", stream.meta.request_id());
    /// let reply = stream.data.into_response().await?;
    /// # let _ = reply; Ok(()) }
    /// ```
    pub async fn chat_stream_with_response(
        &self,
        request: &ChatRequest,
        options: &RequestOptions,
    ) -> Result<WithResponse<ChatStream>> {
        let response = self.post_chat(request, true, options).await?;
        let meta = ResponseMeta::new(response.status, response.headers.clone());
        Ok(WithResponse {
            data: self.stream_of(response),
            meta,
        })
    }

    /// [`Client::embed_with`], with the response's status and headers.
    pub async fn embed_with_response(
        &self,
        request: &EmbedRequest,
        options: &RequestOptions,
    ) -> Result<WithResponse<EmbedResponse>> {
        let response = self
            .post_json("/v2/embed", "embed", request, options)
            .await?;
        parsed(response, "embed response").await
    }

    /// [`Client::rerank_with`], with the response's status and headers.
    pub async fn rerank_with_response(
        &self,
        request: &RerankRequest,
        options: &RequestOptions,
    ) -> Result<WithResponse<RerankResponse>> {
        let response = self
            .post_json("/v2/rerank", "rerank", request, options)
            .await?;
        parsed(response, "rerank response").await
    }
}

/// The body parsed as `T`, with the response's metadata.
pub(crate) async fn parsed<T: serde::de::DeserializeOwned>(
    response: HttpResponse,
    what: &str,
) -> Result<WithResponse<T>> {
    let meta = ResponseMeta::new(response.status, response.headers.clone());
    let data = read_json(response, what).await?;
    Ok(WithResponse { data, meta })
}
