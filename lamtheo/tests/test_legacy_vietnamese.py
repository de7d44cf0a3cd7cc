"""The TCVN3 and VNI tables, checked against letters typed from the published definitions, and the
detection of an encoding from the text."""

import unicodedata

import pytest

from lamtheo.lib import legacy_vietnamese as legacy

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
EVERY_LETTER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]


def test_tcvn3_has_one_code_for_every_lower_case_letter_and_seven_capitals():
    values = set(legacy.TCVN3_TABLE.values())
    missing = [ch for ch in EVERY_LETTER if ch not in values and not ch.isascii()]
    assert missing == []
    assert {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"} <= values
    assert len(legacy.TCVN3_TABLE) == len(values)  # no two codes for one letter
    assert all(0xA1 <= ord(code) <= 0xFE for code in legacy.TCVN3_TABLE)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        # Typed from the TCVN 5712:1993 (ABC) table.
        ("NguyÔn V¨n An", "Nguyễn Văn An"),
        ("TrÇn ThÞ Thuû", "Trần Thị Thuỷ"),
        ("Ph¹m §øc M¹nh", "Phạm Đức Mạnh"),
        ("Tr\xadêng §¹i häc", "Trường Đại học"),
        ("Hµ Néi, ngµy 15 th¸ng 01 n¨m 2026", "Hà Nội, ngày 15 tháng 01 năm 2026"),
        ("¡n ¢u £m ¤ng ¥i ¦u", "Ăn Âu Êm Ông Ơi Ưu"),
        ("ú ý û ü þ", "ỳ ý ỷ ỹ ỵ"),
    ],
)
def test_tcvn3_text(raw, text):
    assert legacy.convert(raw, legacy.TCVN3) == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        # Typed from the VNI Windows definition: a letter, then its mark.
        ("Nguyeãn Vaên An", "Nguyễn Văn An"),
        ("Traàn Thò Thuyû", "Trần Thị Thuỷ"),
        ("Phaïm Ñöùc Maïnh", "Phạm Đức Mạnh"),
        ("TRÖÔØNG ÑAÏI HOÏC", "TRƯỜNG ĐẠI HỌC"),
        ("Ngaøy 15 thaùng 01 naêm 2026", "Ngày 15 tháng 01 năm 2026"),
        ("aé aè aú aü aë", "ắ ằ ẳ ẵ ặ"),
        ("í ì æ ó ò î", "í ì ỉ ĩ ị ỵ"),
    ],
)
def test_vni_text(raw, text):
    assert legacy.convert(raw, legacy.VNI) == text


def test_vni_reads_every_letter_in_both_cases():
    inverse = {}
    for code, letter in legacy.VNI_TABLE.items():
        if letter not in inverse or len(code) < len(inverse[letter]):
            inverse[letter] = code
    for letter in EVERY_LETTER:
        for ch in (letter, letter.upper()):
            if ch.isascii():
                continue
            assert legacy.convert(inverse[ch], legacy.VNI) == ch


def test_unicode_text_is_never_converted_and_the_result_is_nfc():
    assert legacy.convert("Nguyễn Thị Thuỷ", legacy.TCVN3) == "Nguyễn Thị Thuỷ"
    assert legacy.convert("Đặng Văn Lâm", legacy.VNI) == "Đặng Văn Lâm"
    assert unicodedata.is_normalized("NFC", legacy.convert("Traàn", legacy.VNI))


def test_windows_1258_bytes_read_back_from_raw_text():
    raw = legacy.to_raw(b"Nguy\xea\xden")  # ê, then the combining tilde byte
    assert legacy.convert(raw, legacy.CP1258) == "Nguyễn"


@pytest.mark.parametrize(
    ("texts", "found"),
    [
        (["NguyÔn V¨n An", "TrÇn ThÞ Thuû", "C«ng nh©n"], legacy.TCVN3),
        (["Nguyeãn Vaên An", "Traàn Thò Thuyû", "Coâng nhaân"], legacy.VNI),
        (["Nguyễn Văn An", "Trần Thị Thuỷ"], legacy.UNICODE),
        (["Nguyen Van An", "Jose Muller"], legacy.UNICODE),
        (["Café crème"], legacy.UNICODE),
    ],
)
def test_detection_from_the_character_mix(texts, found):
    assert legacy.detect(texts) == found


def test_the_fonts_tip_a_close_call():
    assert legacy.detect(["Ho"], font_hint=legacy.VNI) == legacy.UNICODE  # nothing to convert: no change
    assert legacy.font_encoding(".VnTimeH") == legacy.TCVN3 and legacy.is_capitals_font(".VnTimeH")
    assert legacy.font_encoding("VNI-Times") == legacy.VNI and not legacy.is_capitals_font(".VnTime")
    assert legacy.font_encoding("Times New Roman") == legacy.UNICODE


def test_a_wrong_choice_is_named():
    message = legacy.check_choice(["Nguyeãn Vaên An", "Traàn Thò Thuyû"], legacy.TCVN3)
    assert "không khớp" in message and "VNI Windows" in message
    assert legacy.check_choice(["Nguyeãn Vaên An", "Traàn Thò Thuyû"], legacy.VNI) == ""
