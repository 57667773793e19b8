"""Index the reports by year: a bureau lists every unit's report of one year (200 units × several years).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("projects_by_year", "projects", ["year", "unit_id"])


def downgrade() -> None:
    op.drop_index("projects_by_year", "projects")
