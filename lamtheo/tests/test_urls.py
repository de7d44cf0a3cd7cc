"""lamtheo.lib.urls.IdUrl: a URL reversed once, filled in with any id."""

import pytest
from django.urls import reverse
from django.urls.base import set_script_prefix

from lamtheo.lib.urls import ID, PLACEHOLDER, IdUrl


@pytest.mark.parametrize(
    ("viewname", "args"),
    [
        ("org:unit_detail", [ID]),
        ("org:tree_children", [ID]),
        ("indicators:records", [ID, "members_by_sector"]),
    ],
)
def test_a_reversed_url_filled_with_an_id_is_that_ids_url(viewname, args):
    url = IdUrl.reverse(viewname, *args)
    for pk in (1, 42, 999_999_998, 10**12, "7"):
        assert url(pk) == reverse(viewname, args=[pk if a is ID else a for a in args])
    assert url is IdUrl.reverse(viewname, *args)  # reversed once, remembered


def test_only_the_ids_path_segment_is_filled_never_the_query():
    url = IdUrl(f"/so-lieu/don-vi/{PLACEHOLDER}/members_by_sector/?within={PLACEHOLDER}&to=2026-12-31")
    assert url(5) == f"/so-lieu/don-vi/5/members_by_sector/?within={PLACEHOLDER}&to=2026-12-31"
    assert IdUrl(f"/a/{PLACEHOLDER}/b/{PLACEHOLDER}/")(3) == f"/a/3/b/{PLACEHOLDER}/"  # the first, once
    with pytest.raises(ValueError):
        IdUrl("/to-chuc/don-vi/1/")  # no placeholder: every id would get unit 1's page
    with pytest.raises(ValueError):
        IdUrl.reverse("org:unit_detail", 3)  # ID is missing
    with pytest.raises(ValueError):
        IdUrl.reverse("indicators:records", ID, ID)


def test_no_link_gives_an_empty_url_for_every_id():
    none = IdUrl()
    assert not none and none(3) == "" and IdUrl(f"/x/{PLACEHOLDER}/")
    assert IdUrl(f"/x/{PLACEHOLDER}/") == IdUrl(f"/x/{PLACEHOLDER}/") != none


def test_the_script_prefix_is_part_of_what_is_remembered():
    plain = IdUrl.reverse("org:unit_detail", ID)(8)
    set_script_prefix("/lamtheo/")
    try:
        assert (
            IdUrl.reverse("org:unit_detail", ID)(8)
            == "/lamtheo" + plain
            == reverse("org:unit_detail", args=[8])
        )
    finally:
        set_script_prefix("/")
    assert IdUrl.reverse("org:unit_detail", ID)(8) == plain
