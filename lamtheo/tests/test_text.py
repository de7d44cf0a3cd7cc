import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamtheo.lib.text import fold, nfc, nfc_lines, person_sort_key, sort_key_part, split_full_name


def by_name(names):
    return sorted(names, key=lambda n: person_sort_key(*split_full_name(n)))


def test_it_normalises_to_nfc_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn   Đức ")
    assert len(decomposed) > len("Nguyễn Văn Đức")
    assert nfc(decomposed) == "Nguyễn Văn Đức"


def test_it_keeps_line_breaks_when_asked():
    text = unicodedata.normalize("NFD", " Kính gửi:  Ban Thường vụ \n- Các CĐCS  trực thuộc \n")
    assert nfc_lines(text) == "Kính gửi: Ban Thường vụ\n- Các CĐCS trực thuộc"


def test_it_folds_accents_and_d_with_stroke():
    assert fold("Nguyễn Văn ĐỨC") == "nguyen van duc"
    assert fold("Đường Hoàng Liên Sơn") == "duong hoang lien son"


def test_people_sort_by_given_name_then_middle_then_family():
    expected = ["Lê An", "Nguyễn Văn An", "Trần Văn An", "Phạm Thị Ánh", "Nguyễn Thị Bình"]
    assert by_name(list(reversed(expected))) == expected


def test_letters_follow_the_vietnamese_alphabet():
    words = ["Ư", "U", "Ơ", "Ô", "O", "Đ", "D", "Ê", "E", "Â", "Ă", "A", "Z"]
    assert sorted(words, key=sort_key_part) == [
        "A",
        "Ă",
        "Â",
        "D",
        "Đ",
        "E",
        "Ê",
        "O",
        "Ô",
        "Ơ",
        "U",
        "Ư",
        "Z",
    ]


def test_tones_follow_none_grave_hook_tilde_acute_dot():
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=sort_key_part) == ["a", "à", "ả", "ã", "á", "ạ"]


def test_letters_outrank_tones_and_prefixes_come_first():
    assert sorted(["Anh", "Ăn", "Án", "An"], key=sort_key_part) == ["An", "Án", "Anh", "Ăn"]
    assert sorted(["Dung", "Đức", "Dũng"], key=sort_key_part) == ["Dung", "Dũng", "Đức"]


def test_it_splits_a_full_name_at_the_first_and_last_spaces():
    assert split_full_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_full_name("Lò Hằng") == ("Lò", "", "Hằng")
    assert split_full_name("Pằng") == ("", "", "Pằng")
    assert split_full_name("  ") == ("", "", "")


@given(st.text(max_size=40))
def test_keys_are_digits_and_fold_is_stable(text):
    key = sort_key_part(text)
    assert key.isdigit()
    assert fold(fold(text)) == fold(text)
    assert sort_key_part(unicodedata.normalize("NFD", text)) == sort_key_part(
        unicodedata.normalize("NFC", text)
    )


@pytest.mark.parametrize("text", ["An", "NGUYEN van 12", "x-Y_z!", "0912345678", "John  Smith", ""])
def test_an_unmarked_part_gets_the_key_of_the_letter_by_letter_path(text):
    from lamtheo.lib.text import _marked_key

    assert sort_key_part(text) == _marked_key(nfc(text))
