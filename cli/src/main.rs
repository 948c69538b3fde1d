//! `cohere-edge`: chat, stream, embed and rerank with Cohere from the command line.
//!
//! Exit status: 0 on success; 1 on an API, transport or stream error (with
//! `error: <Kind>: <message>` on stderr, one line per failed call); 2 on a usage
//! error.

mod args;
mod run;
mod stats;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match args::parse(std::env::args_os().skip(1)) {
        Ok(a) => a,
        Err(args::ArgsError::Help) => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(args::ArgsError::Usage(msg)) => {
            eprintln!("error: Usage: {msg}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: Usage: could not start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run::run(args)) {
        Ok(()) | Err(run::Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(run::Failure::Call(e)) => {
            eprintln!("{}", run::error_line(&e));
            ExitCode::from(1)
        }
        Err(run::Failure::Reported) => ExitCode::from(1),
        Err(run::Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
