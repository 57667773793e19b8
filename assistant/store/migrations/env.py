"""Alembic environment: runs the revisions on the connection the store hands over.

The store opens the database, takes a lock so that several app processes starting at once migrate one
after another, and passes its connection in ``config.attributes["connection"]``; the revisions then run
inside that connection's transaction. Run by hand (``alembic -c …``) it connects to ``JIXIAO_DATABASE_URL``.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import context


def run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
        context.run_migrations()
        return
    url = os.environ.get("JIXIAO_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("JIXIAO_DATABASE_URL is not set")
    with sa.create_engine(url).begin() as own:
        context.configure(connection=own, render_as_batch=own.dialect.name == "sqlite")
        context.run_migrations()


# Alembic executes this file under its own module name; imported as part of the package (a module walk),
# there is no migration context to run in.
if __name__ != "assistant.store.migrations.env":
    run()
