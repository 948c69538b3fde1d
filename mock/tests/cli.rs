//! The `cohere-mock` binary: ready line, flags, CA file.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::json_of;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args` and returns it with the URL from its ready line.
fn spawn(args: &[&str]) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cohere-mock"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("cohere-mock listening on ")
        .unwrap_or_else(|| panic!("ready line: {line:?}"))
        .to_string();
    (Running(child), url)
}

#[tokio::test]
async fn prints_ready_line_and_serves() {
    let (_mock, url) = spawn(&["--deltas", "4", "--api-key", "k", "--http1-only"]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let c = reqwest::Client::new();
    let body = serde_json::json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]});
    let v = json_of(
        c.post(format!("{url}/v2/chat"))
            .bearer_auth("k")
            .json(&body),
    )
    .await;
    assert_eq!(v["message"]["content"][0]["text"], "Echo: hi hi hi");
    let denied = c
        .post(format!("{url}/v2/chat"))
        .bearer_auth("other")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 401);
}

#[tokio::test]
async fn tls_writes_the_ca_file() {
    let dir = std::env::temp_dir().join(format!("cohere-mock-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca = dir.join("ca.pem");
    let (_mock, url) = spawn(&["--tls", "--ca-out", ca.to_str().unwrap()]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let pem = std::fs::read(&ca).unwrap();
    let cert = reqwest::Certificate::from_pem(&pem).unwrap();
    let c = reqwest::Client::builder()
        .tls_certs_only([cert])
        .build()
        .unwrap();
    let r = c.get(format!("{url}/__stats")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.version(), reqwest::Version::HTTP_2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rejects_unknown_flags_and_bad_faults() {
    let out = Command::new(env!("CARGO_BIN_EXE_cohere-mock"))
        .arg("--nope")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument: --nope"));
    let out = Command::new(env!("CARGO_BIN_EXE_cohere-mock"))
        .args(["--fault", "bogus"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bogus"));
}
