"""One error root: every exception the engine defines is an AssistantError; the CLI reports any of them in Chinese."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import typer

import assistant
from assistant.cli.errors import EXIT_INPUT, user_errors
from assistant.drafting.edit import DraftingError
from assistant.errors import AssistantError
from assistant.export.errors import ExportError
from assistant.extract.model_based import ExtractionError
from assistant.facts import FactsError
from assistant.llm.errors import ModelRejected
from assistant.store.errors import StoreError


def engine_exceptions() -> list[type[BaseException]]:
    found: list[type[BaseException]] = []
    for info in pkgutil.walk_packages(assistant.__path__, "assistant."):
        if info.name.endswith("__main__"):
            continue  # running it is the CLI
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found.append(obj)
    return found


def test_the_walk_finds_the_engine_errors() -> None:
    names = {cls.__name__ for cls in engine_exceptions()}
    assert {"FactsError", "ProfileError", "ReportReadError", "LLMError", "ModelTimeout", "PromptError"} <= names
    assert {"DraftingError", "ExportBlocked", "StaleWriteError", "ExtractionError", "UnknownFactPath"} <= names


@pytest.mark.parametrize("cls", engine_exceptions(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_engine_exception_derives_from_assistant_error(cls: type[BaseException]) -> None:
    assert issubclass(cls, AssistantError), f"{cls.__module__}.{cls.__name__} does not derive from AssistantError"


def test_the_root_keeps_the_chinese_message() -> None:
    assert str(AssistantError("报告文件 年报.docx 无法读取：文件已损坏")) == "报告文件 年报.docx 无法读取：文件已损坏"


def raise_in_user_errors(exc: Exception, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(typer.Exit) as exit_info, user_errors():
        raise exc
    assert exit_info.value.exit_code == EXIT_INPUT
    return capsys.readouterr().err


@pytest.mark.parametrize(
    "error",
    [
        DraftingError("未知的修改方式“翻译”"),
        StoreError("找不到报告 7"),
        ModelRejected("模型拒绝了请求：密钥无效"),
        ExportError("不支持的导出格式 .pdf"),
        ExtractionError("模型的回答不是事实列表"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_user_errors_reports_any_engine_error_as_one_line(error: Exception, capsys: pytest.CaptureFixture[str]) -> None:
    assert raise_in_user_errors(error, capsys) == f"错误：{error}\n"


def test_facts_errors_keep_their_listing(capsys: pytest.CaptureFixture[str]) -> None:
    err = raise_in_user_errors(FactsError("甲.yaml", ["预算.收入合计：不是数字", "单位.名称：缺少"]), capsys)
    assert err.splitlines() == [
        "错误：事实文件 甲.yaml 有 2 处问题：",
        "  - 预算.收入合计：不是数字",
        "  - 单位.名称：缺少",
    ]


def test_file_errors_name_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    err = raise_in_user_errors(PermissionError(13, "Permission denied", "/tmp/只读/报告.docx"), capsys)
    assert err.startswith("错误：无法读写文件 /tmp/只读/报告.docx：")


def test_a_bug_keeps_its_traceback() -> None:
    with pytest.raises(ZeroDivisionError), user_errors():
        raise ZeroDivisionError("bug")
