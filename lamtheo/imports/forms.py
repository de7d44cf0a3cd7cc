from django import forms

from lamtheo.lib.spreadsheet import SUFFIXES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx) hoặc .csv",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES), "class": "form-control"}),
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp tải lên rỗng."},
    )
