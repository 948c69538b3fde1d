#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| cohere_edge_fuzz::chat_events(data));
