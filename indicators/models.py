"""Summary rows of the indicators that opt in (registry.Summary), derived from the records.

One row per (indicator, the records' OWN unit, day, part). The tree is not in the rows: the engine joins
them with the closure valid on the row's day (a count) or on the state's day, so a reorganisation changes
no row and re-attributes nothing before its date. A day never straddles a tree change (changes take
effect at the start of a day), so day buckets are always exact.

COUNT: `value` = the records dated that day. STATE: `value` = the records holding from that day until the
unit's next row; at each day where a unit's state changes, its rows list every part it then holds (a part
dropping to zero is written as 0), so the state on D is the rows of the unit's last day <= D.
"""

from django.db import models


class SummaryRow(models.Model):
    code = models.CharField(max_length=60)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    part = models.CharField(max_length=60, blank=True, default="")
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "unit", "day", "part"], name="indicator_summary_key"),
        ]
        # The units whose state changed since the last quarter end (summary.state_rows on any other day).
        indexes = [models.Index(fields=["code", "day", "unit"], name="indicator_summary_day")]

    def __str__(self) -> str:
        return f"{self.code} #{self.unit_id} {self.day} {self.part}: {self.value}"


class SummarySnapshot(models.Model):
    """STATE only: the state of each unit on each quarter's last day (from summary.SNAPSHOTS_FROM up to the
    indicator's snapshots_until), non-zero parts only. A subtree's state on such a day (the day of a year's
    or a quarter's figure) is then one equality join with the closure, no search per unit. Other days are
    read from SummaryRow."""

    code = models.CharField(max_length=60)
    day = models.DateField()
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    part = models.CharField(max_length=60, blank=True, default="")
    value = models.BigIntegerField()

    class Meta:
        # Derived rows (check_indicators compares them): a covering key, so the join reads no table row.
        indexes = [
            models.Index(fields=["code", "day", "unit", "part", "value"], name="indicator_snapshot_key"),
            models.Index(fields=["code", "unit"], name="indicator_snapshot_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.code} #{self.unit_id} {self.day} {self.part}: {self.value}"


class SummaryState(models.Model):
    """An indicator whose summary rows are built (rebuild_indicators): from then on the engine reads the
    rows and the services keep them exact; an indicator without a state is counted from the records."""

    code = models.CharField(max_length=60, primary_key=True)
    built_at = models.DateTimeField()
    snapshots_until = models.DateField(null=True, blank=True)  # STATE: last quarter end with snapshots

    def __str__(self) -> str:
        return f"{self.code} ({self.built_at:%d/%m/%Y %H:%M})"


class DistinctRow(models.Model):
    """Summary rows of a COUNT of distinct values (registry.Indicator.distinct_field: members reached,
    events held by several units): such a count is not a sum of per-day rows, so the rows keep the values.

    One row per (indicator, the records' OWN unit, value, part, ancestry epoch of the unit): an epoch is a
    maximal interval during which the unit's set of ancestors is constant (the boundaries are the
    valid_from / valid_to of the unit's closure rows). `since` is the first record day of the row, inside
    its epoch, so the closure valid on `since` places every record of the row in the tree as it stood on
    its own day. `mask`: bit k set = a record in quarter k counted from summary.MASK_BASE (63 quarters).
    A window of whole quarters inside that range is answered from these rows; any other from the records.
    A reorganisation changes the epochs of the units below the moved one: org.closure.rebuild tells the
    engine (records_changed of org.unitclosure) and their rows are recomputed in its transaction.
    """

    code = models.CharField(max_length=60)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    value = models.BigIntegerField()
    part = models.CharField(max_length=60, blank=True, default="")
    since = models.DateField()
    mask = models.BigIntegerField()
    # The only row of its (code, value, part): most members have one union, most events one host. Such
    # rows are counted without grouping by value; only the others are (summary.distinct_rows).
    solo = models.BooleanField(default=False)

    class Meta:
        # Derived rows, unique by construction (one GROUP BY): a covering key, so the read joins the
        # closure with the index alone; (code, value, part) keeps `solo` up to date.
        indexes = [
            models.Index(
                fields=["code", "unit", "since", "solo", "mask", "value", "part"],
                name="indicator_distinct_key",
            ),
            models.Index(fields=["code", "value", "part"], name="indicator_distinct_value"),
        ]

    def __str__(self) -> str:
        return f"{self.code} #{self.unit_id} {self.value} {self.part} {self.since}: {self.mask:b}"
