from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.services import login_locked_until, register_failed_login, register_successful_login


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form with a lockout after repeated failures."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
        "locked": "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"

    def clean(self):
        username = (self.data.get("username") or "").strip()
        locked = login_locked_until(username) if username else None
        if locked:
            from django.utils import timezone

            minutes = max(1, int((locked - timezone.now()).total_seconds() // 60) + 1)
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                register_failed_login(username)
            raise
        register_successful_login(username)
        return cleaned
