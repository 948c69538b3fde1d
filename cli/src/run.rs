//! The commands: build the client (or start the built-in mock), send, print.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use cohere_edge::{
    ChatMessage, ChatRequest, Client, ClientBuilder, EmbedInputType, EmbedRequest, Error,
    RerankRequest,
};

use crate::args::{Args, Command, CHAT_MODEL, EMBED_MODEL, RERANK_MODEL};

/// How a run ended.
pub enum Failure {
    /// Exit 1: an API, transport or stream error.
    Call(Error),
    /// Exit 2: a usage or configuration problem.
    Usage(String),
    /// stdout was closed (e.g. piped into `head`): stop quietly.
    BrokenPipe,
    /// Exit 1: calls failed, and each already printed its error line.
    Reported,
}

/// `error: <Kind>: <message>`, the line a failed call prints on stderr.
pub fn error_line(e: &Error) -> String {
    format!("error: {}: {e}", e.kind())
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match e {
            Error::Config(m) => Failure::Usage(format!("Config: {m}")),
            other => Failure::Call(other),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Usage(format!("could not write output: {e}"))
        }
    }
}

pub async fn run(args: Args) -> Result<(), Failure> {
    let key = env("CO_API_KEY");
    let base_url = args.base_url.clone().or_else(|| env("CO_API_URL"));
    // No key and nowhere to go: answer from the built-in mock, and say so.
    let mock = if key.is_none() && base_url.is_none() {
        let config = cohere_mock::MockConfig {
            deltas: 24,
            delta_delay: Duration::from_millis(25),
            ..Default::default()
        };
        let server = cohere_mock::MockServer::start(config)
            .await
            .map_err(|e| Failure::Usage(format!("could not start the built-in mock: {e}")))?;
        eprintln!(
            "cohere-edge: CO_API_KEY is not set; answering from the built-in local mock at {} (set CO_API_KEY to call Cohere)",
            server.url()
        );
        Some(server)
    } else {
        None
    };

    let mut builder = ClientBuilder::new();
    if let Some(server) = &mock {
        builder = builder.api_key("mock-key").base_url(server.url());
    } else {
        if let Some(k) = key {
            builder = builder.api_key(k);
        }
        if let Some(u) = base_url {
            builder = builder.base_url(u);
        }
    }
    if let Some(n) = args.max_retries {
        builder = builder.max_retries(n);
    }
    if let Some(t) = args.timeout {
        builder = builder.timeout(t);
    }
    if let Some(path) = &args.ca_cert {
        let pem = std::fs::read(path).map_err(|e| {
            Failure::Usage(format!("could not read --ca-cert {}: {e}", path.display()))
        })?;
        builder = builder.add_root_certificate(pem);
    }
    if args.no_pool {
        builder = builder.pool_max_idle_per_host(0);
    }
    builder = builder.client_name("cohere-edge-cli");
    let client = builder.build()?;
    if args.warm {
        client.warm().await?;
    }

    let result = match args.command {
        Command::Chat => chat(&client, &args).await,
        Command::Embed => embed(&client, &args).await,
        Command::Rerank => rerank(&client, &args).await,
    };
    if let Some(server) = mock {
        server.shutdown().await;
    }
    result
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Reads `--request FILE|-` as JSON of type `T`.
fn read_request<T: serde::de::DeserializeOwned>(args: &Args) -> Result<Option<T>, Failure> {
    let Some(path) = &args.request else {
        return Ok(None);
    };
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::Usage(format!("could not read the request from stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            Failure::Usage(format!("could not read --request {}: {e}", path.display()))
        })?
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Failure::Usage(format!("--request is not a valid request: {e}")))
}

/// Runs `call` `--repeat` times, `--concurrency` at a time, timing each; every
/// call runs even when some fail, and each failure prints its own error line as
/// it happens. Then prints `--stats`, the last line. A usage problem or a closed
/// stdout stops the run (the calls in flight are dropped).
async fn repeat<F, Fut>(client: &Client, args: &Args, call: F) -> Result<(), Failure>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    use futures_util::stream::{self, StreamExt};
    let mut latencies = Vec::with_capacity(args.repeat as usize);
    let mut failed = 0u64;
    let mut stop = None;
    let timed = |_| {
        let started = Instant::now();
        let call = call();
        async move { (call.await, started.elapsed()) }
    };
    let mut calls = stream::iter(0..args.repeat)
        .map(timed)
        .buffer_unordered(args.concurrency.max(1) as usize);
    while let Some((outcome, took)) = calls.next().await {
        match outcome {
            Ok(()) => latencies.push(took),
            Err(Failure::Call(e)) => {
                failed += 1;
                eprintln!("{}", error_line(&e));
            }
            Err(other) => {
                stop = Some(other);
                break;
            }
        }
    }
    drop(calls);
    if args.stats {
        eprintln!(
            "{}",
            crate::stats::summary_json(&latencies, failed, client.stats())
        );
    }
    match stop {
        Some(f) => Err(f),
        None if failed > 0 => Err(Failure::Reported),
        None => Ok(()),
    }
}

