//! Command-line parsing. The contract is exact (scripts depend on it):
//!
//! ```text
//! cohere-edge chat   [--stream] [--json] [--model M] [--request FILE|-] [--repeat N]
//!                    [--concurrency C] [--max-retries N] [--timeout SECS] [--base-url URL]
//!                    [--ca-cert PEM] [--no-pool] [--warm] [--stats] [PROMPT]
//! cohere-edge embed  [--json] [--model M] [--input-type T] [--request FILE|-] [common…] [TEXT…]
//! cohere-edge rerank [--json] [--model M] [--top-n N] [--query Q] [--request FILE|-] [common…] [DOC…]
//! ```

use std::path::PathBuf;
use std::time::Duration;

use lexopt::prelude::*;

/// Default chat model.
pub const CHAT_MODEL: &str = "command-a-03-2025";
/// Default embed model.
pub const EMBED_MODEL: &str = "embed-v4.0";
/// Default rerank model.
pub const RERANK_MODEL: &str = "rerank-v3.5";

pub const USAGE: &str = "\
usage: cohere-edge <chat|embed|rerank> [options] [INPUT…]

  chat   [--stream] [--json] [--model M] [--request FILE|-] [--repeat N] [PROMPT]
  embed  [--json] [--model M] [--input-type T] [--request FILE|-] [TEXT…]
  rerank [--json] [--model M] [--top-n N] --query Q [--request FILE|-] [DOC…]

common options:
  --max-retries N   retries after 408/409/429/5xx or a failed connection (default 2)
  --timeout SECS    limit for a whole call (default 300)
  --base-url URL    API address (default: $CO_API_URL, else https://api.cohere.com)
  --ca-cert PEM     trust this extra root certificate (PEM file)
  --no-pool         keep no idle connections: every request opens a new one
  --warm            open the connection (TCP, TLS) before the first call
  --repeat N        send the same request N times over one client (default 1); every
                    call runs even when some fail, each failure printing its own
                    `error: <Kind>: <message>` line (exit 1 if any failed)
  --concurrency C   run the --repeat calls C at a time (default 1)
  --stats           print a last JSON line of counters and latencies on stderr
  --json            print wire JSON: one response (or stream event) per line

The API key comes from $CO_API_KEY (never a flag). With no key and no base URL,
a built-in local mock server answers, and a line on stderr says so.
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Chat,
    Embed,
    Rerank,
}

#[derive(Debug, Clone)]
pub struct Args {
    pub command: Command,
    pub stream: bool,
    pub json: bool,
    pub model: Option<String>,
    pub request: Option<PathBuf>,
    pub repeat: u32,
    pub concurrency: u32,
    pub max_retries: Option<u32>,
    pub timeout: Option<Duration>,
    pub base_url: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub no_pool: bool,
    pub warm: bool,
    pub stats: bool,
    pub input_type: Option<String>,
    pub top_n: Option<u32>,
    pub query: Option<String>,
    pub positional: Vec<String>,
}

/// What went wrong with the command line (exit status 2).
#[derive(Debug)]
pub enum ArgsError {
    Help,
    Usage(String),
}

impl From<lexopt::Error> for ArgsError {
    fn from(e: lexopt::Error) -> Self {
        ArgsError::Usage(e.to_string())
    }
}

pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Args, ArgsError> {
    let mut p = lexopt::Parser::from_args(args);
    let command = match p.next()? {
        Some(Value(v)) => match v.to_str() {
            Some("chat") => Command::Chat,
            Some("embed") => Command::Embed,
            Some("rerank") => Command::Rerank,
            _ => return Err(ArgsError::Usage(format!("unknown command {v:?}"))),
        },
        Some(Long("help")) | Some(Short('h')) => return Err(ArgsError::Help),
        Some(other) => {
            return Err(ArgsError::Usage(format!(
                "expected a command first, found {}",
                describe(&other)
            )))
        }
        None => return Err(ArgsError::Usage("missing command".into())),
    };
    let mut a = Args {
        command,
        stream: false,
        json: false,
        model: None,
        request: None,
        repeat: 1,
        concurrency: 1,
        max_retries: None,
        timeout: None,
        base_url: None,
        ca_cert: None,
        no_pool: false,
        warm: false,
        stats: false,
        input_type: None,
        top_n: None,
        query: None,
        positional: Vec::new(),
    };
    while let Some(arg) = p.next()? {
        match arg {
            Long("stream") if command == Command::Chat => a.stream = true,
            Long("json") => a.json = true,
            Long("model") => a.model = Some(p.value()?.string()?),
            Long("request") => a.request = Some(p.value()?.into()),
            Long("repeat") => {
                a.repeat = p.value()?.parse()?;
                if a.repeat == 0 {
                    return Err(ArgsError::Usage("--repeat must be at least 1".into()));
                }
            }
            Long("concurrency") => {
                a.concurrency = p.value()?.parse()?;
                if a.concurrency == 0 {
                    return Err(ArgsError::Usage("--concurrency must be at least 1".into()));
                }
            }
            Long("max-retries") => a.max_retries = Some(p.value()?.parse()?),
            Long("timeout") => {
                let secs: f64 = p.value()?.parse()?;
                if !(secs.is_finite() && secs > 0.0 && secs < 1e9) {
                    return Err(ArgsError::Usage(
                        "--timeout must be a positive number of seconds".into(),
                    ));
                }
                a.timeout = Some(Duration::from_secs_f64(secs));
            }
            Long("base-url") => a.base_url = Some(p.value()?.string()?),
            Long("ca-cert") => a.ca_cert = Some(p.value()?.into()),
            Long("no-pool") => a.no_pool = true,
            Long("warm") => a.warm = true,
            Long("stats") => a.stats = true,
            Long("input-type") if command == Command::Embed => {
                a.input_type = Some(p.value()?.string()?)
            }
            Long("top-n") if command == Command::Rerank => a.top_n = Some(p.value()?.parse()?),
            Long("query") if command == Command::Rerank => a.query = Some(p.value()?.string()?),
            Long("help") | Short('h') => return Err(ArgsError::Help),
            Value(v) => a.positional.push(v.string()?),
            other => return Err(ArgsError::Usage(format!("unexpected {}", describe(&other)))),
        }
    }
    check(&a)?;
    Ok(a)
}

fn describe(arg: &lexopt::Arg<'_>) -> String {
    match arg {
        Long(l) => format!("option --{l}"),
        Short(s) => format!("option -{s}"),
        Value(v) => format!("argument {v:?}"),
    }
}

fn check(a: &Args) -> Result<(), ArgsError> {
    let has_input = a.request.is_some() || !a.positional.is_empty();
    match a.command {
        Command::Chat => {
            if a.request.is_some() && !a.positional.is_empty() {
                return Err(ArgsError::Usage(
                    "give either --request or a PROMPT, not both".into(),
                ));
            }
            if a.positional.len() > 1 {
                return Err(ArgsError::Usage(
                    "quote the prompt: one PROMPT argument".into(),
                ));
            }
            if !has_input {
                return Err(ArgsError::Usage(
                    "missing PROMPT (or --request FILE)".into(),
                ));
            }
        }
        Command::Embed => {
            if !has_input {
                return Err(ArgsError::Usage("missing TEXT (or --request FILE)".into()));
            }
        }
        Command::Rerank => {
            if a.request.is_none() && (a.query.is_none() || a.positional.is_empty()) {
                return Err(ArgsError::Usage(
                    "rerank needs --query Q and at least one DOC (or --request FILE)".into(),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &[&str]) -> Result<Args, ArgsError> {
        parse(s.iter().map(std::ffi::OsString::from))
    }

    #[test]
    fn chat_flags() {
        let a = parse_str(&[
            "chat",
            "--stream",
            "--json",
            "--model",
            "m",
            "--repeat",
            "3",
            "--concurrency",
            "2",
            "--timeout",
            "1.5",
            "--no-pool",
            "--stats",
            "hi there",
        ])
        .unwrap();
        assert!(a.stream && a.json && a.no_pool && a.stats);
        assert_eq!(a.repeat, 3);
        assert_eq!(a.concurrency, 2);
        assert_eq!(a.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(a.positional, ["hi there"]);
        let a = parse_str(&["chat", "--request", "-"]).unwrap();
        assert_eq!(a.request.unwrap().to_str(), Some("-"));
        assert_eq!((a.repeat, a.concurrency), (1, 1), "the defaults");
    }

    #[test]
    fn usage_errors() {
        for bad in [
            &["chat"][..],
            &["chat", "--repeat", "0", "x"],
            &["chat", "--concurrency", "0", "x"],
            &["chat", "--concurrency", "many", "x"],
            &["chat", "--timeout", "-1", "x"],
            &["chat", "--bogus", "x"],
            &["chat", "a", "b"],
            &["nope"],
            &[],
            &["rerank", "--query", "q"],
            &["embed", "--stream", "x"],
        ] {
            assert!(
                matches!(parse_str(bad), Err(ArgsError::Usage(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(parse_str(&["--help"]), Err(ArgsError::Help)));
    }
}
