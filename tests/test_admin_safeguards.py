"""What holds a board member to their role: the board group's permissions, joining an
organisation, delete pages, a second factor everywhere, encrypted secrets, lock-outs, upload
caps and the security events."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from signatories import joining, services
from signatories.models import Invitation, Membership
from tests import factories


def test_the_board_group_holds_exactly_the_declared_permissions(board_member):
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=services.BOARD_GROUP).permissions.all()
    }
    assert granted == set(services.BOARD_PERMISSIONS)
    for forbidden in [
        "signatories.change_user",
        "auth.change_group",
        "django_celery_beat.add_periodictask",
        "django_celery_beat.delete_periodictask",
        "mfa.view_authenticator",
        "signatories.add_membership",
        "consultations.change_decision",
        "consultations.add_decision",
        "disputes.change_case",
    ]:
        assert not board_member.has_perm(forbidden), forbidden


def test_the_board_cannot_make_anyone_superuser_or_change_an_email(client, board_member, vcs_admin):
    client.force_login(board_member)
    url = reverse("admin:signatories_user_change", args=[board_member.pk])
    assert 'name="is_superuser"' not in client.get(url).content.decode()
    assert client.post(url, {"email": board_member.email, "is_superuser": "on", "is_staff": "on"}).status_code == 403
    other = reverse("admin:signatories_user_change", args=[vcs_admin.pk])
    assert client.post(other, {"email": "taken@example.org"}).status_code == 403
    board_member.refresh_from_db()
    vcs_admin.refresh_from_db()
    assert not board_member.is_superuser and vcs_admin.email != "taken@example.org"


def test_the_board_cannot_change_what_a_scheduled_task_runs(client, board_member, db):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_hour = IntervalSchedule.objects.create(every=1, period="hours")
    task = PeriodicTask.objects.create(name="Reminder sweep", task="signatories.tasks.sweep", interval=every_hour)
    client.force_login(board_member)
    assert client.get(reverse("admin:django_celery_beat_periodictask_add")).status_code == 403
    every_day = IntervalSchedule.objects.create(every=1, period="days")
    response = client.post(
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
        {
            "interval": every_day.pk,
            "enabled": "on",
            "task": "compact_portal.tasks.send_email",
            "args": '["Subject", "Body", "<p>Body</p>", ["someone@example.org"]]',
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.interval == every_day and task.task == "signatories.tasks.sweep" and task.args == "[]"


def test_a_board_member_cannot_join_a_party_by_an_invitation(client, board_member, council, case, caplog):
    caplog.set_level(logging.INFO, logger="compact_portal.security")
    invitation = Invitation.objects.create(organisation=council, email=board_member.email, invited_by=board_member)
    with pytest.raises(PermissionDenied, match="only when a superuser"):
        services.accept_invitation(invitation=invitation, user=board_member)
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    invitation = Invitation.objects.create(organisation=council, email=board_member.email, invited_by=superuser)
    with pytest.raises(PermissionDenied, match="party to an open breach concern"):
        services.accept_invitation(invitation=invitation, user=board_member)
    assert not Membership.objects.filter(user=board_member, organisation=council).exists()
    assert "event=membership_refused" in caplog.text


def test_the_board_cannot_add_a_membership_in_the_admin(client, board_member, vcs_organisation):
    client.force_login(board_member)
    url = reverse("admin:signatories_membership_add")
    assert (
        client.post(
            url,
            {
                "user": board_member.pk,
                "organisation": vcs_organisation.pk,
                "role": "admin",
                "joined_at_0": "2026-01-01",
                "joined_at_1": "10:00",
            },
        ).status_code
        == 403
    )
    assert not Membership.objects.filter(user=board_member).exists()


def test_even_a_superuser_cannot_put_a_board_member_into_a_party(client, superuser, board_member, council, case):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:signatories_membership_add"),
        {
            "user": board_member.pk,
            "organisation": council.pk,
            "role": "member",
            "joined_at_0": "2026-01-01",
            "joined_at_1": "10:00",
        },
    )
    assert response.status_code == 200 and joining.BOARD_NOT_A_PARTY in response.content.decode()
    assert not Membership.objects.filter(user=board_member, organisation=council).exists()


def test_every_membership_change_is_logged_and_told_to_the_admins(
    vcs_organisation, vcs_admin, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="compact_portal.security")
    newcomer = factories.UserFactory(full_name="Nia Newcomer")
    with django_capture_on_commit_callbacks(execute=True):
        membership = Membership.objects.create(user=newcomer, organisation=vcs_organisation)
    assert f"event=membership_added user=- ip=- member={newcomer.pk} organisation={vcs_organisation.pk}" in caplog.text
    assert [m.to for m in mail.outbox] == [[vcs_admin.email]] and "Nia Newcomer joined as a member" in mail.outbox[
        0
    ].body
    with django_capture_on_commit_callbacks(execute=True):
        membership.delete()
    assert "event=membership_removed" in caplog.text and "was removed from" in mail.outbox[-1].body


def test_an_organisation_delete_page_names_no_case(client, superuser, council, case):
    client.force_login(superuser)
    page = client.get(reverse("admin:signatories_organisation_delete", args=[council.pk])).content.decode()
    assert "Records kept confidential" in page
    assert str(case) not in page and f"/admin/disputes/case/{case.pk}/" not in page


@pytest.fixture
def mfa_required(settings):
    settings.ADMIN_REQUIRES_MFA = True


@pytest.mark.parametrize("name", ["board_dashboard", "disputes:board_cases", "disputes:board_cases_csv"])
def test_every_board_page_needs_a_second_factor(client, board_member, mfa_required, name):
    client.force_login(board_member)
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    session = client.session
    session["account_authentication_methods"] = [{"method": "password"}, {"method": "mfa", "type": "totp"}]
    session.save()
    assert client.get(reverse(name)).status_code == 200


def test_the_password_alone_cannot_enrol_an_authenticator(client, board_member, mfa_required):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=board_member, email=board_member.email, defaults={"verified": True, "primary": True}
    )
    client.post(reverse("account_login"), {"login": board_member.email, "password": factories.PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]


def test_authenticator_secrets_are_encrypted_at_rest(db):
    from allauth.mfa.adapter import get_adapter

    adapter = get_adapter()
    stored = adapter.encrypt("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in stored and adapter.decrypt(stored) == "JBSWY3DPEHPK3PXP"


def test_authenticators_are_for_superusers_only(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("admin:mfa_authenticator_changelist")).status_code == 403


def _try(client, email, password, address):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def test_a_lockout_holds_the_pair_not_the_account_everywhere(client, db):
    person = factories.UserFactory()
    for _ in range(5):
        _try(client, person.email, "wrong password", "203.0.113.9")
    assert "Your account is locked" in _try(client, person.email, factories.PASSWORD, "203.0.113.9").content.decode()
    _try(client, person.email, factories.PASSWORD, "198.51.100.7")
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_cool_off_grows_with_failures(rf, db, settings):
    from axes.models import AccessAttempt

    from compact_portal.security import lockout_cool_off

    request = rf.post("/accounts/login/", {"login": "someone@example.org"}, REMOTE_ADDR="203.0.113.9")
    attempt = AccessAttempt.objects.create(
        username="someone@example.org", ip_address="203.0.113.9", failures_since_start=5, get_data="", post_data=""
    )
    assert lockout_cool_off(request) == timedelta(minutes=15)
    AccessAttempt.objects.filter(pk=attempt.pk).update(failures_since_start=7)
    assert lockout_cool_off(request) == timedelta(minutes=60)
    AccessAttempt.objects.filter(pk=attempt.pk).update(failures_since_start=40)
    assert lockout_cool_off(request) == timedelta(hours=24)
    unknown = rf.post("/accounts/login/", {"login": "someone@example.org"}, REMOTE_ADDR="")  # no address to key on
    assert lockout_cool_off(unknown) == timedelta(minutes=15)


def test_a_case_holds_a_limited_number_of_documents(case, vcs_admin, settings, tmp_path):
    from disputes import services as dispute_services

    settings.MAX_CASE_ATTACHMENTS = 1
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    files = [SimpleUploadedFile("a.pdf", pdf, "application/pdf"), SimpleUploadedFile("b.pdf", pdf, "application/pdf")]
    with pytest.raises(ValidationError, match="at most 1 documents"):
        dispute_services.add_attachments(case=case, by=vcs_admin, files=files)
    assert case.attachments.count() == 0


def test_one_request_carries_a_limited_number_of_files(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10


def test_exports_denials_and_confidential_views_are_logged(client, board_member, vcs_admin, case, caplog):
    caplog.set_level(logging.INFO, logger="compact_portal.security")
    client.force_login(board_member)
    client.get(reverse("disputes:board_cases_csv"))
    assert f"event=export user={board_member.pk}" in caplog.text and "export=board_cases_csv" in caplog.text
    client.force_login(vcs_admin)
    client.get(reverse("disputes:case", args=[case.pk]))
    assert f"event=case_details_viewed user={vcs_admin.pk}" in caplog.text and f"case={case.pk}" in caplog.text
    client.get(reverse("admin:index"))
    client.force_login(factories.UserFactory(is_staff=True))
    client.get(reverse("admin:signatories_organisation_changelist"))
    assert "event=access_denied" in caplog.text
    assert vcs_admin.email not in caplog.text
