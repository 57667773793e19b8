"""``assistant users``: the first 管理员 is made from the command line, passwords never echoed or stored plain."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.accounts import sign_in
from assistant.cli.main import app
from assistant.store import Store


def test_add_list_passwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "app.db"
    monkeypatch.setenv("JIXIAO_DB_PATH", str(db))
    monkeypatch.delenv("JIXIAO_DATABASE_URL", raising=False)
    runner = CliRunner()
    empty = runner.invoke(app, ["users", "list"])
    assert "单机模式" in empty.output
    assert runner.invoke(app, ["users", "check-address", "127.0.0.1"]).exit_code == 0
    refused = runner.invoke(app, ["users", "check-address", "0.0.0.0"])
    assert refused.exit_code == 2 and "已拒绝启动" in refused.output
    made = runner.invoke(app, ["users", "add", "root", "--role", "管理员", "--password-stdin"], input="first pass 1\n")
    assert made.exit_code == 0, made.output
    clerk = ["users", "add", "lin", "--role", "填报人", "--unit", "县林业局", "--password-stdin"]
    assert runner.invoke(app, clerk, input="clerk pass 1\n").exit_code == 0
    assert runner.invoke(app, ["users", "check-address", "0.0.0.0"]).exit_code == 0
    listed = runner.invoke(app, ["users", "list"]).output
    assert "root\t管理员" in listed and "lin\t填报人\t县林业局" in listed
    assert runner.invoke(app, ["users", "passwd", "lin", "--password-stdin"], input="changed pass 2\n").exit_code == 0
    store = Store(db)
    assert sign_in(store, "lin", "changed pass 2").unit_name == "县林业局"
    assert b"clerk pass 1" not in db.read_bytes() and b"changed pass 2" not in db.read_bytes()
    bad = runner.invoke(app, ["users", "add", "x", "--role", "科长", "--password-stdin"], input="whatever 12\n")
    assert bad.exit_code == 2 and "没有“科长”这个角色" in bad.output


def test_the_role_help_lists_the_stores_roles() -> None:
    """The --role help is written out so that the command line starts without the store; it must not drift."""
    from assistant.cli.users_cmd import ROLE_HELP
    from assistant.store import ROLES

    assert "角色：" + "、".join(ROLES) == ROLE_HELP
