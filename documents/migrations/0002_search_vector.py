"""A stored, GIN-indexed German tsvector of each file version's name and text, for the
full-text search, on PostgreSQL only (a generated column: nothing in the code keeps it
current). SQLite keeps the plain word match of portal.search."""

from django.db import migrations

EXPRESSION = (
    "setweight(to_tsvector('german', coalesce(file_name, '')), 'A')"
    " || setweight(to_tsvector('german', coalesce(text, '')), 'C')"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE documents_fileversion ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({EXPRESSION}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX documents_fileversion_search_vector ON documents_fileversion "
        "USING GIN (search_vector)"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE documents_fileversion DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_files")]

    operations = [migrations.RunPython(add, remove)]
