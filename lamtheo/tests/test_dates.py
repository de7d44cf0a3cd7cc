"""The one date parser (lamtheo.lib.dates.parse_date) used by forms, importers and the API."""

from datetime import date, datetime

import pytest

from lamtheo.lib.dates import format_vn, parse_date
from lamtheo.lib.errors import ServiceError


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("15/05/1985", date(1985, 5, 15)),
        ("5/7/2020", date(2020, 7, 5)),
        ("05-07-2020", date(2020, 7, 5)),
        ("05.07.2020", date(2020, 7, 5)),
        (" 05 / 07 / 2020 ", date(2020, 7, 5)),
        ("2020-07-05", date(2020, 7, 5)),
        ("2020-07-05T00:00:00", date(2020, 7, 5)),
        (datetime(2020, 7, 5, 13, 30), date(2020, 7, 5)),
        (date(2020, 7, 5), date(2020, 7, 5)),
        (44017, date(2020, 7, 5)),  # a numeric cell holding Excel's serial
        (44017.0, date(2020, 7, 5)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_reads_typed_and_cell_dates(raw, expected):
    assert parse_date(raw) == expected


def test_a_bare_year_is_a_year_not_an_excel_serial():
    # Before: "2015" was read as the Excel serial 2015, i.e. 07/07/1905.
    with pytest.raises(ServiceError) as exc:
        parse_date("2015")
    assert "chỉ có năm" in exc.value.message
    assert "01/01/2015" in exc.value.message


@pytest.mark.parametrize("raw", ["44017", "44017.0", "12345"])
def test_digits_in_text_are_never_a_serial(raw):
    with pytest.raises(ServiceError, match="không đúng dạng"):
        parse_date(raw)


@pytest.mark.parametrize(
    "raw, words",
    [
        ("31/02/2023", "không tồn tại"),
        ("hôm qua", "không đúng dạng"),
        ("01/01/1800", "ngoài khoảng"),
        (date(1899, 1, 1), "ngoài khoảng"),
        (0, "không hợp lệ"),
        (-5.5, "không hợp lệ"),
        (True, "không hợp lệ"),
        ("x" * 500, "không đúng dạng"),
    ],
)
def test_parse_date_refuses_with_a_vietnamese_message(raw, words):
    with pytest.raises(ServiceError) as exc:
        parse_date(raw)
    assert words in exc.value.message
    assert len(exc.value.message) < 200  # a long input is not echoed whole


def test_format_vn_round_trips():
    assert parse_date(format_vn(date(2024, 2, 29))) == date(2024, 2, 29)


def test_the_api_reads_dates_with_the_same_parser():
    from pydantic import TypeAdapter, ValidationError

    from lamtheo.schemas import InputDate

    adapter = TypeAdapter(InputDate)
    assert adapter.validate_python("2024-02-29") == date(2024, 2, 29)
    for bad, words in (("2023-02-29", "không tồn tại"), ("1800-01-01", "ngoài khoảng"), (2015, "YYYY-MM-DD"),
                       ("2015", "YYYY-MM-DD")):  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            adapter.validate_python(bad)
        assert words in exc.value.errors()[0]["ctx"]["message"]
