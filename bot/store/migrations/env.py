"""Alembic's environment for the bot's own tables (intake records). Run by
bot/store/intakes.py `migrate` on the connection it passes; there is no alembic.ini."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table="wegwijzer_schema_version")
with context.begin_transaction():
    context.run_migrations()
