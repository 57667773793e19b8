"""One place that turns engine errors into one clear Chinese line and exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer

from assistant.errors import AssistantError
from assistant.facts import FactsError
from assistant.os_reasons import os_reason

EXIT_INPUT = 2


def fail(message: str) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(EXIT_INPUT)


@contextmanager
def user_errors() -> Iterator[None]:
    """Report input errors as ``错误：…`` lines on stderr and exit 2, never as a traceback.

    Every error the engine raises on purpose is an ``AssistantError`` worded for staff; anything else is a bug
    and keeps its traceback.
    """
    try:
        yield
    except FactsError as exc:
        typer.echo(f"错误：事实文件 {exc.source} 有 {len(exc.problems)} 处问题：", err=True)
        for problem in exc.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except AssistantError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法读写文件 {exc.filename or ''}：{os_reason(exc)}")
