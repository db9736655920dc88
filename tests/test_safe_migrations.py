"""No migration locks a table that takes writes for longer than a moment: a linter over every migration on disk.

On PostgreSQL a plain CREATE INDEX blocks every insert and update of its table until the index is built (3.8 s on
a 3-million-row table, where a concurrent build blocked them for 0.14 s), and adding a stored generated column,
changing a column's type or adding a constraint rewrites or scans the table under an exclusive lock. On a table
created in the same migration none of that matters: it is empty. So, for every table that exists before the
migration runs, the linter refuses:

- `AddIndex` / `RemoveIndex`: use `AddIndexConcurrentlyOnPostgres` / `RemoveIndexConcurrentlyOnPostgres`
  (postings/migration_operations.py; plain on SQLite) in a migration with `atomic = False`;
- `AddField` of a stored `GeneratedField` (a table rewrite): add a nullable column and fill it in batches;
- `AddField` / `AlterField` that bring an index with them (`db_index`, `unique`, a `ForeignKey`): declare the
  field with `db_index=False` and add the index concurrently;
- `AlterField` that changes a column's type (a rewrite) or makes it NOT NULL (a full scan under the lock);
- `AddConstraint` (a unique one builds an index, a check scans the table, both under the lock);
- `RunSQL` with a `CREATE INDEX` that is not `CONCURRENTLY`.

A new migration that needs one of these anyway (a table known to stay small) joins ALLOWED with its reason.
"""

import io
import re

import pytest
from django.apps import apps
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.core.management import call_command
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from postings.migration_operations import AddIndexConcurrentlyOnPostgres

# Every migration the linter would refuse that had already run before it existed. They were written when the
# tables were small, and they have run on every installed database: editing an applied migration changes nothing
# where it ran (Django never runs it again), so they stay as they were. New ones are concurrent.
HISTORIC = {
    ("applications", "0004_add_pipeline_newest_index"),
    ("applications", "0012_add_screening_outcomes_and_compact"),
    # The one-to-one `undoes` brings a unique index on the stage history; it had run on every database before
    # the linter came (a later change of that index goes concurrently).
    ("applications", "0017_stage_change_undoes"),
    # The standard email templates: a handful of rows, never a big table.
    ("hiring", "0007_rejection_reasons_and_email_versions"),
    ("postings", "0003_add_posting_updated_index"),
    ("postings", "0005_add_posting_search_document"),
    ("postings", "0006_add_board_version"),
    ("postings", "0007_add_open_facets_index"),
    ("postings", "0008_salary_sort_index"),
}
# Later exceptions, each with why its table can take the lock: {(app, migration): "reason"}.
ALLOWED = {}

_PLAIN_CREATE_INDEX = re.compile(r"\bCREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)", re.I)


def _builds_index(field):
    return bool(field is not None and not field.primary_key and (field.db_index or field.unique))


def _stored_generated(field):
    return isinstance(field, models.GeneratedField) and field.db_persist


def _problems_of(operation, state, app_label, new_models):
    """What `operation` would do under a long lock, given the project `state` just before it."""
    model_name = getattr(operation, "model_name", None) or getattr(operation, "name", "")
    if (app_label, model_name.lower()) in new_models:
        return []
    if isinstance(operation, migrations.RunSQL):
        sql = operation.sql if isinstance(operation.sql, (list, tuple)) else [operation.sql]
        return ["CREATE INDEX without CONCURRENTLY"] if any(_PLAIN_CREATE_INDEX.search(str(s)) for s in sql) else []
    if isinstance(operation, migrations.AddIndex) and not isinstance(operation, AddIndexConcurrently):
        return [f"AddIndex {operation.index.name}: build it with AddIndexConcurrentlyOnPostgres"]
    if isinstance(operation, migrations.RemoveIndex) and not isinstance(operation, RemoveIndexConcurrently):
        return [f"RemoveIndex {operation.name}: drop it with RemoveIndexConcurrentlyOnPostgres"]
    if isinstance(operation, migrations.AddConstraint):
        return [f"AddConstraint {operation.constraint.name} on a table that exists"]
    if isinstance(operation, migrations.AddField):
        if _stored_generated(operation.field):
            return [f"stored GeneratedField {operation.name}: rewrites the table"]
        if _builds_index(operation.field):
            return [f"AddField {operation.name} builds an index under the lock (db_index=False, then concurrently)"]
    if isinstance(operation, migrations.AlterField):
        old = state.models[app_label, model_name.lower()].fields.get(operation.name)
        new = operation.field
        if old is not None and old.get_internal_type() != new.get_internal_type():
            return [f"AlterField {operation.name} changes the column's type: rewrites the table"]
        if _builds_index(new) and not _builds_index(old):
            return [f"AlterField {operation.name} builds an index under the lock"]
        if old is not None and old.null and not new.null:
            return [f"AlterField {operation.name} makes the column NOT NULL: scans the table under the lock"]
    return []


def _migration_problems(migration, state, app_label):
    """Each refused operation of `migration`, applying every operation to `state` as it goes."""
    new_models = set()
    problems = []
    uses_concurrent = False
    for operation in migration.operations:
        problems += _problems_of(operation, state, app_label, new_models)
        if isinstance(operation, migrations.CreateModel):
            new_models.add((app_label, operation.name_lower))
        uses_concurrent |= isinstance(operation, (AddIndexConcurrently, RemoveIndexConcurrently))
        operation.state_forwards(app_label, state)
    if uses_concurrent and migration.atomic:
        problems.append("concurrent index operations need `atomic = False` on the migration")
    return problems


def _lint_every_migration():
    """{(app, migration): [problems]} for the project's own apps, walking all migrations in the order they run."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = {config.label for config in apps.get_app_configs() if not config.name.startswith("django")}
    state = ProjectState(real_apps=loader.unmigrated_apps)
    found, seen = {}, set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key in seen:
                continue
            seen.add(key)
            migration = loader.graph.nodes[key]
            problems = _migration_problems(migration, state, key[0])
            if problems and key[0] in ours:
                found[key] = problems
    return found


def test_no_migration_locks_a_table_that_takes_writes():
    refused = {
        key: problems for key, problems in _lint_every_migration().items() if key not in HISTORIC | ALLOWED.keys()
    }

    assert not refused, f"These migrations would lock a table in production (see this test's docstring): {refused}"


def test_every_historic_exception_still_needs_to_be_one():
    found = _lint_every_migration()

    assert not (HISTORIC | ALLOWED.keys()) - found.keys(), "these migrations no longer need an exception"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="CREATE INDEX CONCURRENTLY is PostgreSQL's")
def test_on_postgresql_the_helper_builds_indexes_concurrently(transactional_db):
    sql = io.StringIO()
    call_command("sqlmigrate", "applications", "0016_add_report_indexes", stdout=sql)

    assert sql.getvalue().count("CREATE INDEX CONCURRENTLY") == 2
    assert "BEGIN" not in sql.getvalue()


# --- The linter itself, on migrations made up for the purpose -------------------------------------------------


def _state_with_a_posting_table():
    state = ProjectState()
    migrations.CreateModel(
        "Thing", [("id", models.BigAutoField(primary_key=True)), ("title", models.CharField(max_length=20))]
    ).state_forwards("shop", state)
    return state


def _lint(*operations, atomic=True):
    migration = type("Migration", (migrations.Migration,), {"operations": list(operations), "atomic": atomic})
    return _migration_problems(migration("0002_test", "shop"), _state_with_a_posting_table(), "shop")


def test_a_plain_index_on_a_table_that_exists_is_refused():
    assert _lint(migrations.AddIndex("thing", models.Index(fields=["title"], name="thing_title_idx")))


def test_a_concurrent_index_in_a_non_atomic_migration_passes():
    index = models.Index(fields=["title"], name="thing_title_idx")

    assert _lint(AddIndexConcurrentlyOnPostgres("thing", index), atomic=False) == []
    assert _lint(AddIndexConcurrentlyOnPostgres("thing", index), atomic=True)


def test_an_index_on_a_table_made_in_the_same_migration_passes():
    create = migrations.CreateModel("Fresh", [("id", models.BigAutoField(primary_key=True))])

    assert _lint(create, migrations.AddIndex("fresh", models.Index(fields=["id"], name="fresh_idx"))) == []


@pytest.mark.parametrize(
    "operation",
    [
        migrations.AddField(
            "thing",
            "title_upper",
            models.GeneratedField(
                expression=models.functions.Upper("title"),
                output_field=models.CharField(max_length=20),
                db_persist=True,
            ),
        ),
        migrations.AddField("thing", "code", models.CharField(max_length=5, null=True, unique=True)),
        migrations.AlterField("thing", "title", models.TextField()),
        migrations.AlterField("thing", "title", models.CharField(max_length=20, db_index=True)),
        migrations.AddConstraint("thing", models.UniqueConstraint(fields=["title"], name="one_title")),
        migrations.RunSQL("CREATE INDEX thing_t ON shop_thing (title)"),
    ],
    ids=["stored-generated", "unique-field", "type-change", "index-on-alter", "constraint", "raw-sql"],
)
def test_what_rewrites_or_locks_a_table_is_refused(operation):
    assert _lint(operation)


def test_a_nullable_column_and_a_concurrent_raw_index_pass():
    assert (
        _lint(
            migrations.AddField("thing", "note", models.TextField(null=True)),
            migrations.RunSQL("CREATE INDEX CONCURRENTLY thing_t ON shop_thing (title)"),
            atomic=False,
        )
        == []
    )
