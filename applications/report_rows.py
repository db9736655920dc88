"""The recruiting reports' own rows (hiring/reports/): one per application, one per stay in an open stage.

A report over every posting (500,000 applications with their history) cannot walk the stage history on each
request: it reads these narrow, indexed rows instead. They hold nothing of their own: each is computed from
an application, its stage history and its interviews, by the one query below, and rewritten in the transaction
of every change that alters it (applying and applying again, `Application.move_to`, `undo_move`, booking,
cancelling or deleting an interview), so a report equals a count over the raw rows. Deleting an application (account deletion, retention) deletes its rows with it.

`refresh(ids)` recomputes the rows of some applications; `rebuild()` all of them (the migration that added
them, `manage.py rebuild_report_rows` after a repair written straight into the history, the demo's bulk
build). Both run the same INSERT ... SELECT, on SQLite and PostgreSQL alike, so a rebuild finds what the
changes wrote.
"""

from django.apps import apps as installed_apps
from django.db import connections, models, router, transaction
from django.db.models import BooleanField, Case, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

# The pipeline's forward stages in order (Application.Stage); a report row keeps the furthest one reached.
FORWARD_STAGES = ("submitted", "screening", "interview", "offer", "hired")
# The stages an application waits in (Application.OPEN_STAGES): a stay is a wait in one of them.
OPEN_STAGES = FORWARD_STAGES[:4]
HIRED = "hired"
# An interview (hiring.Interview) counts as booked with the applicant unless it is in this status.
CANCELLED_INTERVIEW = "cancelled"


def uncount_deleted(collector, field, sub_objs, using):
    """CASCADE, once the rows of the applications being deleted are taken out of the daily tallies."""
    ids = [row.pk for row in sub_objs]
    if ids:
        _tally(_models(), using, ids, sign=-1)
    models.CASCADE(collector, field, sub_objs, using)


def uncount_deleted_stays(collector, field, sub_objs, using):
    """CASCADE, once the stays of the moves being deleted are taken out of the daily tallies."""
    ids = [stay.pk for stay in sub_objs]
    if ids:
        _tally_stays(_models(), using, change_ids=ids, sign=-1)
    models.CASCADE(collector, field, sub_objs, using)


