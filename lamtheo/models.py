from django.db import models


class Submission(models.Model):
    """A form submitted once: its one-time key and the record it created, so that a second submission
    of the same form (a double click, a reload after a slow answer) returns that record again."""

    key = models.CharField(max_length=64, primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    model = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "lần gửi biểu mẫu"
        verbose_name_plural = "các lần gửi biểu mẫu"

    def __str__(self) -> str:
        return self.key
