"""``assistant doctor``: everything an administrator asks first when drafting does not work, in one report.

Each check is a line a user can read out over the phone: what was looked at, what was found, and whether it
stops drafting. Only the checks on the configured model path can fail the whole report; the rest inform.
Nothing here loads llama.cpp: the smoke generation runs in a child process.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.app_settings import AppSettings
from assistant.errors import AssistantError
from assistant.llm.bundled import bundled_model_path
from assistant.llm.errors import LLMError
from assistant.llm.settings import LLMSettings, decode_threads
from assistant.llm.smoke import run_smoke

PACKAGES = (
    "jixiao-assistant",
    "llama-cpp-python",
    "langchain-core",
    "langchain-openai",
    "openai",
    "pydantic",
    "streamlit",
    "python-docx",
)
CPU_FLAGS = ("avx", "avx2", "fma", "f16c", "avx512f", "avx512_fp16", "avx512_bf16", "amx_tile")
HASH_CHUNK = 8 * 1024 * 1024
CONNECT_SECONDS = 5
"""How long doctor waits for a database server before it says it cannot be reached."""


@dataclass(frozen=True)
class Check:
    """One line of the report; ``blocking`` failures mean the configured backend cannot draft."""

    name: str
    ok: bool
    detail: str
    blocking: bool = False


def cpu_flags() -> tuple[str, list[str]]:
    """The processor's name and which of the instruction sets llama.cpp cares about it has."""
    name, flags = platform.processor() or platform.machine(), set[str]()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                name = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
                break
    except OSError:
        pass
    return name, [f for f in CPU_FLAGS if f in flags]


def _versions() -> str:
    found = []
    for package in PACKAGES:
        try:
            found.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{package} 未安装")
    return "；".join(found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(HASH_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _database(path: Path) -> Check:
    if not path.exists():
        return Check("数据库", True, f"{path}（尚未创建，首次打开应用时创建）")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            verdict = str(db.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.Error as exc:
        return Check("数据库", False, f"{path} 无法读取：{exc}")
    return Check("数据库", verdict == "ok", f"{path}，完整性检查：{'正常' if verdict == 'ok' else verdict}")


def _database_server(url: str) -> Check:
    """The PostgreSQL server the app opens instead of the SQLite file: can it be reached, and which migration
    its schema is at. The password is never shown, not even inside a driver's error."""
    import sqlalchemy as sa

    from assistant.store.schema import database_url, head_revision, schema_version

    try:
        target = database_url(url)
    except AssistantError as exc:
        return Check("数据库", False, str(exc))
    shown = target.render_as_string(hide_password=True)
    engine = sa.create_engine(target, poolclass=sa.pool.NullPool, connect_args={"connect_timeout": CONNECT_SECONDS})
    try:
        with engine.connect() as conn:
            found = schema_version(conn)
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        if target.password:
            reason = reason.replace(str(target.password), "***")
        return Check("数据库", False, f"{shown} 无法连接：{reason[:200]}")
    finally:
        engine.dispose()
    head = head_revision()
    if found is None:
        return Check("数据库", True, f"{shown}（尚无数据表，首次打开应用时创建）")
    if found == head:
        return Check("数据库", True, f"{shown}，迁移版本 {head}（最新）")
    return Check("数据库", True, f"{shown}，迁移版本 {found}，本程序为 {head}（打开应用时自动升级）")


def _local_checks(settings: LLMSettings) -> list[Check]:
    try:
        path = settings.model_path or bundled_model_path(settings.cache_dir)
    except LLMError as exc:
        return [Check("模型文件", False, str(exc), blocking=True)]
    if not path.is_file():
        return [Check("模型文件", False, f"找不到 {path}，请检查 JIXIAO_LLM_MODEL_PATH", blocking=True)]
    checks = [Check("模型文件", True, f"{path}，{path.stat().st_size:,} 字节，sha256 {_sha256(path)}")]
    threads = decode_threads(settings)
    smoke = run_smoke(path, threads)
    if smoke.ok:
        checks.append(Check("llama.cpp 编译选项", True, smoke.system_info))
        checks.append(
            Check(
                "试生成",
                True,
                f"{smoke.tokens} 个词元用时 {smoke.seconds:.2f} 秒，{smoke.tokens_per_second:.1f} 词元/秒"
                f"（{threads} 个线程）：“{smoke.text.strip()[:30]}”",
            )
        )
    else:
        checks.append(Check("试生成", False, smoke.message, blocking=True))
    return checks


def _endpoint_check(settings: LLMSettings) -> Check:
    if not settings.base_url:
        return Check("模型接口", settings.api_key is not None, "使用 OpenAI 官方接口（未设置 JIXIAO_LLM_BASE_URL）")
    headers = {"Authorization": f"Bearer {settings.api_key.get_secret_value()}"} if settings.api_key else {}
    try:
        answer = httpx.get(f"{settings.base_url.rstrip('/')}/models", headers=headers, timeout=10)
    except httpx.HTTPError as exc:
        return Check("模型接口", False, f"{settings.base_url} 无法连接（{type(exc).__name__}）", blocking=True)
    ok = answer.status_code == 200
    return Check("模型接口", ok, f"{settings.base_url} 回应 HTTP {answer.status_code}", blocking=not ok)


def diagnose(settings: LLMSettings | None = None, app: AppSettings | None = None) -> list[Check]:
    """All checks, in the order a person would read them."""
    settings = settings or LLMSettings()
    app = app or AppSettings()
    cpu, flags = cpu_flags()
    checks = [
        Check("Python", True, f"{sys.version.split()[0]}（{sys.executable}）"),
        Check("软件包", True, _versions()),
        Check("处理器", True, f"{cpu}；指令集：{' '.join(flags) or '未知'}"),
        Check(
            "起草方式",
            True,
            {"local": "本地模型", "openai": "OpenAI 兼容接口", "template": "模板（不用模型）"}[settings.backend],
        ),
    ]
    if settings.backend == "local":
        checks += _local_checks(settings)
    elif settings.backend == "openai":
        checks.append(_endpoint_check(settings))
    checks.append(_database_server(app.database_url) if app.database_url else _database(app.db_path))
    return checks
