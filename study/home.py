"""Home page panels of the study app (lamtheo/home.py)."""

from . import selfstudy_home  # noqa: F401  (a member's self-study)
