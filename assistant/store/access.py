"""Who may do what to which report: the roles, the workflow states and the rules the store enforces.

The store checks every read and write against the ``Actor`` it acts for (``Store.acting_as``), inside the
transaction that does the work, so hiding a button is never the only guard: a write the role may not make,
or a write to a frozen report, is refused with ``AccessDenied`` and the refusal is logged. ``LOCAL`` is the
single-user mode of one office on one machine (no accounts in the database) and the command line: it may
do everything a role may, but a report submitted to the bureau is frozen for it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from assistant.store.errors import StoreError

Role = Literal["填报人", "单位负责人", "财政局审核人", "管理员"]
ROLES: Final[tuple[Role, ...]] = ("填报人", "单位负责人", "财政局审核人", "管理员")
UNIT_ROLES: Final[frozenset[str]] = frozenset({"填报人", "单位负责人"})
"""Roles that belong to one unit and see only that unit's reports."""

ReportState = Literal["起草中", "待单位审核", "已报送", "已退回", "已受理"]
STATES: Final[tuple[ReportState, ...]] = ("起草中", "待单位审核", "已报送", "已退回", "已受理")
EDITABLE: Final[frozenset[str]] = frozenset({"起草中", "已退回"})
"""States in which the unit may change the report; in every other state it is frozen."""
AT_BUREAU: Final[frozenset[str]] = frozenset({"已报送", "已退回", "已受理"})
"""States in which the bureau's reviewers may read the report."""

TRANSITIONS: Final[dict[tuple[str, str], tuple[str, frozenset[str]]]] = {
    ("起草中", "待单位审核"): ("提交单位审核", frozenset({"填报人", "单位负责人"})),
    ("已退回", "待单位审核"): ("修改后提交单位审核", frozenset({"填报人", "单位负责人"})),
    ("待单位审核", "起草中"): ("单位退回修改", frozenset({"单位负责人"})),
    ("待单位审核", "已报送"): ("报送财政局", frozenset({"单位负责人"})),
    ("已退回", "已报送"): ("修改后报送财政局", frozenset({"单位负责人"})),
    ("已报送", "已退回"): ("退回单位", frozenset({"财政局审核人"})),
    ("已报送", "已受理"): ("受理", frozenset({"财政局审核人"})),
}
"""(from, to) → (what the step is called, the roles that may take it)."""

Action = Literal["read", "edit", "chat", "create", "comment", "manage", "intake"]
_ACTION_WORDS: Final[dict[str, str]] = {
    "read": "查看",
    "edit": "修改",
    "chat": "在其中与助手对话",
    "create": "新建",
    "comment": "批注",
    "manage": "管理",
    "intake": "收取",
}


@dataclass(frozen=True)
class Actor:
    """Who the store acts for: an account (its name, role and unit) or the local single user (role None)."""

    username: str
    role: Role | None = None
    unit_id: int | None = None
    unit_name: str = ""

    @property
    def is_local(self) -> bool:
        return self.role is None

    @property
    def label(self) -> str:
        return self.username if self.role is None else f"{self.role}“{self.username}”"


LOCAL: Final = Actor("本机用户")
"""The single user of one office's own machine, and the command line."""


class AccessDenied(StoreError):
    """A read or write the actor's role may not make, or a write to a frozen report: refused and logged."""

    def __init__(self, actor: Actor, action: str, what: str, reason: str, project_id: int | None = None) -> None:
        self.actor = actor
        self.action = action
        self.what = what
        self.reason = reason
        self.project_id = project_id
        super().__init__(f"{actor.label}不能{action}{what}：{reason}。此次操作已拒绝并记入审计日志。")


def may(actor: Actor, action: Action, unit_id: int, state: str) -> str | None:
    """Why ``actor`` may not do ``action`` to a report of ``unit_id`` in ``state``; None when allowed."""
    if action in ("edit",) and state not in EDITABLE:
        return f"报告处于“{state}”状态，已冻结，需退回后才能修改"
    if actor.is_local:
        return None
    if action == "manage":
        return None if actor.role == "管理员" else "只有管理员可以管理单位、账号和应用设置"
    if actor.role in UNIT_ROLES:
        if actor.unit_id != unit_id:
            return "这份报告属于其他单位"
        return None if action in ("read", "edit", "chat", "create") else "只有财政局审核人可以批注"
    if actor.role == "财政局审核人":
        if action == "comment" and state != "已报送":
            return f"报告处于“{state}”状态，只能批注已报送的报告"
        if action in ("read", "comment") and state in AT_BUREAU:
            return None
        return "审核人只能查看和批注已报送财政局的报告" if action == "read" else "审核人不能修改单位的报告"
    return "管理员只管理单位和账号，不查看或修改报告"


def action_words(action: Action) -> str:
    return _ACTION_WORDS[action]


def transition_refusal(actor: Actor, current: str, target: str) -> tuple[str, str | None]:
    """The step's name and why ``actor`` may not move a report from ``current`` to ``target`` (None: may)."""
    step = TRANSITIONS.get((current, target))
    if step is None:
        return f"改为“{target}”", f"报告处于“{current}”状态，不能直接改为“{target}”"
    name, roles = step
    if actor.is_local or actor.role in roles:
        return name, None
    return name, f"只有{'或'.join(sorted(roles))}可以{name}"
