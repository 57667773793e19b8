"""The bundled model behind its own server, shared by the tests of one module and stopped after them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.llm import LLMSettings
from assistant.llm.factory import server_config
from assistant.llm.server import ModelServer, server_for

SERVED = LLMSettings(backend="local", n_ctx=4096)
"""The server the integration tests' local models reach (answer limits are the client's, not the server's)."""


@pytest.fixture(scope="module")
def served() -> Iterator[ModelServer]:
    server = server_for(server_config(SERVED))
    yield server
    server.stop()
