"""A real app server and a real browser for the end-to-end tests: Debian's chromium driven by Playwright.

Playwright cannot download its own browser here, so the system chromium is launched through
``executable_path``; the server is ``streamlit run app.py`` on 127.0.0.1 and a free port.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class AppServer:
    """``streamlit run app.py`` as staff start it, on its own database; can be killed and started again."""

    def __init__(
        self, db_path: Path, log_path: Path, port: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.db_path = db_path
        self.log_path = log_path
        self.port = port or free_port()
        self.env = {"JIXIAO_LLM_BACKEND": "template", **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> AppServer:
        env = {**os.environ, "JIXIAO_DB_PATH": str(self.db_path), **self.env}
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1"]
        command += ["--server.port", str(self.port), "--server.headless", "true"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app server exited: {self.log_path.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"app server did not answer on {self.url}")

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug would: no shutdown handler runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def settle(page: Any, pause: int = 400) -> None:
    """Wait until the app has finished its rerun and drawn every element."""
    page.wait_for_timeout(pause)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=60_000)
    page.wait_for_timeout(200)


def sidebar(page: Any) -> Any:
    return page.locator('[data-testid="stSidebar"]')


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
