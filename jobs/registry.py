"""Runners of long work, registered by the apps that own it (in AppConfig.ready), so that jobs
knows no app: `register("members.export", run)` where run(job, progress) does the work."""

from collections.abc import Callable
from typing import Any

Runner = Callable[[Any, Callable[..., None]], None]
_RUNNERS: dict[str, Runner] = {}


def register(kind: str, runner: Runner) -> None:
    _RUNNERS[kind] = runner


def runner_for(kind: str) -> Runner:
    return _RUNNERS[kind]
