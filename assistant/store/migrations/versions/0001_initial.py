"""The schema as release 1 made it (it was ``MIGRATIONS[0]`` in schema.py, counted in ``PRAGMA user_version``).

A SQLite file made by that release already has these tables: ``schema.migrate`` recognises it by
``user_version = 1`` and stamps this revision instead of running it, so no row is touched.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("profile", sa.Text, nullable=False),
        sa.Column("facts_json", sa.Text, nullable=False, server_default="{}"),
        sa.Column("facts_revision", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.UniqueConstraint("unit_id", "year"),
    )
    op.create_table(
        "section_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("section_id", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("section_versions.id")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.UniqueConstraint("project_id", "section_id", "seq"),
    )
    op.create_table(
        "sections",
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), primary_key=True),
        sa.Column("section_id", sa.Text, primary_key=True),
        sa.Column("head_id", sa.Integer, sa.ForeignKey("section_versions.id")),
        sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("section_id", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.CheckConstraint("role IN ('user', 'assistant', 'error')"),
    )
    op.create_index("chat_by_section", "chat_messages", ["project_id", "section_id", "id"])
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("section_id", sa.Text, nullable=False),
        sa.Column("base_version_id", sa.Integer, sa.ForeignKey("section_versions.id")),
        sa.Column("base_text", sa.Text, nullable=False),
        sa.Column("proposed_text", sa.Text, nullable=False),
        sa.Column("operation", sa.Text, nullable=False),
        sa.Column("instruction", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.Column("decisions_json", sa.Text, nullable=False, server_default="{}"),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("closed_at", sa.Text),
        sa.CheckConstraint("status IN ('open', 'applied', 'rejected', 'superseded')"),
    )
    op.create_index("suggestions_by_section", "suggestions", ["project_id", "section_id", "status"])
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "imports", "suggestions", "chat_messages", "sections", "section_versions"):
        op.drop_table(table)
    op.drop_table("projects")
    op.drop_table("units")
