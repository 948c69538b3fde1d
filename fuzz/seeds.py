#!/usr/bin/env python3
"""Writes the seed corpus under fuzz/corpus/<target>/ (committed; rerun after
changing it): the conformance vectors' real streams and response bodies, plus edge
cases. For sse_decoder and chat_events the first byte of a seed picks the chunk
size (byte + 1), so each stream is seeded whole-ish, in 64-byte and in 1-byte chunks.

    python3 fuzz/seeds.py
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
VECTORS = ROOT.parent.parent / "shared" / "conformance" / "cohere-v2-wire-cases.json"

EDGE_STREAMS = [
    b"data: {\"type\":\"message-start\"}\r\n\r\n",
    b"data: a\rdata: b\r\r",
    b": comment\n\nid: 7\nretry: 1000\nevent: content-delta\ndata: {}\n\n",
    b"\xef\xbb\xbfdata: bom\n\n",
    b"data:no-space\n\ndata\n\n",
    b"event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}}}}\n\n",
    b"data: [DONE]\n\n",
    b"event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"error\":\"boom\",\"finish_reason\":\"ERROR\"}}\n\n",
    b"event: future-thing\ndata: {\"type\":\"future-thing\",\"x\":[1,2,{\"y\":null}]}\n\n",
    b"data: {\"type\":\"content-de",
    b"data: \xff\xfe\n\n",
    b"event: tool-call-delta\ndata: {\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"{\\\"a\\\"\"}}}}}\n\n",
]

EDGE_BODIES = [
    b"{\"message\":\"plain\"}",
    b"{\"message\":\"esc \\\"q\\\" \\u00e9 \\ud83d\\ude00\"}",
    b"{\"data\":{\"message\":\"nested\"},\"message\":\"top\"}",
    b"{\"message\":\"first\",\"message\":\"second\"}",
    b"[{\"message\":\"in an array\"}]",
    b"not json at all",
    b"",
    b"{\"message\":",
    b"[" * 200 + b"]" * 200,
    b"0\n1.5\nWed, 21 Oct 2015 07:28:00 GMT\n1750000000",
    b"-1\n99999999999999999999\n\n1e3",
]


def write(target, name, data):
    folder = ROOT / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:12]
    (folder / f"{name}-{digest}").write_bytes(data)


def main():
    cases = json.loads(VECTORS.read_text())
    streams = [c["responseBody"].encode() for c in cases if c["responseKind"] == "sse"]
    bodies = [json.dumps(c["responseBody"]).encode() for c in cases if c["responseKind"] == "json"]
    for i, s in enumerate(streams + EDGE_STREAMS):
        for chunk in (255, 63, 0):
            for target in ("sse_decoder", "chat_events"):
                write(target, f"stream{i}-chunk{chunk + 1}", bytes([chunk]) + s)
    for i, b in enumerate(bodies + EDGE_BODIES):
        write("responses", f"body{i}", b)


if __name__ == "__main__":
    main()
