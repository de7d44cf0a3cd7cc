"""Answers that stay the same for the length of one read-only request, computed once per request.

A page of figures asks the same small questions many times (is this indicator's summary built? may this
actor see this unit on this day?). `remembered(key, compute)` answers from a dict that RequestMemoMiddleware
opens for each GET or HEAD request and drops at its end; outside such a request (a service, a command, a
test calling the engine directly, any POST) it computes every time, so a write never reads a stale answer.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("lamtheo_request_memo", default=None)


def remembered[T](key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
