"""Full-text search over quote text: a GIN index on PostgreSQL, an FTS5 index on SQLite.

PostgreSQL: the index expression is exactly ``to_tsvector('english'::regconfig, text)``; a query must
use the same expression (see selectors.quote_search) for the planner to use the index.
SQLite: an external-content FTS5 table kept in step with meetings_quote by triggers; its rowid is
the quote's id."""

from django.db import migrations

PG_FORWARD = [
    "CREATE INDEX quote_text_fts ON meetings_quote USING GIN (to_tsvector('english'::regconfig, text))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS quote_text_fts"]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE meetings_quote_fts USING fts5("
    "text, content='meetings_quote', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER meetings_quote_fts_insert AFTER INSERT ON meetings_quote BEGIN "
    "INSERT INTO meetings_quote_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER meetings_quote_fts_delete AFTER DELETE ON meetings_quote BEGIN "
    "INSERT INTO meetings_quote_fts(meetings_quote_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER meetings_quote_fts_update AFTER UPDATE OF text ON meetings_quote BEGIN "
    "INSERT INTO meetings_quote_fts(meetings_quote_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO meetings_quote_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO meetings_quote_fts(meetings_quote_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS meetings_quote_fts_insert",
    "DROP TRIGGER IF EXISTS meetings_quote_fts_delete",
    "DROP TRIGGER IF EXISTS meetings_quote_fts_update",
    "DROP TABLE IF EXISTS meetings_quote_fts",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_default_countries_and_topics")]

    operations = [
        migrations.RunPython(
            run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
