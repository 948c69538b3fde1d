//! The native side of the comparative run (`benches/compare/run.py` starts it):
//!
//! ```text
//! cargo run --release --example bench_client -- --url URL --ca CA.pem \
//!     --workload sequential|concurrent|streaming|idle [--variant pooled|unpooled|pooled-http1] \
//!     [--requests N] [--concurrency C] [--warm yes|no]
//! ```
//!
//! `--warm yes` calls `Client::warm()` before the clock starts (default no), for the
//! first-request latency with and without warm-up (`benches/reuse.py`).
//!
//! Same command line and output as the Python and Node clients next to it: the client is
//! built before the clock starts, no warm-up request is made (the first request pays for
//! its connection), and one JSON line goes to stdout with every latency, the wall time,
//! the CPU seconds the workload used and the process's peak resident memory.
//!
//! Variants: `pooled` is the default client (HTTP/2 when the server offers it by ALPN,
//! as cohere-mock and the Cohere API do); `pooled-http1` forces HTTP/1.1, like the
//! Python and Node clients; `unpooled` keeps no idle connection, so every request
//! opens (and TLS-handshakes) its own.

// Native only: an empty program on wasm32, where clippy checks every target.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cohere_edge::{ChatMessage, ChatRequest, Client, RequestOptions, StreamEvent};
use serde_json::{json, Value};

const MODEL: &str = "command-a-03-2025";
const PROMPT: &str = "Tell me about connection pooling";

struct Args {
    url: String,
    ca: Option<String>,
    workload: String,
    variant: String,
    requests: Option<usize>,
    concurrency: Option<usize>,
    warm: bool,
}

fn usage(msg: &str) -> ! {
    eprintln!("bench_client: {msg}");
    eprintln!(
        "usage: bench_client --url URL [--ca FILE] --workload sequential|concurrent|streaming|idle \
         [--variant pooled|unpooled|pooled-http1] [--requests N] [--concurrency C] \
         [--warm yes|no]"
    );
    std::process::exit(2)
}

fn args() -> Args {
    let mut a = Args {
        url: String::new(),
        ca: None,
        workload: String::new(),
        variant: "pooled".into(),
        requests: None,
        concurrency: None,
        warm: false,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if !argv.len().is_multiple_of(2) {
        usage("every option takes a value");
    }
    for pair in argv.chunks(2) {
        let value = pair[1].clone();
        let number = || {
            value
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .unwrap_or_else(|| usage(&format!("{} needs a positive whole number", pair[0])))
        };
        match pair[0].as_str() {
            "--url" => a.url = value.clone(),
            "--ca" => a.ca = Some(value.clone()),
            "--workload" => a.workload = value.clone(),
            "--variant" => a.variant = value.clone(),
            "--requests" => a.requests = Some(number()),
            "--concurrency" => a.concurrency = Some(number()),
            "--warm" => {
                a.warm = match value.as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => usage("--warm takes yes or no"),
                }
            }
            other => usage(&format!("unknown option {other}")),
        }
    }
    if a.url.is_empty() {
        usage("--url is required");
    }
    a
}

/// User + system CPU seconds of this process.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(ru.ru_utime) + secs(ru.ru_stime)
}

/// A `Vm…:` figure of `/proc/self/status` in KiB (`VmHWM`: peak resident memory,
/// `VmRSS`: resident now). Not `ru_maxrss`: after fork + exec it keeps the
/// parent's peak (the Python driver's), which is larger than this client's.
fn proc_status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':').map(str::to_owned))
        })
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What one request produced: its latency, its time to first event (streams), its
/// event count (streams), or the error that ended it.
struct Outcome {
    latency_ms: f64,
    ttfe_ms: Option<f64>,
    events: usize,
    error: Option<String>,
}

