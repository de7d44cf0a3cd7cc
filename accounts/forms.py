from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from accounts import login


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form with the lockout of accounts/login.py; every outcome is audited there."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
        "locked": "Đăng nhập bị tạm khóa do nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"

    def _address(self) -> str:
        return login.client_address(self.request) if self.request is not None else ""

    def clean(self):
        username = self.data.get("username") or ""
        attempt = login.Attempt.of(username, self._address()) if login.normalise_username(username) else None
        locked = login.locked_until(attempt) if attempt else None
        if locked:
            minutes = max(1, int((locked - timezone.now()).total_seconds() // 60) + 1)
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if attempt:
                login.register_failed_login(attempt)
            raise
        return cleaned

    def record_login(self) -> None:
        """Called by the view once the session is open (the form may be cleaned without logging in)."""
        user = self.get_user()
        login.register_successful_login(login.Attempt.of(user.get_username(), self._address(), user=user))
