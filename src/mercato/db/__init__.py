"""Persistence: table metadata, engine set-up, the read/write connection API, migrations."""
