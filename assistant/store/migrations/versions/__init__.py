"""Alembic revisions, one file each, applied in order. Never edit a released revision: append a new one."""
