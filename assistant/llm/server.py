"""The local model as a managed child process: started on first use, checked, restarted, stopped with us.

llama.cpp is native code; built for the wrong processor it segfaults, and a model can hang. Run inside the
app, either takes every open tab down. So the ``local`` backend serves the GGUF file with llama-cpp-python's
own OpenAI-compatible server (``assistant.llm.serve``) on a free 127.0.0.1 port and talks to it like any
other endpoint. This module owns that process: one per model configuration and app process, shared by every
tab, with a first-come-first-served line in front of it so a second request waits (and can say so) instead
of interrupting the first.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from assistant.llm.errors import ModelTimeout, ModelUnavailable

log = logging.getLogger(__name__)

HEALTH_TIMEOUT = 5.0
"""Seconds a healthy idle server takes at most to list its models."""

EXIT_GRACE = 2.0
"""Seconds a failed request waits for the server's exit to become visible (see ``ModelServer.failure``)."""

HEARTBEAT = 1.0
"""A waiting request reports its place in the line at least this often, so a UI knows it is alive (and a
writer who cancels while waiting leaves the line within this time)."""

LOG_TAIL = 1500

REBUILD_HINT = (
    "请在项目目录运行 bash scripts/setup.sh 重新编译 llama-cpp-python（不带本机专用指令），"
    "运行 assistant doctor 查看诊断；或在“设置”中改用 OpenAI 兼容接口。"
)


@dataclass(frozen=True)
class ServerConfig:
    """How the child serves the model; one server per distinct configuration."""

    model_path: Path
    n_ctx: int
    n_threads: int
    n_threads_batch: int
    n_batch: int
    startup_timeout: float


CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGILL, signal.SIGBUS, signal.SIGFPE, signal.SIGABRT})


def crashed(returncode: int) -> bool:
    """Whether the process died of its own fault (native code), rather than being stopped or exiting."""
    return returncode < 0 and -returncode in CRASH_SIGNALS


def exit_reason(returncode: int) -> str:
    """A dead process's exit status in words (the signal's name kept for an administrator), with the likely
    cause when it is a crash."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"信号 {-returncode}"
        if crashed(returncode):
            return f"崩溃（{name}），很可能是 llama.cpp 的编译方式与本机处理器不符"
        if name == "SIGKILL":
            return "被强制结束（SIGKILL）"
        return f"被系统停止（{name}）"
    return f"退出码 {returncode}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RequestLine:
    """First come, first served, with each waiter told how many are ahead of it and how many of those only
    warm the model up (see ``EndpointChatModel.warm``), which a writer should hear about differently."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._line: list[tuple[object, bool]] = []

    def __len__(self) -> int:
        with self._cond:
            return len(self._line)

    def _ahead(self, me: tuple[object, bool]) -> tuple[int, int]:
        place = self._line.index(me)
        return place, sum(warm for _, warm in self._line[:place])

    @contextmanager
    def turn(self, on_wait: Callable[[int, int], None] | None = None, warm: bool = False) -> Iterator[None]:
        """Hold the model for one request; ``on_wait(ahead, warming)`` is called while waiting, at least every
        HEARTBEAT seconds; ``warming`` of the ``ahead`` requests are warm-ups."""
        me = (object(), warm)
        with self._cond:
            self._line.append(me)
        try:
            while True:
                with self._cond:
                    ahead = self._ahead(me)
                if not ahead[0]:
                    break
                if on_wait is not None:
                    on_wait(*ahead)
                with self._cond:
                    if self._ahead(me) == ahead:
                        self._cond.wait(timeout=HEARTBEAT)
            yield
        finally:
            with self._cond:
                self._line.remove(me)
                self._cond.notify_all()


