from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A refused change, with a Vietnamese message fit to show the user as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Refused(ServiceError, PermissionDenied):
    """The actor's role or scope does not allow the action (accounts.scoping.NotPermitted, raised by
    `require`, and the apps' own refusals subclass it).

    One mapping of refusals for every page (lamtheo.lib.forms): on a page with a form the message goes
    on the form, like any ServiceError (`apply_service_error`); a page without a form lets it through
    (`flash_service_error` re-raises it) and Django answers it as PermissionDenied: the 403 page with
    the message. The API answers 403 with the message in its JSON shape."""
