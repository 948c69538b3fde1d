#!/usr/bin/env python3
"""Runs the official Cohere Python SDK (PyPI `cohere`) unchanged against cohere-mock.

Usage: python_sdk_check.py [URL]   (default: $MOCK_URL)
Prints one line per check and exits non-zero if any check failed.
"""
import os
import sys

import cohere

URL = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MOCK_URL", "")
MODEL = "command-a-03-2025"
MESSAGES = [{"role": "user", "content": "Tell me about connection pooling"}]
failures = 0


def check(name, fn):
    global failures
    try:
        detail = fn()
        print(f"python: ok   {name}: {detail}")
    except Exception as exc:  # noqa: BLE001 - report every failure the same way
        failures += 1
        print(f"python: FAIL {name}: {type(exc).__name__}: {exc}")


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


client = cohere.ClientV2(api_key="test", base_url=URL)
state = {}


def chat():
    resp = client.chat(model=MODEL, messages=MESSAGES)
    text = resp.message.content[0].text
    expect(text, "empty reply text")
    expect(resp.finish_reason == "COMPLETE", f"finish_reason {resp.finish_reason!r}")
    state["text"] = text
    return repr(text)


def chat_stream():
    pieces, end = [], None
    for event in client.chat_stream(model=MODEL, messages=MESSAGES):
        if event.type == "content-delta":
            pieces.append(event.delta.message.content.text)
        elif event.type == "message-end":
            end = event
    expect(end is not None, "no message-end event")
    expect(end.delta.finish_reason == "COMPLETE", f"finish_reason {end.delta.finish_reason!r}")
    text = "".join(pieces)
    expect(text == state.get("text"), f"streamed {text!r} != chat {state.get('text')!r}")
    return f"{len(pieces)} deltas, same text"


def chat_tools():
    tools = [{"type": "function", "function": {"name": "search", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}}}]
    resp = client.chat(model=MODEL, messages=MESSAGES, tools=tools)
    expect(resp.finish_reason == "TOOL_CALL", f"finish_reason {resp.finish_reason!r}")
    call = resp.message.tool_calls[0]
    expect(call.function.name == "search", f"tool {call.function.name!r}")
    return call.function.arguments


def embed():
    resp = client.embed(model="embed-v4.0", texts=["hello", "goodbye"], input_type="classification", embedding_types=["float"])
    vectors = resp.embeddings.float_
    expect(len(vectors) == 2, f"{len(vectors)} vectors")
    return f"2 vectors of {len(vectors[0])}"


def rerank():
    docs = ["Paris is in France", "The capital of the United States is Washington", "Bananas"]
    resp = client.rerank(model="rerank-v3.5", query="capital of the United States", documents=docs, top_n=2)
    expect(len(resp.results) == 2, f"{len(resp.results)} results")
    expect(resp.results[0].index == 1, f"best index {resp.results[0].index}")
    return f"best {resp.results[0].index} score {resp.results[0].relevance_score}"


if not URL:
    print("python: FAIL setup: no URL (argv[1] or MOCK_URL)")
    sys.exit(2)
check("chat", chat)
check("chat_stream", chat_stream)
check("chat tools", chat_tools)
check("embed", embed)
check("rerank", rerank)
sys.exit(1 if failures else 0)
