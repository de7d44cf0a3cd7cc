"""What issuing a document tells the apps above documents (directives relays the tasks of a relay draft).

documents knows no app above it: an app registers a handler in its AppConfig.ready(); issue_document
calls every handler inside its own transaction, after the document is numbered and delivered. A handler
that refuses raises ServiceError, and the issue (its number included) rolls back.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.scoping import Actor

    from .models import Document

IssuedHandler = Callable[["Actor", "Document"], None]
_issued: list[IssuedHandler] = []


def on_issued(handler: IssuedHandler) -> IssuedHandler:
    """Register `handler(actor, document)` (idempotent)."""
    if handler not in _issued:
        _issued.append(handler)
    return handler


def notify_issued(actor: "Actor", document: "Document") -> None:
    for handler in tuple(_issued):
        handler(actor, document)


# --- buttons of the document page that apps above documents add ("Lập lịch học tập từ văn bản này") ----

DocumentAction = tuple[str, str]  # (label, url)
ActionProvider = Callable[["Actor", "Document"], "DocumentAction | None"]
_actions: list[ActionProvider] = []


def on_document_page(provider: ActionProvider) -> ActionProvider:
    """Register `provider(actor, document)` returning (label, url) or None (idempotent)."""
    if provider not in _actions:
        _actions.append(provider)
    return provider


def document_actions(actor: "Actor", document: "Document") -> list[DocumentAction]:
    return [a for a in (p(actor, document) for p in tuple(_actions)) if a]
