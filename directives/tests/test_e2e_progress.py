"""The province follows its guidance from above in a real browser (desktop and a 390×844 phone): its home
page and the progress page show the late units first, and the export opens with the page's rows.

The data is the demo's own cascade (lamtheo.demo.documents: the 2026 guidance, two upper unions relaying,
some grassroots unions reporting) on the small tree with a few more grassroots unions."""

import io

import pytest
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import Actor
from directives import progress as matrix
from directives.models import Directive
from lamtheo.browser_tests import BROWSER_TEST, login, shots
from lamtheo.demo.documents import cascade, guidance_2026
from lamtheo.testing import make_user, unit
from org.models import Unit, UnitKind

pytestmark = BROWSER_TEST
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
def test_the_province_sees_its_late_units_first_and_exports_them(live_server, page, tree, tmp_path, size):
    for i, name in enumerate(
        ["Công ty Cổ phần Chè Tam Đường", "Trường THPT Phong Thổ", "Bệnh viện Đa khoa tỉnh"]
    ):
        unit(f"CDCS-E{i}", f"Công đoàn {name}", UnitKind.GRASSROOTS, tree.fed_a)
    Unit.objects.filter(pk=tree.district_a1.pk).update(issuer_code="LĐLĐ")  # it relays with its own letter
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF, username="canbo-tinh")
    actor = Actor(user=user, unit_id=tree.fed_a.pk, role=Role.FEDERATION_STAFF)
    cascade(actor, tree.fed_a, guidance_2026(actor, tree.fed_a))
    directive = Directive.objects.get()
    expected = list(matrix.matrix_units(actor, directive, late_only=True))
    assert expected and expected[0]["late"] >= expected[-1]["late"] > 0

    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    login(page, live_server, user)
    panel = page.locator("#issued-directives")
    panel.wait_for()
    worst = [t.split(" (")[0] for t in panel.locator(".late-units li").all_inner_texts()]
    assert worst == [u["unit__name"] for u in expected[:5]]
    assert f"{len(expected)} đơn vị trễ hạn" in panel.inner_text()
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(shots(tmp_path) / f"progress-home-{size}.png"))

    panel.get_by_text(f"{len(expected)} đơn vị trễ hạn").click()
    page.wait_for_selector("#progress-matrix")
    names = page.locator("#progress-matrix .matrix-row .unit-name").all_inner_texts()
    assert names == [u["unit__name"] for u in expected]
    assert page.locator("#f-late").is_checked()
    assert page.locator("#progress-matrix .matrix-row.late").count() == len(names)
    page.screenshot(path=str(shots(tmp_path) / f"progress-matrix-{size}.png"))
    page.screenshot(path=str(shots(tmp_path) / f"progress-matrix-{size}-full.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("#export-progress")
    with open(download_info.value.path(), "rb") as handle:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(handle.read())).get_sheet_by_index(0).to_python()
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Đơn vị")
    assert [r[0] for r in rows[header + 1 : -1]] == names
    assert rows[-1][0] == f"Tổng cộng: {len(names)} đơn vị"
    assert download_info.value.suggested_filename.startswith("tien-do-")
