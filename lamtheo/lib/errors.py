class ServiceError(Exception):
    """A refused change, with a Vietnamese message fit to show the user as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
