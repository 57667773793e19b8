"""A few tokens from the local model in a child process: does this llama.cpp build run on this processor?

A build made for another CPU does not fail politely: it segfaults or hits an illegal instruction on the
first generation. So ``model install`` and ``doctor`` never try it in their own process; they run
``python -m assistant.llm.smoke MODEL`` and read one JSON line back, or learn from the exit status how it died.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.llm.server import REBUILD_HINT, exit_reason

SMOKE_TOKENS = 16
SMOKE_PROMPT = "<|im_start|>user\n用一句话介绍部门整体支出绩效评价。<|im_end|>\n<|im_start|>assistant\n"


@dataclass(frozen=True)
class SmokeResult:
    """What the child reported, or why it could not."""

    ok: bool
    message: str
    tokens: int = 0
    seconds: float = 0.0
    text: str = ""
    system_info: str = ""

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


def run_smoke(model_path: Path, threads: int, timeout: float = 300.0) -> SmokeResult:
    """Generate SMOKE_TOKENS tokens in a child; a crash or hang is a result, never an exception."""
    command = [sys.executable, "-m", "assistant.llm.smoke", str(model_path), str(threads)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return SmokeResult(False, f"试生成在 {timeout:.0f} 秒内没有完成（模型卡住）。{REBUILD_HINT}")
    if done.returncode != 0:
        reason = exit_reason(done.returncode)
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        detail = REBUILD_HINT if done.returncode < 0 else f"输出：{last[0][:300]}"
        return SmokeResult(False, f"试生成失败（{reason}）。{detail}")
    report = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    return SmokeResult(
        True,
        "试生成成功",
        tokens=int(report["tokens"]),
        seconds=float(report["seconds"]),
        text=str(report["text"]),
        system_info=str(report["system_info"]),
    )


def main() -> None:
    """Child side: load the model, generate, print one JSON line. Runs only in its own process."""
    import llama_cpp

    model_path, threads = sys.argv[1], int(sys.argv[2])
    llama = llama_cpp.Llama(model_path=model_path, n_ctx=512, n_threads=threads, seed=42, verbose=False)
    tokens = llama.tokenize(SMOKE_PROMPT.encode("utf-8"), add_bos=False, special=True)
    produced: list[int] = []
    started = time.perf_counter()
    first: float | None = None
    for token in llama.generate(tokens, temp=0.0):
        first = first or time.perf_counter()
        if llama_cpp.llama_vocab_is_eog(llama._model.vocab, token) or len(produced) >= SMOKE_TOKENS:
            break
        produced.append(token)
    ended = time.perf_counter()
    decode = ended - (first or started)
    report = {
        "tokens": max(len(produced) - 1, 0),
        "seconds": decode,
        "text": llama.detokenize(produced).decode("utf-8", "replace"),
        "system_info": llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip(),
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
