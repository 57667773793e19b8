"""Alembic migrations of the store's schema (applied by ``assistant.store.schema.migrate`` on every open)."""