class ApplicationReportRow(models.Model):
    """One application as the reports count it: its cohort (posting, submission, source) and how far it got."""

    application = models.OneToOneField(
        "applications.Application", on_delete=uncount_deleted, primary_key=True, related_name="report_row"
    )
    # Indexed first in its composite index below, so no index of its own.
    posting = models.ForeignKey("postings.JobPosting", on_delete=models.CASCADE, related_name="+", db_index=False)
    submitted_at = models.DateTimeField()
    source = models.CharField(max_length=12)
    utm_source = models.CharField(max_length=40, blank=True)
    stage = models.CharField(max_length=10, help_text="Where the application stands now.")
    furthest = models.PositiveSmallIntegerField(
        help_text="The furthest forward stage reached, as its position in FORWARD_STAGES (0, submitted, to 4, "
        "hired): the stage it stands in, or any it was ever moved into, undone moves included."
    )
    hired_at = models.DateTimeField(null=True, help_text="Standing in hired: its last move there.")
    interviews = models.PositiveIntegerField(
        default=0, help_text="Interviews booked with the applicant and not cancelled (hiring's Interview)."
    )

    class Meta:
        indexes = [
            # The cohort of every posting: applications submitted in a period, read from the index alone.
            # (Key columns rather than INCLUDE, which SQLite lacks: the same index-only scans.)
            models.Index(
                fields=["submitted_at", "posting", "furthest", "stage", "source", "utm_source"],
                name="reportrow_submitted_idx",
            ),
            # The cohort of a hiring manager's few postings.
            models.Index(
                fields=["posting", "submitted_at", "furthest", "stage", "source", "utm_source"],
                name="reportrow_posting_idx",
            ),
            # Time to hire and to fill: the hires up to a moment, numbered in each posting by date and id, from the
            # index alone (without the id, a table page per hire: a third of the report at national size).
            models.Index(
                fields=["hired_at", "posting", "submitted_at", "application"],
                name="reportrow_hires_idx",
                condition=Q(hired_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Report row of application {self.application_id}"


class ApplicationDay(models.Model):
    """How many report rows share a day of submission (the site's time zone), a source, a link's source, a
    furthest stage and being hired now: the funnel and the sources over every posting add up a few hundred of
    these rather than count half a million rows. Kept with the rows (`refresh`), taken down with them."""

    day = models.DateField()
    source = models.CharField(max_length=12)
    utm_source = models.CharField(max_length=40, blank=True)
    furthest = models.PositiveSmallIntegerField()
    hired = models.BooleanField()
    applications = models.IntegerField(help_text="0 once every application it counted moved on or left.")
    interviews = models.IntegerField(default=0, help_text="The interviews booked with those applicants.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "source", "utm_source", "furthest", "hired"], name="one_application_day_per_group"
            )
        ]

    def __str__(self):
        return f"{self.applications} applications on {self.day}"


class StayDay(models.Model):
    """How many stays ended on a day (the site's time zone) in a stage, their length in a tenth of a day: time in
    stage over every posting finds the tally holding each percentile's rank here, then reads only the few stays
    of that tally (StageStay's length index), not all of them. Kept with the stays, taken down with them."""

    day = models.DateField()
    stage = models.CharField(max_length=10)
    tenth = models.IntegerField()
    stays = models.IntegerField(help_text="0 once every stay it counted was deleted or recomputed elsewhere.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "stage", "tenth"], name="one_stay_day_per_group")]

    def __str__(self):
        return f"{self.stays} {self.stage} stays on {self.day}"


class StageStay(models.Model):
    """A wait in an open stage, ended by a move (`change`): from the move into that stage (or the submission,
    for *submitted*) to the move out of it."""

    change = models.OneToOneField(
        "applications.StageChange", on_delete=uncount_deleted_stays, primary_key=True, related_name="stay"
    )
    # Indexed first in its composite index below, so no index of its own.
    posting = models.ForeignKey("postings.JobPosting", on_delete=models.CASCADE, related_name="+", db_index=False)
    stage = models.CharField(max_length=10)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField()
    day = models.DateField(help_text="The day it ended, in the site's time zone.")
    days = models.FloatField(help_text="Its length in days, as time in stage reports it.")
    tenth = models.IntegerField(help_text="Its length in tenths of a day, rounded down: its StayDay tally.")

    class Meta:
        indexes = [
            # Time in stage over every posting: the stays that ended in a period, from the index alone.
            models.Index(fields=["left_at", "posting", "stage", "entered_at"], name="stagestay_left_idx"),
            models.Index(fields=["posting", "left_at", "stage", "entered_at"], name="stagestay_posting_idx"),
            # The stays of one tally (a stage, a tenth of a day) in order of length: the values at a percentile's
            # ranks, over every posting.
            models.Index(fields=["stage", "tenth", "days", "day"], name="stagestay_length_idx"),
        ]

    def __str__(self):
        return f"{self.stage} stay ended by move {self.change_id}"


def refresh(application_ids, *, using=None):
    """Recompute the report rows of these applications from their raw rows, and the day's tallies (six
    queries: take their rows and stays out of the tallies, write them, count them in again)."""
    ids = list(application_ids)
    if ids:
        classes = _models()
        _tally(classes, using, ids, sign=-1)
        _tally_stays(classes, using, application_ids=ids, sign=-1)
        _write(classes, using, application_ids=ids)
        _tally(classes, using, ids, sign=1)
        _tally_stays(classes, using, application_ids=ids, sign=1)


def rebuild(*, using=None, models_from=None):
    """Recompute every report row, dropping any left over; returns (applications, stays) written.

    `models_from`: the app registry to take the models from (a migration's historical models).
    """
    classes = _models(models_from)
    alias = using or router.db_for_write(classes["ApplicationReportRow"])
    with transaction.atomic(using=alias):
        for name in ("ApplicationDay", "StayDay", "StageStay", "ApplicationReportRow"):
            if name in classes:
                classes[name].objects.using(alias).all().delete()
        written = _write(classes, alias)
        if "ApplicationDay" in classes:
            _tally(classes, alias)
        if "StayDay" in classes:
            _tally_stays(classes, alias)
        return written


def _models(registry=None):
    registry = registry or installed_apps
    names = ("Application", "StageChange", "ApplicationReportRow", "StageStay", "ApplicationDay", "StayDay")
    # A migration's registry holds those of its time only (the tallies came after the rows).
    present = {model.__name__ for model in registry.get_app_config("applications").get_models()}
    classes = {name: registry.get_model("applications", name) for name in names if name in present}
    if "interviews" in {field.name for field in classes["ApplicationReportRow"]._meta.get_fields()}:
        # Looked up, not imported: hiring builds on applications, not the other way round.
        classes["Interview"] = registry.get_model("hiring", "Interview")
    return classes


def _forward_position(field):
    """The position in FORWARD_STAGES of the stage in `field`, 0 for one outside them (rejected, withdrawn)."""
    return Case(
        *(When(**{field: stage}, then=Value(position)) for position, stage in enumerate(FORWARD_STAGES) if position),
        default=Value(0),
        output_field=IntegerField(),
    )


def _application_rows(classes, application_ids=None):
    """Each application's report row, as a SELECT in the order of _row_columns(classes)."""
    applications = classes["Application"].objects.order_by()
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
    applications = applications.annotate(
        report_furthest=Greatest(
            _forward_position("stage"), Coalesce(Max(_forward_position("history__to_stage")), Value(0))
        ),
        report_hired_at=Case(
            When(stage=HIRED, then=Max("history__at", filter=Q(history__to_stage=HIRED))),
            default=None,
        ),
    )
    selected = [
        "pk",
        "posting_id",
        "submitted_at",
        "source",
        "utm_source",
        "stage",
        "report_furthest",
        "report_hired_at",
    ]
    if "Interview" in classes:
        booked = (
            classes["Interview"]
            .objects.filter(application=OuterRef("pk"))
            .exclude(status=CANCELLED_INTERVIEW)
            .order_by()
            .values("application")
            .annotate(n=Count("pk"))
            .values("n")
        )
        applications = applications.annotate(report_interviews=Coalesce(Subquery(booked), Value(0)))
        selected.append("report_interviews")
    return applications.values_list(*selected)


def _stays(classes, application_ids=None):
    """Each stay, as a SELECT in StageStay's column order: the query time in stage ran before the rows existed.

    A stay starts at the latest move into its stage at or before the move out, or at the submission.
    """
    changes = classes["StageChange"].objects.order_by()
    entered = (
        changes.filter(application=OuterRef("application"), to_stage=OuterRef("from_stage"), at__lte=OuterRef("at"))
        .exclude(pk=OuterRef("pk"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    stays = changes.filter(from_stage__in=OPEN_STAGES)
    if application_ids is not None:
        stays = stays.filter(application_id__in=application_ids)
    return stays.annotate(
        report_entered_at=Coalesce(Subquery(entered), F("application__submitted_at")),
        report_day=TruncDate("at", tzinfo=timezone.get_default_timezone()),
    ).values_list("pk", "application__posting_id", "from_stage", "report_entered_at", "at", "report_day")


def _stay_lengths(vendor):
    """SQL over a stay's SELECT (`computed`): its length in days, and in tenths of a day rounded down."""
    if vendor == "postgresql":
        days = 'EXTRACT(EPOCH FROM (computed."at" - computed."report_entered_at")) / 86400.0'
        return f"{days}, FLOOR({days} * 10)"
    days = '(julianday(computed."at") - julianday(computed."report_entered_at"))'  # to the millisecond
    return f"{days}, CAST({days} * 10 AS INTEGER)"


ROW_COLUMNS = ("application_id", "posting_id", "submitted_at", "source", "utm_source", "stage", "furthest", "hired_at")


def _row_columns(classes):
    """The report rows' columns written, the interviews booked once the rows count them (a migration's rows may not)."""
    return ROW_COLUMNS + ("interviews",) if "Interview" in classes else ROW_COLUMNS


STAY_COLUMNS = ("change_id", "posting_id", "stage", "entered_at", "left_at", "day", "days", "tenth")


def _write(classes, using, application_ids=None):
    alias = using or router.db_for_write(classes["ApplicationReportRow"])
    written = []
    written.append(
        _upsert(
            classes["ApplicationReportRow"],
            _application_rows(classes, application_ids),
            _row_columns(classes),
            alias,
        )
    )
    lengths = _stay_lengths(connections[alias].vendor)
    written.append(
        _upsert(
            classes["StageStay"], _stays(classes, application_ids), STAY_COLUMNS, alias, outer=f"computed.*, {lengths}"
        )
    )
    return tuple(written)


STAY_DAY_COLUMNS = ("day", "stage", "tenth", "stays")


def _tally_stays(classes, using, *, application_ids=None, change_ids=None, sign=1):
    """Add (sign 1) or take out (-1) the stays of these applications or moves (all: neither) to their tallies."""
    stays = classes["StageStay"].objects.order_by()
    if application_ids is not None:
        stays = stays.filter(change__application_id__in=application_ids)
    if change_ids is not None:
        stays = stays.filter(pk__in=change_ids)
    select = (
        stays.values("day", "stage", "tenth")
        .annotate(tally_stays=Count("pk") * Value(sign))
        .values_list("day", "stage", "tenth", "tally_stays")
        .order_by("day", "stage", "tenth")  # in one order by every writer, as the applications' tallies
    )
    alias = using or router.db_for_write(classes["StayDay"])
    return _upsert(classes["StayDay"], select, STAY_DAY_COLUMNS, alias, key=STAY_DAY_COLUMNS[:-1], add=True)


DAY_COLUMNS = ("day", "source", "utm_source", "furthest", "hired", "applications")


def _tally(classes, using, application_ids=None, *, sign=1):
    """Add (sign 1) or take out (-1) the report rows of these applications (all: None) to the daily tallies."""
    rows = classes["ApplicationReportRow"].objects.order_by()
    if application_ids is not None:
        rows = rows.filter(pk__in=application_ids)
    group = ("tally_day", "source", "utm_source", "furthest", "tally_hired")
    counts, columns = {"tally_applications": Count("pk") * Value(sign)}, DAY_COLUMNS
    if "Interview" in classes:
        counts["tally_interviews"] = Sum("interviews") * Value(sign)
        columns += ("interviews",)
    select = (
        rows.annotate(
            tally_day=TruncDate("submitted_at", tzinfo=timezone.get_default_timezone()),
            tally_hired=Case(When(stage=HIRED, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
        .values(*group)
        .annotate(**counts)
        .values_list(*group, *counts)
        # Every writer locks the tallies it adds to in this one order: two bulk moves over the same days wait for
        # each other instead of deadlocking.
        .order_by(*group)
    )
    alias = using or router.db_for_write(classes["ApplicationDay"])
    return _upsert(classes["ApplicationDay"], select, columns, alias, key=DAY_COLUMNS[:5], add=True)


def _upsert(model, select, columns, alias, *, key=None, add=False, outer="*"):
    """INSERT INTO model's table SELECT ... ON CONFLICT (its key) DO UPDATE: one statement, either database.

    The SELECT is wrapped so SQLite does not read ON CONFLICT as part of a join ("WHERE true" is what its
    documentation asks for after an INSERT's SELECT).
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    sql, params = select.query.get_compiler(using=alias).as_sql()
    names = ", ".join(quote(column) for column in columns)
    key = key or columns[:1]
    table = quote(model._meta.db_table)
    rest = [quote(column) for column in columns if column not in key]
    if add:  # counters: what the SELECT counted is added to what the row holds
        updates = ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in rest)
    else:
        updates = ", ".join(f"{column} = excluded.{column}" for column in rest)
    statement = (
        f"INSERT INTO {table} ({names}) SELECT {outer} FROM ({sql}) computed WHERE true "
        f"ON CONFLICT ({', '.join(quote(column) for column in key)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount
