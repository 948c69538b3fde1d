//! `--json` is the wire: every response and every streamed event the CLI prints is
//! the JSON value the server sent, for every 200 response of the official SDK's
//! vectors (../shared/conformance) and every fixture in tests/data/wire. A server
//! on a loopback socket answers each run with one recorded body.

#[path = "../../tests/support/wire.rs"]
mod wire;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::thread;

use serde_json::Value;

/// A recorded answer: the endpoint it answers, its content type and body.
struct Recording {
    name: String,
    endpoint: &'static str,
    stream: bool,
    body: String,
}

fn recordings() -> Vec<Recording> {
    let mut out = Vec::new();
    for case in wire::conformance_cases()
        .iter()
        .filter(|c| c["status"] == 200)
    {
        let (endpoint, stream) = match case["method"].as_str().unwrap() {
            "chat" => ("chat", false),
            "chatStream" => ("chat", true),
            "embed" => ("embed", false),
            "rerank" => ("rerank", false),
            other => panic!("unknown method {other}"),
        };
        let body = match &case["responseBody"] {
            Value::String(s) if stream => s.clone(),
            v => v.to_string(),
        };
        out.push(Recording {
            name: case["name"].as_str().unwrap().to_owned(),
            endpoint,
            stream,
            body,
        });
    }
    for (name, body) in wire::wire_fixtures() {
        let endpoint = match name.split('-').next().unwrap() {
            "chat" => "chat",
            "embed" => "embed",
            "rerank" => "rerank",
            other => panic!("fixture {name}: unknown endpoint {other}"),
        };
        out.push(Recording {
            endpoint,
            stream: name.ends_with(".sse"),
            body,
            name,
        });
    }
    out
}

/// Serves `body` to one request on a fresh loopback port; returns the base URL.
fn serve_once(body: String, stream: bool) -> (String, thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(socket);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap();
                }
            }
        }
        let mut request_body = vec![0; length];
        reader.read_exact(&mut request_body).unwrap();
        let content_type = if stream {
            "text/event-stream"
        } else {
            "application/json"
        };
        let mut socket = reader.into_inner();
        write!(
            socket,
            "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        socket.flush().unwrap();
        request_line
    });
    (url, handle)
}

fn run_cli(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cohere-edge"))
        .args(args)
        .env("CO_API_KEY", "wire-test-key")
        .env("CO_API_URL", url)
        .env_remove("COHERE_API_KEY")
        .output()
        .unwrap()
}

#[test]
fn json_output_is_what_the_server_sent() {
    let recordings = recordings();
    assert!(recordings.len() >= 16, "{}", recordings.len());
    let mut in_band_errors = 0;
    for r in &recordings {
        let (url, server) = serve_once(r.body.clone(), r.stream);
        let args: Vec<&str> = match (r.endpoint, r.stream) {
            ("chat", false) => vec!["chat", "--json", "--max-retries", "0", "hi"],
            ("chat", true) => vec!["chat", "--stream", "--json", "--max-retries", "0", "hi"],
            ("embed", _) => vec!["embed", "--json", "--max-retries", "0", "hi"],
            _ => vec![
                "rerank",
                "--json",
                "--max-retries",
                "0",
                "--query",
                "q",
                "a",
                "b",
            ],
        };
        let out = run_cli(&url, &args);
        let request_line = server.join().unwrap();
        assert!(
            request_line.starts_with(&format!("POST /v2/{} ", r.endpoint)),
            "{}: {request_line}",
            r.name
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let printed: Vec<Value> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", r.name)))
            .collect();
        let sent = if r.stream {
            wire::sse_data(&r.body)
        } else {
            vec![serde_json::from_str(&r.body).unwrap()]
        };
        assert_eq!(printed, sent, "{}: stderr {stderr}", r.name);
        // An in-band error: every event is printed, message-end included, then
        // the typed error with its type, exit status 1.
        let failed = sent
            .last()
            .is_some_and(|e| e["type"] == "message-end" && e["delta"].get("error").is_some());
        if failed {
            in_band_errors += 1;
            assert_eq!(out.status.code(), Some(1), "{}: {stderr}", r.name);
            assert!(
                stderr.starts_with("error: StreamError: ")
                    && stderr.contains("(internal_server_error)"),
                "{}: {stderr}",
                r.name
            );
        } else {
            assert!(out.status.success(), "{}: {stderr}", r.name);
        }
    }
    assert_eq!(in_band_errors, 1);
}
