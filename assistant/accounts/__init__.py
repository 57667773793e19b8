"""Accounts of a bureau's deployment: argon2 password hashes, sign-in, and the actor a session acts as.

Passwords are hashed with argon2id (``argon2-cffi``, its default parameters); nothing here is home-made
crypto. A sign-in opens a session: a random token (``secrets``) the browser keeps in a cookie, of which the
database keeps only the SHA-256, with an expiry; signing out, a new password or disabling the account ends it.
A database without accounts is single-user mode (``LOCAL``): the app asks nobody to sign in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.errors import AssistantError
from assistant.store import LOCAL, ROLES, Account, Actor, Store

MIN_PASSWORD: Final = 8
_HASHER: Final = PasswordHasher()


class AccountError(AssistantError):
    """An account that cannot be made as asked (a password too short)."""


class SignInError(AssistantError):
    """A sign-in refused: unknown user, wrong password or a disabled account (one message for all three)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    return _HASHER.hash(password)


def actor_of(account: Account) -> Actor:
    if account.role not in ROLES:
        raise AccountError(f"账号“{account.username}”的角色“{account.role}”无法识别")
    return Actor(account.username, account.role, account.unit_id, account.unit_name)


def sign_in(store: Store, username: str, password: str) -> Actor:
    """The actor of a correct username and password; ``SignInError`` otherwise, without saying which was wrong."""
    account = store.account(username)
    refused = SignInError("用户名或密码不正确")
    if account is None or not account.active:
        _HASHER.hash(password)  # the same work as a real check, so timing does not tell which names exist
        raise refused
    try:
        _HASHER.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise refused from None
    return actor_of(account)


def identity_sign_in(store: Store, email: str) -> Actor:
    """The actor of the account holding ``email``, an address the bureau's identity provider vouched for
    (``st.login``); ``SignInError`` when no active account holds it: the provider says who someone is, the
    database says what they may do."""
    account = store.account_by_email(email)
    if account is None or not account.active:
        raise SignInError(
            f"统一身份认证的账号“{email}”在本应用中没有对应的账号（或该账号已停用），"
            "请联系管理员用 assistant users add … --email 建立"
        )
    return actor_of(account)


def add_account(
    store: Store,
    username: str,
    password: str,
    role: str,
    unit: str | None = None,
    display_name: str = "",
    email: str = "",
) -> Account:
    """Create an account with an argon2 hash of ``password`` (the store checks that its actor may)."""
    return store.add_account(username, role, unit, hash_password(password), display_name, email)


def set_password(store: Store, username: str, password: str) -> None:
    """Replace the password; every session of the account ends (the store revokes them in the same transaction)."""
    store.set_password_hash(username, hash_password(password))


SESSION_LIFETIME: Final = timedelta(hours=12)
"""How long a sign-in lasts without signing in again: a working day, so a reload or a new tab keeps it."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(store: Store, actor: Actor) -> str:
    """A new random session token for a signed-in ``actor``; the store keeps only its SHA-256.

    256 random bits (``secrets``) need no slow hash: unlike a password, a token cannot be guessed from a list.
    """
    token = secrets.token_urlsafe(32)
    store.add_session(actor.username, _token_hash(token), SESSION_LIFETIME)
    return token


def resume_session(store: Store, token: str) -> Actor | None:
    """The actor of a live session token; None for an unknown (forged), expired or revoked token, or a disabled
    account."""
    if not token or len(token) > 200:
        return None
    account = store.session_account(_token_hash(token))
    return actor_of(account) if account is not None else None


def close_session(store: Store, token: str) -> None:
    """Sign out: the token is refused from now on, by every app process."""
    store.revoke_session(_token_hash(token))


def session_actor(store: Store, signed_in: Actor | None) -> Actor | None:
    """Who a session acts as: ``LOCAL`` in single-user mode, else the signed-in actor (None: must sign in)."""
    if not store.has_accounts():
        return LOCAL
    return signed_in


LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1"})


def bind_refusal(address: str, has_accounts: bool) -> str | None:
    """Why the app may not listen on ``address`` (None: it may): single-user mode is for this machine only."""
    if has_accounts or address.strip() in LOOPBACK:
        return None
    return (
        f"应用设为在 {address} 上监听，但数据库中还没有任何账号：单机模式没有登录，"
        "局域网里任何人都能读写全部报告，已拒绝启动。"
        "请先用 assistant users add 管理员用户名 --role 管理员 创建管理员账号，或改回只在本机 127.0.0.1 上监听。"
    )


__all__ = [
    "LOOPBACK",
    "MIN_PASSWORD",
    "SESSION_LIFETIME",
    "AccountError",
    "SignInError",
    "actor_of",
    "add_account",
    "bind_refusal",
    "close_session",
    "hash_password",
    "identity_sign_in",
    "open_session",
    "resume_session",
    "session_actor",
    "set_password",
    "sign_in",
]