async fn one_chat(client: &Client, request: &ChatRequest) -> Outcome {
    let started = Instant::now();
    let result = client.chat(request).await;
    let latency_ms = ms(started.elapsed());
    let error = match result {
        Ok(reply) if reply.text().is_empty() => Some("empty reply text".to_owned()),
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    };
    Outcome {
        latency_ms,
        ttfe_ms: None,
        events: 0,
        error,
    }
}

async fn one_stream(client: &Client, request: &ChatRequest) -> Outcome {
    let started = Instant::now();
    let mut out = Outcome {
        latency_ms: 0.0,
        ttfe_ms: None,
        events: 0,
        error: None,
    };
    let mut stream = match client.chat_stream(request).await {
        Ok(s) => s,
        Err(e) => {
            out.latency_ms = ms(started.elapsed());
            out.error = Some(e.to_string());
            return out;
        }
    };
    let mut ended = false;
    while let Some(event) = stream.next_event().await {
        match event {
            Ok(event) => {
                if out.ttfe_ms.is_none() {
                    out.ttfe_ms = Some(ms(started.elapsed()));
                }
                out.events += 1;
                ended = matches!(event, StreamEvent::MessageEnd(_));
            }
            Err(e) => {
                out.error = Some(e.to_string());
                break;
            }
        }
    }
    out.latency_ms = ms(started.elapsed());
    if out.error.is_none() && !ended {
        out.error = Some("stream ended without message-end".into());
    }
    out
}

/// The `idle` workload: N streams opened at once and held open. The mock stalls
/// each after its second event (`x-mock-fault: stall-ms`); once every stream has
/// delivered its first event, resident memory (`VmRSS`) is read again. The line
/// adds `rss_before_kib` (the client built, nothing open) and `rss_idle_kib`
/// (every stream open and idle); latencies are the times to the first event.
fn idle(
    runtime: &tokio::runtime::Runtime,
    client: &Client,
    request: &Arc<ChatRequest>,
    n: usize,
    variant: &str,
) {
    let rss_before = proc_status_kib("VmRSS");
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let options = RequestOptions::new().header("x-mock-fault", "stall-ms=120000");
    let (held, latencies, errors) = runtime.block_on(async {
        let tasks: Vec<_> = (0..n)
            .map(|_| {
                let (client, request, options) = (client.clone(), request.clone(), options.clone());
                tokio::spawn(async move {
                    let t = Instant::now();
                    let mut stream = client
                        .chat_stream_with(&request, &options)
                        .await
                        .map_err(|e| e.to_string())?;
                    match stream.next_event().await {
                        Some(Ok(_)) => Ok((stream, ms(t.elapsed()))),
                        Some(Err(e)) => Err(e.to_string()),
                        None => Err("stream ended before its first event".to_owned()),
                    }
                })
            })
            .collect();
        let (mut held, mut latencies, mut errors) = (Vec::new(), Vec::new(), Vec::new());
        for task in tasks {
            match task.await.expect("stream task") {
                Ok((stream, latency)) => {
                    held.push(stream);
                    latencies.push(latency);
                }
                Err(e) => errors.push(e),
            }
        }
        (held, latencies, errors)
    });
    let wall_s = started.elapsed().as_secs_f64();
    // Let the runtime settle (buffers returned, tasks parked) before reading.
    std::thread::sleep(Duration::from_millis(500));
    let rss_idle = proc_status_kib("VmRSS");
    let line = json!({
        "client": format!("cohere-edge-native-{variant}"),
        "workload": "idle",
        "requests": n,
        "concurrency": n,
        "errors": errors.len(),
        "first_error": errors.first(),
        "latencies_ms": latencies,
        "wall_s": wall_s,
        "cpu_s": cpu_seconds() - cpu_before,
        "peak_rss_kib": proc_status_kib("VmHWM"),
        "rss_before_kib": rss_before,
        "rss_idle_kib": rss_idle,
        "streams_held": held.len(),
        "connections_opened": client.stats().connections_opened,
    });
    println!("{line}");
    // Exit without closing a thousand streams one by one.
    std::process::exit(0);
}

