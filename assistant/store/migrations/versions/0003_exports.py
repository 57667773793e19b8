"""Record each .docx handed out, and for a forced export the errors it overrode.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("forced", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors_json", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("exports_by_project", "exports", ["project_id", "id"])


def downgrade() -> None:
    op.drop_index("exports_by_project", "exports")
    op.drop_table("exports")
