"""A scripted OpenAI-compatible chat endpoint on 127.0.0.1, so app tests choose their model the way users do.

The app reaches every model over HTTP (the bundled one through its own child server), so a test model is
an endpoint too: the test points the 设置 page's choice at it (``use``) and the real client path runs,
streaming, finish reasons and failures included. Replies come from a script; with ``echo`` on, the endpoint
answers with the draft it was shown, a stand-in for a perfect model.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from streamlit.testing.v1 import AppTest

from assistant.drafting.prompts import DATA_CLOSE, DATA_OPEN

CHUNK_CHARS = 3


def echo_of(prompt: str) -> str:
    """The text of the last 【原稿】 block without its 小标题 line: what a perfect rewrite keeps."""
    start, end = prompt.rfind(DATA_OPEN), prompt.rfind(DATA_CLOSE)
    if start == -1 or end < start:
        return prompt
    lines = prompt[start + len(DATA_OPEN) : end].strip().split("\n")
    return "\n".join(line for line in lines if not line.startswith("小标题："))


class ScriptedEndpoint:
    """Answers ``replies`` in order (text, or (text, finish_reason)); ``status`` makes it refuse instead."""

    def __init__(self) -> None:
        self.replies: list[str | tuple[str, str]] = []
        self.echo = False
        self.delay = 0.0
        self.chunk_delay = 0.0
        """Seconds between streamed chunks: a slow model, so a test can act while it writes."""
        self.chunks_sent = 0
        self.aborted = 0
        """Streams the client closed before their end (a cancel reaching the model's end)."""
        self.status: int | None = None
        self.received: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> ScriptedEndpoint:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def use(self, at: AppTest) -> None:
        """Choose this endpoint in the tab's settings, as the 设置 page does."""
        at.session_state["llm_overrides"] = {"backend": "openai", "base_url": self.url, "model": "scripted"}

    def _reply(self, body: dict[str, Any]) -> tuple[str, str]:
        self.received.append(body)
        if self.replies:
            reply = self.replies.pop(0)
            return (reply, "stop") if isinstance(reply, str) else reply
        if self.echo:
            return echo_of(str(body["messages"][-1]["content"])), "stop"
        raise AssertionError("the scripted endpoint ran out of replies")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._json(200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                time.sleep(endpoint.delay)
                if endpoint.status is not None:
                    endpoint.received.append(body)
                    self._json(endpoint.status, {"error": {"message": "scripted refusal", "type": "server_error"}})
                    return
                text, finish = endpoint._reply(body)
                base = {"id": "s1", "created": 0, "model": body.get("model", "scripted")}
                if not body.get("stream"):
                    message = {"role": "assistant", "content": text}
                    choice = {"index": 0, "message": message, "finish_reason": finish}
                    self._json(200, {**base, "object": "chat.completion", "choices": [choice]})
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [text[i : i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS)]
                deltas = [({"content": p}, None) for p in pieces] + [({}, finish)]
                try:
                    for delta, reason in deltas:
                        chunk = {**base, "object": "chat.completion.chunk"}
                        chunk["choices"] = [{"index": 0, "delta": delta, "finish_reason": reason}]
                        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                        endpoint.chunks_sent += 1
                        time.sleep(endpoint.chunk_delay)
                    self.wfile.write(b"data: [DONE]\n\n")
                except (BrokenPipeError, ConnectionResetError):
                    endpoint.aborted += 1

        return Handler
