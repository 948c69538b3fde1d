//! `cohere-mock`: run the mock server from the command line.
//!
//! ```text
//! cohere-mock [--port N] [--tls] [--ca-out FILE] [--http1-only] [--rtt-ms N] [--deltas N]
//!             [--delta-delay-ms N] [--api-key K] [--fault SPEC] [--idle-timeout-ms N]
//!             [--h2-max-streams N]
//! ```
//! Prints `cohere-mock listening on <url>` once ready, then serves until SIGTERM or ctrl-c.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use cohere_mock::{MockConfig, MockServer};

const USAGE: &str = "usage: cohere-mock [--port N (default 0)] [--tls] [--ca-out FILE] [--http1-only] \
[--rtt-ms N] [--deltas N (default 12)] [--delta-delay-ms N] [--api-key K] [--fault SPEC] [--idle-timeout-ms N] \
[--h2-max-streams N (HTTP/2 streams per connection; default 200)]";

/// Parsed command line.
struct Args {
    port: u16,
    ca_out: Option<String>,
    config: MockConfig,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        port: 0,
        ca_out: None,
        config: MockConfig::default(),
    };
    while let Some(flag) = argv.next() {
        let mut value = |name: &str| argv.next().ok_or_else(|| format!("{name} needs a value"));
        let ms = |v: String, name: &str| {
            v.parse::<u64>()
                .map(Duration::from_millis)
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match flag.as_str() {
            "--port" => {
                let v = value("--port")?;
                args.port = v.parse().map_err(|_| format!("--port: not a port: {v}"))?;
            }
            "--tls" => args.config.tls = true,
            "--ca-out" => args.ca_out = Some(value("--ca-out")?),
            "--http1-only" => args.config.http2 = false,
            "--rtt-ms" => args.config.rtt = ms(value("--rtt-ms")?, "--rtt-ms")?,
            "--deltas" => {
                let v = value("--deltas")?;
                args.config.deltas = v
                    .parse()
                    .map_err(|_| format!("--deltas: not a number: {v}"))?;
            }
            "--delta-delay-ms" => {
                args.config.delta_delay = ms(value("--delta-delay-ms")?, "--delta-delay-ms")?
            }
            "--api-key" => args.config.api_key = Some(value("--api-key")?),
            "--fault" => args.config.fault = Some(value("--fault")?),
            "--idle-timeout-ms" => {
                args.config.idle_timeout =
                    Some(ms(value("--idle-timeout-ms")?, "--idle-timeout-ms")?)
            }
            "--h2-max-streams" => {
                let v = value("--h2-max-streams")?;
                args.config.http2_max_concurrent_streams = Some(
                    v.parse()
                        .map_err(|_| format!("--h2-max-streams: not a number: {v}"))?,
                );
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(args)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("cohere-mock: {msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let server = match MockServer::start_on_port(args.config, args.port).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cohere-mock: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let (Some(path), Some(pem)) = (&args.ca_out, server.ca_pem()) {
        if let Err(e) = std::fs::write(path, pem) {
            eprintln!("cohere-mock: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "cohere-mock listening on {}", server.url());
    let _ = out.flush();
    drop(out);
    wait_for_signal().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}
