"""Stored, weighted German tsvectors with GIN indexes for the full-text search, on
PostgreSQL only (generated columns, so nothing in the code has to keep them current).
SQLite keeps the plain word match of portal.search."""

from django.db import migrations

COLUMNS = {
    "workflow_paper": (
        "setweight(to_tsvector('german', coalesce(reference, '') || ' ' || coalesce(name, '')), 'A')"
        " || setweight(to_tsvector('german', coalesce(statement, '') || ' '"
        " || coalesce(resolution_proposal, '')), 'B')"
    ),
    "workflow_agendaitem": (
        "setweight(to_tsvector('german', coalesce(name, '')), 'A')"
        " || setweight(to_tsvector('german', coalesce(resolution_text, '') || ' '"
        " || coalesce(minutes_text, '')), 'B')"
    ),
}


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("workflow", "0003_body_license")]

    operations = [migrations.RunPython(add, remove)]