fn main() {
    let a = args();
    let (default_n, default_c) = match a.workload.as_str() {
        "sequential" => (50, 1),
        "concurrent" => (2_000, 64),
        "streaming" => (200, 200),
        "idle" => (1_000, 1_000),
        other => usage(&format!("unknown workload {other:?}")),
    };
    let n = a.requests.unwrap_or(default_n);
    let c = a.concurrency.unwrap_or(default_c).min(n);
    let mut builder = Client::builder()
        .api_key("bench")
        .base_url(&a.url)
        // Errors are counted, not retried away.
        .max_retries(0);
    // The default cap (100 requests in flight) would queue the 200 concurrent
    // streams; raise it to the workload's concurrency when that is higher.
    if c > cohere_edge::DEFAULT_MAX_CONNECTIONS {
        builder = builder.max_connections(c);
    }
    builder = match a.variant.as_str() {
        "pooled" => builder,
        "pooled-http1" => builder.http2(false),
        "unpooled" => builder.pool_max_idle_per_host(0),
        other => usage(&format!("unknown variant {other:?}")),
    };
    if let Some(path) = &a.ca {
        let pem =
            std::fs::read(path).unwrap_or_else(|e| usage(&format!("cannot read {path}: {e}")));
        builder = builder.add_root_certificate(pem);
    }
    let client = builder
        .build()
        .unwrap_or_else(|e| usage(&format!("cannot build the client: {e}")));
    let request = Arc::new(ChatRequest::new(MODEL, vec![ChatMessage::user(PROMPT)]));
    let streaming = a.workload == "streaming";

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if a.warm {
        runtime
            .block_on(client.warm())
            .unwrap_or_else(|e| usage(&format!("warm-up failed: {e}")));
    }
    if a.workload == "idle" {
        return idle(&runtime, &client, &request, n, &a.variant);
    }
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let outcomes: Vec<Outcome> = runtime.block_on(async {
        // C workers take request numbers from one counter; each result lands in
        // its request's slot, so latencies stay in request order.
        let next = Arc::new(AtomicUsize::new(0));
        let mut workers = Vec::with_capacity(c);
        for _ in 0..c {
            let (client, request, next) = (client.clone(), request.clone(), next.clone());
            workers.push(tokio::spawn(async move {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return done;
                    }
                    let outcome = if streaming {
                        one_stream(&client, &request).await
                    } else {
                        one_chat(&client, &request).await
                    };
                    done.push((i, outcome));
                }
            }));
        }
        let mut all: Vec<(usize, Outcome)> = Vec::with_capacity(n);
        for w in workers {
            all.extend(w.await.expect("worker task"));
        }
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, o)| o).collect()
    });
    let wall_s = started.elapsed().as_secs_f64();
    let (cpu_after, peak_rss_kib) = (cpu_seconds(), proc_status_kib("VmHWM"));

    let errors: Vec<&String> = outcomes.iter().filter_map(|o| o.error.as_ref()).collect();
    let client_name = format!("cohere-edge-native-{}", a.variant);
    let mut line = json!({
        "client": client_name,
        "workload": a.workload,
        "requests": n,
        "concurrency": c,
        "errors": errors.len(),
        "first_error": errors.first(),
        "latencies_ms": outcomes.iter().map(|o| o.latency_ms).collect::<Vec<_>>(),
        "wall_s": wall_s,
        "cpu_s": cpu_after - cpu_before,
        "peak_rss_kib": peak_rss_kib,
        "connections_opened": client.stats().connections_opened,
    });
    if streaming {
        let obj = line.as_object_mut().expect("object");
        obj.insert(
            "ttfe_ms".into(),
            Value::from(
                outcomes
                    .iter()
                    .filter_map(|o| o.ttfe_ms)
                    .collect::<Vec<_>>(),
            ),
        );
        obj.insert(
            "events".into(),
            Value::from(outcomes.iter().map(|o| o.events).sum::<usize>()),
        );
    }
    println!("{line}");
}
