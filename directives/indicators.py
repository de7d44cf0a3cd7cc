"""Indicators counted from task assignments (indicators.registry). Late is late_q, the one definition."""

from indicators.registry import Indicator, Kind, Summary, register

from .models import AssignmentStatus, TaskAssignment, late_q

_COMMON = {"unit_of_measure": "nhiệm vụ", "kind": Kind.COUNT, "unit_field": "unit"}

register(
    Indicator(
        code="tasks_assigned",
        label="Nhiệm vụ được giao",
        description="Số nhiệm vụ (mỗi lần thực hiện của một nhiệm vụ) được giao cho các đơn vị trong cây, "
        "theo ngày giao trong kỳ.",
        records=lambda w: TaskAssignment.objects.all(),
        date_field="created_at",
        order=40,
        summary=Summary(source=lambda: TaskAssignment.objects.all()),
        **_COMMON,
    )
)
register(
    Indicator(
        code="tasks_acknowledged",
        label="Nhiệm vụ đã tiếp nhận",
        description="Số nhiệm vụ được đơn vị nhận nhiệm vụ xác nhận tiếp nhận, theo ngày tiếp nhận trong kỳ.",
        records=lambda w: TaskAssignment.objects.filter(acknowledged_at__isnull=False),
        date_field="acknowledged_at",
        order=41,
        summary=Summary(source=lambda: TaskAssignment.objects.filter(acknowledged_at__isnull=False)),
        **_COMMON,
    )
)
register(
    Indicator(
        code="tasks_relayed",
        label="Nhiệm vụ đã triển khai xuống cấp dưới",
        description="Số nhiệm vụ được đơn vị triển khai tiếp bằng văn bản của mình, theo ngày triển khai trong kỳ.",
        records=lambda w: TaskAssignment.objects.filter(relayed_at__isnull=False),
        date_field="relayed_at",
        order=42,
        summary=Summary(source=lambda: TaskAssignment.objects.filter(relayed_at__isnull=False)),
        **_COMMON,
    )
)
register(
    Indicator(
        code="tasks_done",
        label="Nhiệm vụ đã hoàn thành",
        description="Số nhiệm vụ được báo cáo hoàn thành, theo ngày báo cáo hoàn thành trong kỳ.",
        records=lambda w: TaskAssignment.objects.filter(status=AssignmentStatus.DONE),
        date_field="done_at",
        order=43,
        summary=Summary(source=lambda: TaskAssignment.objects.filter(status=AssignmentStatus.DONE)),
        **_COMMON,
    )
)
register(
    Indicator(
        code="tasks_late",
        label="Nhiệm vụ trễ hạn",
        description="Số nhiệm vụ có hạn trong kỳ bị trễ hạn tính đến ngày cuối kỳ: còn mở sau ngày hạn, "
        "hoặc báo cáo hoàn thành sau ngày hạn.",
        records=lambda w: TaskAssignment.objects.filter(due_date__isnull=False).filter(late_q(w.on)),
        date_field="due_date",
        order=44,
        **_COMMON,
    )
)
