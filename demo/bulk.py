"""Rows for the bench's big tables, written the fastest way the database has: COPY on PostgreSQL.

The builder hands plain tuples (no model instances: building and compiling those cost more than the
screening itself at national scale). On PostgreSQL they stream through psycopg's COPY; elsewhere (the small
bench and the tests on SQLite) they go through bulk_create as before. Ids come first from `reserve_ids`, so
child rows can point at their parents before either is written.
"""

from django.db import connection, models

BATCH = 5000


class Rows:
    """A table's columns as the builder fills them (attnames, in order); the model's defaults fill the rest.

    Without `fields`, every column the model writes, for write_instances(): with the id when `ids` (the
    instances come with ids from reserve_ids), else without (the database numbers them).
    """

    def __init__(self, model, fields=None, *, ids=True):
        self.model = model
        meta = model._meta
        writable = [field for field in meta.concrete_fields if not field.generated]
        if fields is None:
            self.fields = [field for field in writable if ids or not field.primary_key]
        else:
            self.fields = [meta.get_field(name) for name in fields]
        given = {field.attname for field in self.fields}
        # Columns left out take their default, as bulk_create would give them; the primary key is the
        # database's when not given.
        self.defaults = [
            field
            for field in writable
            if field.attname not in given and not field.primary_key and (field.has_default() or not field.null)
        ]
        for field in self.defaults:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                raise ValueError(f"{model.__name__}.{field.name} is set on save: give it in the rows")

    def write(self, rows):
        """Write `rows` (tuples in the order of `fields`); returns how many."""
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return 0
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            names = [field.attname for field in self.fields]
            self.model.objects.bulk_create([self.model(**dict(zip(names, row))) for row in rows], batch_size=BATCH)
        return len(rows)

    def write_instances(self, instances):
        """Write model instances whose every column is set (their ids too: reserve_ids); returns how many.

        On SQLite they go to bulk_create as they are; on PostgreSQL their values are read into rows, files and
        JSON prepared as the database takes them.
        """
        for instance in instances:
            instance._state.adding, instance._state.db = False, connection.alias
        if connection.vendor != "postgresql":
            self.model.objects.bulk_create(instances, batch_size=BATCH)
            return len(instances)
        plain = [field.attname for field in self.fields]
        prepared = {
            index: field
            for index, field in enumerate(self.fields)
            if isinstance(field, (models.FileField, models.JSONField))
        }
        rows = []
        for instance in instances:
            row = [getattr(instance, name) for name in plain]
            for index, field in prepared.items():
                row[index] = field.get_db_prep_save(row[index], connection)
            rows.append(tuple(row))
        return self.write(rows)

    def _copy(self, rows):
        columns = ", ".join(connection.ops.quote_name(field.column) for field in [*self.fields, *self.defaults])
        table = connection.ops.quote_name(self.model._meta.db_table)
        extra = tuple(field.get_db_prep_save(field.get_default(), connection) for field in self.defaults)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            write_row = copy.write_row
            if extra:
                for row in rows:
                    write_row(row + extra)
            else:
                for row in rows:
                    write_row(row)


def reserve_ids(model, count):
    """`count` new primary keys for `model`, in increasing order, for rows written next with those ids.

    On PostgreSQL they are taken from the table's own sequence in one query, so nothing else can be given
    them; elsewhere (SQLite, one writer) they follow the highest id in the table.
    """
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {connection.ops.quote_name(table)}"
        )
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))
