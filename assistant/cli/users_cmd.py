"""``assistant users``: accounts of a bureau's deployment, from the command line of the server.

The command line acts as the machine's own administrator (``LOCAL``): it is how the first 管理员 is made,
before anyone can sign in. Passwords are asked for twice without echo, or read from ``--password-stdin``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.app_settings import AppSettings
from assistant.cli.errors import fail, user_errors

# The store and the accounts are imported inside the commands: SQLAlchemy, Alembic and argon2 would cost
# every other command (assistant check on a 5 MB file included) about 25 MB and their start-up time.
ROLE_HELP = "角色：填报人、单位负责人、财政局审核人、管理员"
"""The roles of assistant.store.ROLES, written out for --help (tests/test_users_cli.py keeps them equal)."""

app = typer.Typer(help="账号：新建、列出、改密码、停用（第一个管理员也由此创建）。", no_args_is_help=True)

PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="从标准输入读一行作为密码（脚本用）")]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("密码", hide_input=True, confirmation_prompt="再输入一次密码"))


@app.command()
def add(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)],
    unit: Annotated[str | None, typer.Option("--unit", help="所属单位（填报人、单位负责人必填）")] = None,
    name: Annotated[str, typer.Option("--name", help="显示的姓名")] = "",
    email: Annotated[str, typer.Option("--email", help="统一身份认证（OIDC）登录时对应的电子邮箱")] = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """新建账号。"""
    from assistant import accounts
    from assistant.store import ROLES, Store

    if role not in ROLES:
        fail(f"没有“{role}”这个角色，可选：{'、'.join(ROLES)}")
    with user_errors():
        store = Store(AppSettings().database)
        made = accounts.add_account(store, username, _password(password_stdin), role, unit, name, email)
    typer.echo(f"已新建账号“{made.username}”（{made.role}{'，' + made.unit_name if made.unit_name else ''}）")


@app.command("list")
def list_() -> None:
    """列出全部账号。"""
    from assistant.store import Store

    with user_errors():
        found = Store(AppSettings().database).accounts()
    if not found:
        typer.echo("还没有账号：应用以单机模式运行（只能在本机 127.0.0.1 上打开）。")
    for account in found:
        typer.echo(f"{account.username}\t{account.role}\t{account.unit_name or '—'}\t{account.display_name}")


@app.command()
def passwd(username: Annotated[str, typer.Argument(help="用户名")], password_stdin: PasswordStdin = False) -> None:
    """修改账号的密码。"""
    from assistant import accounts
    from assistant.store import Store

    with user_errors():
        accounts.set_password(Store(AppSettings().database), username, _password(password_stdin))
    typer.echo(f"已修改“{username}”的密码")


@app.command()
def disable(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """停用账号：它的所有登录会话立即失效，不能再登录。"""
    from assistant.store import Store

    with user_errors():
        Store(AppSettings().database).set_active(username, False)
    typer.echo(f"已停用“{username}”，其所有登录会话已失效")


@app.command()
def enable(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """重新启用停用的账号（需重新登录）。"""
    from assistant.store import Store

    with user_errors():
        Store(AppSettings().database).set_active(username, True)
    typer.echo(f"已启用“{username}”")


@app.command("check-address", hidden=True)
def check_address(address: Annotated[str, typer.Argument(help="应用将监听的地址")]) -> None:
    """启动前检查：没有账号时只允许在本机地址上监听（scripts/app.sh 调用）。"""
    from assistant import accounts
    from assistant.store import Store

    with user_errors():
        refusal = accounts.bind_refusal(address, Store(AppSettings().database).has_accounts())
    if refusal:
        fail(refusal)
