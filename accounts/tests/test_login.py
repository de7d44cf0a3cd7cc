from django.urls import reverse

from accounts.models import Role
from lamtheo.testing import PASSWORD, make_user

LOGIN = "/tai-khoan/dang-nhap/"


def test_it_logs_in_and_out(client, tree):
    make_user(tree.fed_a, username="can-bo")
    response = client.post(LOGIN, {"username": "can-bo", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get("/").status_code == 302


def test_it_redirects_anonymous_users_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_it_locks_out_after_repeated_failures(client, tree, settings):
    settings.LOGIN_MAX_FAILURES = 3
    make_user(tree.fed_a, username="bi-khoa")
    for _ in range(3):
        response = client.post(LOGIN, {"username": "bi-khoa", "password": "sai-mat-khau"})
        assert "không đúng" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(LOGIN, {"username": "bi-khoa", "password": PASSWORD})
    assert response.status_code == 200
    assert "tạm khóa" in response.content.decode()


def test_a_success_resets_the_failure_count(client, tree, settings):
    from accounts.models import LoginThrottle

    settings.LOGIN_MAX_FAILURES = 3
    user = make_user(tree.fed_a, username="quen")
    client.post(LOGIN, {"username": "quen", "password": "sai"})
    assert LoginThrottle.objects.filter(key__startswith=f"pair|user:{user.pk}|").exists()
    client.post(LOGIN, {"username": "quen", "password": PASSWORD})
    assert not LoginThrottle.objects.filter(key__contains=f"user:{user.pk}").exists()


def test_it_changes_the_password(client, tree):
    user = make_user(tree.fed_a, username="doi-mk")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026")


def test_it_switches_the_acting_unit_only_to_own_assignments(client, tree):
    from accounts.models import Assignment

    user = make_user(tree.fed_a, username="hai-don-vi")
    second = Assignment.objects.create(user=user, unit=tree.cdcs_b1, role=Role.GRASSROOTS_CHAIR)
    foreign = Assignment.objects.create(user=make_user(tree.fed_b, username="nguoi-khac"), unit=tree.fed_b,
                                        role=Role.FEDERATION_STAFF)  # fmt: skip
    client.force_login(user)
    client.post(reverse("accounts:switch_unit"), {"assignment": second.pk, "next": "/"})
    assert client.get("/").wsgi_request.actor.unit_id == tree.cdcs_b1.pk
    client.post(reverse("accounts:switch_unit"), {"assignment": foreign.pk, "next": "/"})
    assert client.get("/").wsgi_request.actor.unit_id == tree.cdcs_b1.pk


def test_an_ended_assignment_gives_no_scope(client, tree):
    from datetime import date

    from accounts.models import Assignment

    user = make_user(tree.fed_a, username="het-han")
    Assignment.objects.filter(user=user).update(valid_to=date(2021, 1, 1))
    client.force_login(user)
    actor = client.get("/").wsgi_request.actor
    assert actor.unit_id is None
