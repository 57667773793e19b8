"""``assistant draft --backend local|openai``: drafting with a model, shown as a progress bar on stderr.

The bar advances one step per block; beside it runs the tail of the text the model is writing, so a
slow local model visibly works. The gate's summary follows, so staff see what it stopped.
"""

from __future__ import annotations

from langchain_core.language_models.chat_models import BaseChatModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from assistant.cli.errors import fail, user_errors
from assistant.context import ReportContext
from assistant.drafting import DraftEvent, ReportResult
from assistant.drafting.blocks import split_blocks
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.client import model_status
from assistant.llm.errors import ModelUnavailable

TAIL_CHARS = 36


def _block_count(context: ReportContext, section: str | None) -> int:
    ids = [section] if section else [spec.id for spec in context.profile.sections]
    return sum(len(split_blocks(context.section_skeleton(sid))) for sid in ids)


def _summary(result: ReportResult, console: Console, whole: bool) -> None:
    blocks = [b for s in result.sections for b in s.blocks]
    count = {k: sum(b.status == k for b in blocks) for k in ("model", "repaired", "fixed", "fallback", "kept")}
    before = sum(len(s.unsupported_before) for s in result.sections)
    after = sum(len(s.unsupported_after) for s in result.sections)
    stats = result.stats
    rate = f"，解码 {stats.decode_rate:.1f} 词元/秒" if stats.decode_rate else ""
    console.print(
        f"模型起草 {len(blocks)} 段：直接通过 {count['model']}，模型修正 {count['repaired']}，"
        f"用原句修补 {count['fixed']}，整段用骨架稿 {count['fallback']}，未交模型 {count['kept']}。"
    )
    coverage = f"；数字事实覆盖 {result.coverage.present}/{result.coverage.total}" if whole else ""
    console.print(f"事实闸门：拦下无依据的数字 {before} 个，成稿中 {after} 个{coverage}{rate}。")
    for line in claims_summary(result):
        console.print(line)
    for s in result.sections:
        for b in s.blocks:
            if b.status in ("fixed", "fallback"):
                console.print(f"  - {b.heading}：{b.reason or '用骨架稿句子修补'}")


def claims_summary(result: ReportResult) -> list[str]:
    """The claims gate's counts, one line per check: what the model wrote, and what is left in the draft."""
    sections = result.sections
    names = sum(len(s.names_before) for s in sections), sum(len(s.claims.names) for s in sections)
    evaluations = sum(len(s.evaluations_before) for s in sections), sum(len(s.claims.evaluations) for s in sections)
    dropped = sum(len(s.dropped_before) for s in sections), sum(len(s.claims.dropped) for s in sections)
    return [
        f"名称闸门：拦下无依据的名称 {names[0]} 个，成稿中 {names[1]} 个。",
        f"评价闸门：拦下无依据的评价 {evaluations[0]} 处，成稿中 {evaluations[1]} 处。",
        f"细节闸门：遗漏的细节 {dropped[0]} 处，成稿中 {dropped[1]} 处。",
    ]


def chat_model(backend: str) -> BaseChatModel | None:
    """The configured model for ``backend`` (local or openai), or one Chinese line and exit 2; every command
    that calls a model gets it here, so they all read the same settings."""
    settings = LLMSettings().model_copy(update={"backend": backend})
    with user_errors():
        return get_chat_model(settings)


def draft_with_model(context: ReportContext, backend: str, section: str | None) -> ReportResult:
    """Draft with the configured model, showing progress and then the gate's summary on stderr."""
    model = chat_model(backend)
    console = Console(stderr=True, soft_wrap=True)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[tail]}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("加载模型", total=_block_count(context, section), tail="")
        written = [""]

        def on_event(event: DraftEvent) -> None:
            if event.kind == "section_started":
                progress.update(task, description=event.text)
            elif event.kind == "block_started":
                written[0] = ""
            elif event.kind == "token":
                written[0] = (written[0] + event.text)[-TAIL_CHARS:]
                progress.update(task, tail=written[0].replace("\n", " "))
            elif event.kind == "repairing":
                progress.update(task, tail="数字核对未通过，正在修正……")
            elif event.kind == "restyling":
                progress.update(task, tail="改写与原稿几乎相同，正在换一种写法……")
            elif event.kind == "block_finished":
                progress.advance(task)

        def on_status(line: str) -> None:
            progress.update(task, tail=line[:TAIL_CHARS])

        with user_errors(), model_status(on_status):
            try:
                result = context.draft_report(model, on_event, section)
            except ModelUnavailable as exc:
                fail(f"{exc}。没有写入任何文件，已有的报告不受影响，可以直接重试。")
    _summary(result, console, section is None)
    return result
