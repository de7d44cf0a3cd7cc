# Failed-login counters keyed per (account, address), account and address (accounts/login.py).
# The old per-username counters are transient: they are dropped, not converted.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="LoginThrottle"),
        migrations.CreateModel(
            name="LoginThrottle",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=250, unique=True)),
                ("known_account", models.BooleanField(default=False)),
                ("failures", models.PositiveIntegerField(default=0)),
                ("last_failure_at", models.DateTimeField(db_index=True)),
                ("locked_until", models.DateTimeField(blank=True, null=True)),
            ],
        ),
    ]
