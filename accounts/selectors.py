from accounts.models import Assignment


def current_assignments(user) -> list[Assignment]:
    return list(Assignment.objects.valid_on().filter(user=user).select_related("unit").order_by("id"))
