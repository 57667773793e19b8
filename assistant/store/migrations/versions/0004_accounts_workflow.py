"""Accounts, the reports' workflow state, the reviewer's comments and the append-only audit log.

A bureau has many people on one database: each account has a role and (except the bureau's own staff) a
unit; each report has a workflow state with the checker's counts and key figures taken when it was
submitted (the dashboard lists 200 units without re-checking 200 reports); every write is recorded in
``audit_log``, which triggers keep append-only on both databases. Reports that arrive as files from units
not using the app are kept in ``intake_files`` (the file itself, and what the checker found in it).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ROLES = "role IN ('填报人', '单位负责人', '财政局审核人', '管理员')"
_STATES = "state IN ('起草中', '待单位审核', '已报送', '已退回', '已受理')"


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("display_name", sa.Text, nullable=False, server_default=""),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.CheckConstraint(_ROLES, name="account_role"),
    )
    op.create_table(
        "report_states",
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("errors", sa.Integer),
        sa.Column("warnings", sa.Integer),
        sa.Column("summary_json", sa.Text, nullable=False, server_default="{}"),
        sa.Column("submitted_at", sa.Text),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.CheckConstraint(_STATES, name="report_state"),
    )
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("section_id", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("comments_by_report", "review_comments", ["project_id", "id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("project_id", sa.Integer),
        sa.Column("section_id", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("from_version", sa.Text),
        sa.Column("to_version", sa.Text),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.CheckConstraint("outcome IN ('完成', '拒绝')", name="audit_outcome"),
    )
    op.create_index("audit_by_report", "audit_log", ["project_id", "id"])
    op.create_table(
        "intake_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("unit_name", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("summary_json", sa.Text, nullable=False, server_default="{}"),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    op.create_index("intake_by_year", "intake_files", ["year", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_index("intake_by_year", "intake_files")
    op.drop_table("intake_files")
    op.drop_index("audit_by_report", "audit_log")
    op.drop_table("audit_log")
    op.drop_index("comments_by_report", "review_comments")
    for table in ("review_comments", "report_states", "accounts"):
        op.drop_table(table)