async fn chat(client: &Client, args: &Args) -> Result<(), Failure> {
    let mut request: ChatRequest = read_request(args)?.unwrap_or_default();
    if let Some(prompt) = args.positional.first() {
        request.messages = vec![ChatMessage::user(prompt.as_str())];
    }
    request.model = model(args, std::mem::take(&mut request.model), CHAT_MODEL);
    let request = &request;
    repeat(client, args, || async move {
        if args.stream {
            let mut stream = client.chat_stream(request).await?;
            let mut wrote_text = false;
            while let Some(event) = stream.next_event().await {
                // Locked per event, not across the await: with --concurrency the
                // other calls write too (their streams' text then interleaves).
                let mut out = std::io::stdout().lock();
                let event = match event {
                    Ok(e) => e,
                    Err(e) => {
                        if wrote_text {
                            writeln!(out)?;
                        }
                        return Err(Failure::Call(e));
                    }
                };
                if args.json {
                    writeln!(out, "{}", serde_json::to_string(&event).unwrap_or_default())?;
                } else if let Some(text) = event.text() {
                    out.write_all(text.as_bytes())?;
                    out.flush()?;
                    wrote_text = true;
                }
            }
            let mut out = std::io::stdout().lock();
            if !args.json {
                writeln!(out)?;
            }
            out.flush()?;
        } else {
            let reply = client.chat(request).await?;
            print_reply(args, &reply, |out| writeln!(out, "{}", reply.text()))?;
        }
        Ok(())
    })
    .await
}

async fn embed(client: &Client, args: &Args) -> Result<(), Failure> {
    let mut request: EmbedRequest = read_request(args)?.unwrap_or_default();
    if !args.positional.is_empty() {
        request.texts = Some(args.positional.clone());
    }
    request.model = model(args, std::mem::take(&mut request.model), EMBED_MODEL);
    if let Some(t) = &args.input_type {
        request.input_type = Some(EmbedInputType::from(t.as_str()));
    }
    if request.input_type.is_none() {
        request.input_type = Some(EmbedInputType::SearchDocument);
    }
    let request = &request;
    repeat(client, args, || async move {
        let reply = client.embed(request).await?;
        print_reply(args, &reply, |out| {
            let e = &reply.embeddings;
            let (count, dim) = e
                .float
                .as_ref()
                .map(|v| (v.len(), v.first().map_or(0, Vec::len)))
                .or_else(|| {
                    e.int8
                        .as_ref()
                        .map(|v| (v.len(), v.first().map_or(0, Vec::len)))
                })
                .or_else(|| {
                    e.uint8
                        .as_ref()
                        .map(|v| (v.len(), v.first().map_or(0, Vec::len)))
                })
                .unwrap_or((0, 0));
            writeln!(
                out,
                "{count} embeddings of dimension {dim} (id {})",
                reply.id
            )?;
            if let Some(first) = e.float.as_ref().and_then(|v| v.first()) {
                let head: Vec<String> = first.iter().take(8).map(|x| format!("{x:.4}")).collect();
                writeln!(
                    out,
                    "first: [{}{}]",
                    head.join(", "),
                    if first.len() > 8 { ", …" } else { "" }
                )?;
            }
            Ok(())
        })
    })
    .await
}

async fn rerank(client: &Client, args: &Args) -> Result<(), Failure> {
    let mut request: RerankRequest = read_request(args)?.unwrap_or_default();
    if let Some(q) = &args.query {
        request.query = q.clone();
    }
    if !args.positional.is_empty() {
        request.documents = args.positional.clone();
    }
    request.model = model(args, std::mem::take(&mut request.model), RERANK_MODEL);
    if args.top_n.is_some() {
        request.top_n = args.top_n;
    }
    let request = &request;
    repeat(client, args, || async move {
        let reply = client.rerank(request).await?;
        print_reply(args, &reply, |out| {
            for r in &reply.results {
                let doc = request
                    .documents
                    .get(r.index as usize)
                    .map_or("", String::as_str);
                writeln!(out, "{:.4}\t{}\t{}", r.relevance_score, r.index, doc)?;
            }
            Ok(())
        })
    })
    .await
}

/// The model a call uses: `--model`, else the request file's; `default` when
/// that is empty.
fn model(args: &Args, from_file: String, default: &str) -> String {
    let model = args.model.clone().unwrap_or(from_file);
    if model.is_empty() {
        default.to_owned()
    } else {
        model
    }
}

/// Prints a whole reply: its JSON on one line with `--json`, else what `human`
/// writes for people.
fn print_reply<T: serde::Serialize>(
    args: &Args,
    reply: &T,
    human: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(reply).unwrap_or_default())?;
    } else {
        human(&mut out)?;
    }
    out.flush()?;
    Ok(())
}
