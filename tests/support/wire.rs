//! The recorded wire documents that the tests of both crates read: the official SDK's
//! vectors and the fixtures in tests/data/wire. cohere-edge's tests reach this through
//! `support::wire`, the CLI's (cli/tests/) with `#[path]`; std and serde_json only.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The repository's root: the first folder up from the crate's manifest that holds
/// tests/data/wire (the crate's own, or its parent for the CLI).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("tests/data/wire").is_dir())
        .expect("tests/data/wire above the crate")
        .to_owned()
}

/// The official SDK's wire vectors: `cohere-v2-wire-cases.json` in
/// `COHERE_CONFORMANCE_DIR` (default: `../shared/conformance` next to the repository).
pub fn conformance_cases() -> Vec<Value> {
    let dir = std::env::var_os("COHERE_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/conformance"));
    let path = dir.join("cohere-v2-wire-cases.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("conformance vectors not found at {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// `(file name, text)` of every fixture in tests/data/wire (`*.json` responses and
/// `*.sse` streams, each named after its endpoint), in order of name.
pub fn wire_fixtures() -> Vec<(String, String)> {
    let dir = repo_root().join("tests/data/wire");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json") || n.ends_with(".sse"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name)).unwrap();
            (name, text)
        })
        .collect()
}

/// The JSON values of the `data:` lines of an SSE body.
pub fn sse_data(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}
