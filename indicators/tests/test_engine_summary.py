"""The known answers of test_engine again, read from the summary rows instead of the records.

Those tests write records straight through the ORM (no service, hence no records_changed call), so here
the rows are rebuilt from the records just before each read: this checks the derivation and the reading
(the tree joined at query time, the moved unit, the breakdowns, the scoping); test_summary_hooks checks
that the services keep the rows exact by themselves.
"""

import pytest

from indicators import engine, summary

from .test_engine import *  # noqa: F403  (the same tests, collected again in this module)

# Its queries here would include the rebuilds; test_summary_hooks counts the summary reads' queries.
del test_query_count_does_not_grow_with_units  # noqa: F821


@pytest.fixture(autouse=True)
def read_from_summary_rows(monkeypatch):
    def summarised(ind):
        if ind.summary is None:
            return False
        summary.rebuild([ind.code])
        return True

    monkeypatch.setattr(engine, "_summarised", summarised)
