"""An account's e-mail address: the identity an OIDC sign-in (``st.login``) is matched to.

A bureau with an identity provider signs people in there; the provider vouches for an e-mail address, and
the account holding that address (its role, its unit) is who the session acts as. No such account, or a
disabled one, and the sign-in is refused. Optional: most accounts sign in with their password only.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as table:
        table.add_column(sa.Column("email", sa.Text))
    op.create_index("accounts_by_email", "accounts", ["email"], unique=True)


def downgrade() -> None:
    op.drop_index("accounts_by_email", "accounts")
    with op.batch_alter_table("accounts") as table:
        table.drop_column("email")
