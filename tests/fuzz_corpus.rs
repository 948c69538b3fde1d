//! Replays the fuzzers' seed corpus (fuzz/corpus/<target>/, plus any crash inputs
//! saved under fuzz/regressions/<target>/) through the same target bodies the
//! libFuzzer binaries run (fuzz/src/lib.rs), so the test command checks every seed
//! and every past finding on stable Rust without libFuzzer.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} fails", path.display());
            count += 1;
        }
    }
    assert!(count >= 10, "{target}: only {count} seeds");
    println!("{target}: {count} inputs");
}

#[test]
fn sse_decoder_corpus() {
    replay("sse_decoder", targets::sse_decoder);
}

#[test]
fn chat_events_corpus() {
    replay("chat_events", targets::chat_events);
}

#[test]
fn responses_corpus() {
    replay("responses", targets::responses);
}
