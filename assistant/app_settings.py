"""Settings of the app shell, read from ``JIXIAO_*`` environment variables (or a ``.env`` file).

Only what is not the model's business lives here (the model's own settings are ``assistant.llm.LLMSettings``):
where the database is and which report type a new project gets. Nothing secret is ever a field here, except
that a PostgreSQL URL may carry the server's password: it is never shown (``Store.location`` hides it).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.profiles import DEFAULT_PROFILE


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/jixiao-assistant`` or ``~/.local/share/jixiao-assistant``: user data that must survive."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "jixiao-assistant"


class AppSettings(BaseSettings):
    """App settings; every field can be set as ``JIXIAO_<FIELD>`` (e.g. JIXIAO_DB_PATH=/srv/jixiao/app.db)."""

    model_config = SettingsConfigDict(env_prefix="JIXIAO_", env_file=".env", extra="ignore")

    db_path: Path = Field(
        default_factory=lambda: default_data_dir() / "app.db",
        description="SQLite database holding units, report projects, facts, section versions and chat history",
    )
    database_url: str | None = Field(
        None,
        description="postgresql://user:password@host/db for a bureau's shared server; when set, db_path is not used",
    )
    profile: str = Field(DEFAULT_PROFILE, description="report type given to a new report project")
    model_timeout: float = Field(
        180.0,
        gt=0,
        description="seconds the app waits for the model's next words before it gives up and keeps the text as it was",
    )

    @property
    def database(self) -> str:
        """What ``Store()`` opens: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.database_url or str(self.db_path)
