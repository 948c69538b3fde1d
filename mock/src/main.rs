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

/// The value of the option just read, parsed as `T`.
fn parsed<T: std::str::FromStr>(parser: &mut lexopt::Parser, name: &str) -> Result<T, String> {
    let v = text(parser, name)?;
    v.parse().map_err(|_| format!("{name}: not a number: {v}"))
}

/// The value of the option just read, as text.
fn text(parser: &mut lexopt::Parser, name: &str) -> Result<String, String> {
    parser
        .value()
        .map_err(|_| format!("{name} needs a value"))?
        .into_string()
        .map_err(|v| format!("{name}: not UTF-8: {}", v.to_string_lossy()))
}

/// Parses the arguments with lexopt, as the CLI does (`--name value` and
/// `--name=value`). `Err("")` asks for the usage text.
fn parse_args(argv: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Args, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut parser = lexopt::Parser::from_args(argv);
    let mut args = Args {
        port: 0,
        ca_out: None,
        config: MockConfig::default(),
    };
    let ms = |n: u64| Duration::from_millis(n);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("port") => {
                let v = text(&mut parser, "--port")?;
                args.port = v.parse().map_err(|_| format!("--port: not a port: {v}"))?;
            }
            Long("tls") => args.config.tls = true,
            Long("ca-out") => args.ca_out = Some(text(&mut parser, "--ca-out")?),
            Long("http1-only") => args.config.http2 = false,
            Long("rtt-ms") => args.config.rtt = ms(parsed(&mut parser, "--rtt-ms")?),
            Long("deltas") => args.config.deltas = parsed(&mut parser, "--deltas")?,
            Long("delta-delay-ms") => {
                args.config.delta_delay = ms(parsed(&mut parser, "--delta-delay-ms")?)
            }
            Long("api-key") => args.config.api_key = Some(text(&mut parser, "--api-key")?),
            Long("fault") => args.config.fault = Some(text(&mut parser, "--fault")?),
            Long("idle-timeout-ms") => {
                args.config.idle_timeout = Some(ms(parsed(&mut parser, "--idle-timeout-ms")?))
            }
            Long("h2-max-streams") => {
                args.config.http2_max_concurrent_streams =
                    Some(parsed(&mut parser, "--h2-max-streams")?)
            }
            Short('h') | Long("help") => return Err(String::new()),
            Long(other) => return Err(format!("unknown argument: --{other}")),
            Short(other) => return Err(format!("unknown argument: -{other}")),
            Value(other) => return Err(format!("unknown argument: {}", other.to_string_lossy())),
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
    let args = match parse_args(std::env::args_os().skip(1)) {
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
