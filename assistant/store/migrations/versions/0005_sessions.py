"""Sign-in sessions that outlive a page reload: the hash of a random token kept in the browser's cookie.

The token itself is never stored, only its SHA-256, so a copy of the database signs nobody in. A session
ends when it expires, when its user signs out (``revoked_at``), or when the account's password changes or
the account is disabled (the store revokes every session of that account in the same transaction).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Text),
    )
    op.create_index("sessions_by_account", "sessions", ["account_id"])


def downgrade() -> None:
    op.drop_index("sessions_by_account", "sessions")
    op.drop_table("sessions")