class ModelServer:
    """One ``assistant.llm.serve`` child: start, health, restart after a crash or hang, stop."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.line = RequestLine()
        self.restarts = 0
        self.last_failure = ""
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._port = 0
        self._log_path = Path(tempfile.gettempdir()) / "jixiao-llama-server.log"
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/v1"

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def running(self) -> bool:
        return self.pid is not None

    def ensure(self, on_status: Callable[[str], None] | None = None) -> str:
        """The base URL of a healthy server, starting or restarting it first if needed."""
        with self._lock:
            process = self._process
            if process is not None and process.poll() is None and self._healthy():
                return self.base_url
            if process is not None:
                log.warning("model server pid %s not usable (exit status %s); restarting", process.pid, process.poll())
                if process.poll() is not None:
                    self.last_failure = f"本地模型服务已退出（{exit_reason(process.returncode)}），正在重新启动"
                self._terminate()
                self.restarts += 1
            if on_status is not None:
                on_status("正在启动本地模型……")
            self._start()
            return self.base_url

    def failure(self, error_name: str, timed_out: bool, timeout: float) -> ModelUnavailable:
        """What a failed request means for the user, after making sure the next request gets a working server."""
        with self._lock:
            process = self._process
            if process is not None and process.poll() is None:
                # A dying process closes its sockets before it can be reaped: the client sees the
                # connection drop first. Give the exit a moment to become visible before judging.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=EXIT_GRACE)
            if process is not None and process.poll() is not None:
                reason = exit_reason(process.returncode)
                log.warning("model server pid %s died during a request: %s", process.pid, reason)
                self.last_failure = f"本地模型服务中途退出（{reason}）"
                hint = f"。{REBUILD_HINT}" if crashed(process.returncode) else "，下次请求会自动重新启动模型"
                return ModelUnavailable(f"本地模型服务中途退出（{reason}），本次回答没有完成{hint}")
            if timed_out:
                log.warning("model server silent for %.0f s; killing it", timeout)
                self.last_failure = f"本地模型 {timeout:.0f} 秒没有响应，已重新启动"
                self._terminate(hung=True)
                return ModelTimeout(f"本地模型 {timeout:.0f} 秒没有响应，已停止它，下次请求会重新启动")
            return ModelUnavailable(f"无法与本地模型服务通信（{error_name}），请重试")

    def stop(self) -> None:
        with self._lock:
            self._terminate()

    def log_tail(self) -> str:
        try:
            return self._log_path.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL:]
        except OSError:
            return ""

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/models", timeout=HEALTH_TIMEOUT).status_code == 200
        except httpx.HTTPError:
            return False

    def _command(self) -> list[str]:
        c = self.config
        return [
            sys.executable,
            "-m",
            "assistant.llm.serve",
            "--model",
            str(c.model_path),
            "--model_alias",
            c.model_path.name,
            "--host",
            "127.0.0.1",
            "--port",
            str(self._port),
            "--n_ctx",
            str(c.n_ctx),
            "--n_threads",
            str(c.n_threads),
            "--n_threads_batch",
            str(c.n_threads_batch),
            "--n_batch",
            str(c.n_batch),
            # The stock server cancels a running answer when a new request arrives; ours wait in line instead.
            "--interrupt_requests",
            "False",
        ]

    def _start(self) -> None:
        if not self.config.model_path.is_file():
            raise ModelUnavailable(f"找不到模型文件 {self.config.model_path}，请检查 JIXIAO_LLM_MODEL_PATH")
        self._port = free_port()
        self._log_path = Path(tempfile.gettempdir()) / f"jixiao-llama-server-{self._port}.log"
        self._log = self._log_path.open("wb")
        # stdin is the child's lifeline (see assistant.llm.serve): never written, closed only by our exit.
        self._process = subprocess.Popen(
            self._command(), stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + self.config.startup_timeout
        while not self._healthy():
            if self._process.poll() is not None:
                reason = exit_reason(self._process.returncode)
                log.warning("model server pid %s failed to start: %s", self._process.pid, reason)
                tail = self.log_tail().strip().splitlines()[-1:] or [""]
                self.last_failure = f"本地模型服务启动失败（{reason}）"
                self._terminate()
                hint = REBUILD_HINT if crashed(self._process.returncode) else f"服务输出：{tail[0][:200]}"
                raise ModelUnavailable(f"本地模型服务启动失败（{reason}）。{hint}")
            if time.monotonic() > deadline:
                self._terminate()
                raise ModelTimeout(
                    f"本地模型在 {self.config.startup_timeout:.0f} 秒内没有启动完成，"
                    "请运行 assistant doctor 查看，或调大 JIXIAO_LLM_STARTUP_TIMEOUT"
                )
            time.sleep(0.2)
        log.info("model server pid %s ready on port %s", self._process.pid, self._port)

    def _terminate(self, hung: bool = False) -> None:
        """Stop the child: politely, unless it is hung (a hung process would only make us wait)."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                if hung:
                    process.kill()
                else:
                    process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdin is not None:
                process.stdin.close()
        if self._log is not None:
            self._log.close()
            self._log = None


_SERVERS: dict[ServerConfig, ModelServer] = {}
_SERVERS_LOCK = threading.Lock()


def server_for(config: ServerConfig) -> ModelServer:
    """The process's one server for this configuration (not started until its first request)."""
    with _SERVERS_LOCK:
        server = _SERVERS.get(config)
        if server is None:
            server = _SERVERS[config] = ModelServer(config)
        return server


@atexit.register
def _stop_all() -> None:
    for server in list(_SERVERS.values()):
        server.stop()
