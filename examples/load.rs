//! Load and leak run against cohere-mock on loopback (HTTP/1.1, so that sockets are
//! connections):
//!
//! ```text
//! cargo run --release --example load [-- --requests 20000 --concurrency 256 --max-connections 32 --streams 1000]
//! ```
//!
//! 1. `--requests` chats at `--concurrency` with `max_connections` set: counts errors,
//!    the most sockets the mock saw open at once, and whether this process's file
//!    descriptors return to their baseline once the client is dropped.
//! 2. `--streams` streams of 40 deltas, each dropped after half of its events, in two
//!    rounds: every dropped stream's connection must close, and neither live tokio
//!    tasks nor resident memory may grow from the first round to the second.
//!
//! Prints the figures and exits non-zero when a bound is broken. It runs for tens of
//! seconds, so the test command does not run it; BENCHMARKS.md / the issue notes
//! report its figures.

// Native only (sockets, /proc): on wasm32, where clippy checks the workspace's examples
// too, the program is empty.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::time::{Duration, Instant};

use cohere_edge::{ChatMessage, ChatRequest, Client};
use cohere_mock::{MockConfig, MockServer};
use futures_util::stream::{self, StreamExt};

struct Args {
    requests: usize,
    concurrency: usize,
    max_connections: usize,
    streams: usize,
}

fn args() -> Args {
    let mut a = Args {
        requests: 20_000,
        concurrency: 256,
        max_connections: 32,
        streams: 1_000,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for pair in argv.chunks(2) {
        let value = pair.get(1).and_then(|v| v.parse().ok());
        let slot = match pair[0].as_str() {
            "--requests" => &mut a.requests,
            "--concurrency" => &mut a.concurrency,
            "--max-connections" => &mut a.max_connections,
            "--streams" => &mut a.streams,
            other => {
                eprintln!("unknown option {other}");
                std::process::exit(2);
            }
        };
        match value {
            Some(v) => *slot = v,
            None => {
                eprintln!("{} needs a whole number", pair[0]);
                std::process::exit(2);
            }
        }
    }
    a
}

/// Open file descriptors of this process (Linux: /proc/self/fd).
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

/// Resident memory of this process in KiB (Linux: /proc/self/status).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn request(i: usize) -> ChatRequest {
    ChatRequest::new(
        "command-a-03-2025",
        vec![ChatMessage::user(format!("load {i}"))],
    )
}

async fn settle(what: &str, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        if Instant::now() > deadline {
            eprintln!("  {what}: not reached in 5 s");
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    true
}

#[tokio::main]
async fn main() {
    let a = args();
    let mut ok = true;
    let server = MockServer::start(MockConfig {
        http2: false,
        deltas: 40,
        ..Default::default()
    })
    .await
    .expect("mock starts");
    let baseline_fds = open_fds();

    // 1. Many requests through a bounded pool.
    let new_client = || {
        Client::builder()
            .api_key("load")
            .base_url(server.url())
            .max_connections(a.max_connections)
            .build()
            .unwrap()
    };
    let client = new_client();
    let started = Instant::now();
    let errors = stream::iter(0..a.requests)
        .map(|i| {
            let client = &client;
            async move { client.chat(&request(i)).await.is_err() }
        })
        .buffer_unordered(a.concurrency)
        .filter(|failed| std::future::ready(*failed))
        .count()
        .await;
    let took = started.elapsed();
    let stats = server.stats();
    println!(
    "requests: {} at concurrency {}, max_connections {}: {errors} errors, {:.0} req/s, {} connections opened, at most {} open, {} retries",
    a.requests,
    a.concurrency,
    a.max_connections,
    a.requests as f64 / took.as_secs_f64(),
    stats.connections_accepted,
    stats.max_open_connections,
    client.stats().retries,
);
    ok &= errors == 0 && stats.max_open_connections <= a.max_connections as u64;
    if stats.max_open_connections > a.max_connections as u64 {
        eprintln!("  more sockets open than max_connections (see ClientBuilder::max_connections)");
    }
    let during = open_fds();
    drop(client);
    let back = settle("fds back to baseline", || open_fds() <= baseline_fds).await;
    println!(
    "file descriptors: baseline {baseline_fds}, {during} with the pool open, {} after the client was dropped",
    open_fds()
);
    ok &= back;

    // 2. Streams dropped half-way, in two rounds.
    let client = new_client();
    let metrics = tokio::runtime::Handle::current().metrics();
    let mut rounds = Vec::new();
    for round in 1..=2 {
        server.reset_stats();
        let half_way = stream::iter(0..a.streams)
            .map(|i| {
                let client = &client;
                async move {
                    let mut events = client.chat_stream(&request(i)).await.ok()?;
                    for _ in 0..20 {
                        events.next_event().await?.ok()?;
                    }
                    Some(()) // dropped here, half-way through its 40 deltas
                }
            })
            .buffer_unordered(a.concurrency.min(64))
            .filter(|r| std::future::ready(r.is_some()))
            .count()
            .await;
        let closed = settle("dropped streams' connections closed", || {
            server.stats().open_connections == 0
        })
        .await;
        let s = server.stats();
        let figures = (metrics.num_alive_tasks(), rss_kib());
        println!(
        "streams round {round}: {half_way}/{} read half-way and dropped; {} connections opened, {} closed, {} still open; {} live tasks; RSS {} KiB",
        a.streams, s.connections_accepted, s.connections_closed, s.open_connections, figures.0, figures.1
    );
        ok &= closed && half_way == a.streams;
        rounds.push(figures);
    }
    let (tasks_growth, rss_growth) = (
        rounds[1].0 as i64 - rounds[0].0 as i64,
        rounds[1].1 as i64 - rounds[0].1 as i64,
    );
    println!("growth from round 1 to round 2: {tasks_growth} tasks, {rss_growth} KiB RSS");
    // Allocator noise aside, a leak of a connection or a buffer per stream would show
    // as hundreds of KiB over 1,000 streams.
    ok &= tasks_growth <= 0 && rss_growth < 1024;
    if !ok {
        eprintln!("a bound was broken");
        std::process::exit(1);
    }
    println!("all bounds held");
}
