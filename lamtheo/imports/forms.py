from django import forms

from lamtheo.lib.spreadsheet import SUFFIXES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx) hoặc .csv",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES), "class": "form-control"}),
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp tải lên rỗng."},
    )


class MembersUploadForm(UploadForm):
    """For importers whose file may have no unit column: the unit the rows go to."""

    def __init__(self, *args, actor=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from org.fields import UnitChoiceField
        from org.picker import GRASSROOTS, PickRule

        self.fields["unit"] = UnitChoiceField(
            label="Đơn vị nhận danh sách",
            required=False,
            help_text="Cho các dòng không ghi mã đơn vị (tệp không có cột “Mã đơn vị”). "
            "Để trống: công đoàn cơ sở bạn đang làm việc.",
        )
        self.fields["unit"].set_rule(actor, PickRule(kind=GRASSROOTS))  # type: ignore[attr-defined]
