"""Invitations, login, MFA for coordinators, and the closed sign-up."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network import services
from network.models import Invitation, Member, User

pytestmark = pytest.mark.django_db


def invite(actor, company, email="nouvelle@example.test", **kwargs):
    invitation, token = services.invite_member(actor=actor.user, email=email, company=company,
                                               **kwargs)
    return invitation, token


def accept(client, token, password="un-mot-de-passe-solide-2026"):
    return client.post(reverse("network:accept_invitation", kwargs={"token": token}), {
        "first_name": "Nouvelle", "last_name": "Référente",
        "password1": password, "password2": password,
    })


def test_coordinator_invites_by_email_and_the_link_creates_an_account(
        client, as_user, coordinator, namur_company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(coordinator).post(reverse("network:invitations"), {
            "email": "Nouvelle@Example.test", "role": "referent", "company": namur_company.pk,
        })
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@example.test"]
    assert "Invitation" in message.subject
    link = next(line for line in message.body.splitlines() if "/invitation/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]

    client.logout()
    page = client.get(reverse("network:accept_invitation", kwargs={"token": token}))
    assert page.status_code == 200
    assert "nouvelle@example.test" in page.content.decode()
    response = accept(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    member = Member.objects.get(user__email="nouvelle@example.test")
    assert member.company == namur_company and member.role == "referent"
    assert member.user.emailaddress_set.get().verified
    assert client.get(reverse("home")).status_code == 200  # logged in


def test_an_invitation_works_only_once(client, coordinator, namur_company):
    _, token = invite(coordinator, namur_company)
    assert accept(client, token).status_code == 302
    client.logout()
    response = client.get(reverse("network:accept_invitation", kwargs={"token": token}))
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()
    assert User.objects.filter(email="nouvelle@example.test").count() == 1


def test_an_expired_invitation_says_so(client, coordinator, namur_company):
    invitation, token = invite(coordinator, namur_company)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    response = client.get(reverse("network:accept_invitation", kwargs={"token": token}))
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert accept(client, token).status_code == 410
    assert not User.objects.filter(email="nouvelle@example.test").exists()


def test_a_forged_invitation_is_refused(client, db):
    response = client.get(reverse("network:accept_invitation", kwargs={"token": "forged-token"}))
    assert response.status_code == 404
    assert "pas valide" in response.content.decode()


def test_a_new_invitation_replaces_the_pending_one(client, coordinator, namur_company):
    _, first = invite(coordinator, namur_company)
    _, second = invite(coordinator, namur_company)
    response = client.get(reverse("network:accept_invitation", kwargs={"token": first}))
    assert response.status_code == 410 and "remplacée" in response.content.decode()
    assert accept(client, second).status_code == 302


def test_weak_or_mismatched_passwords_are_explained_and_names_kept(client, coordinator,
                                                                   namur_company):
    _, token = invite(coordinator, namur_company)
    response = accept(client, token, password="123")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Il y a un problème" in content
    assert 'value="Nouvelle"' in content
    response = client.post(reverse("network:accept_invitation", kwargs={"token": token}), {
        "first_name": "A", "last_name": "B", "password1": "un-mot-de-passe-solide-2026",
        "password2": "autre-chose-2026-xx"})
    assert "ne correspondent pas" in response.content.decode()


def test_chef_de_file_invites_referents_of_their_province_only(as_user, lead, namur_company,
                                                               hainaut_company):
    client = as_user(lead)
    ok = client.post(reverse("network:invitations"), {
        "email": "a@example.test", "role": "referent", "company": namur_company.pk})
    assert ok.status_code == 302
    refused = client.post(reverse("network:invitations"), {
        "email": "b@example.test", "role": "referent", "company": hainaut_company.pk})
    assert refused.status_code == 200  # form error: Hainaut is not an allowed choice
    assert not Invitation.objects.filter(email="b@example.test").exists()
    refused = client.post(reverse("network:invitations"), {
        "email": "c@example.test", "role": "coordinator", "company": namur_company.pk})
    assert not Invitation.objects.filter(email="c@example.test").exists()


@pytest.mark.parametrize("who", ["referent", "outsider"])
def test_referents_cannot_invite(as_user, request, who):
    member = request.getfixturevalue(who)
    assert as_user(member).get(reverse("network:invitations")).status_code == 403


def test_inviting_an_existing_member_is_explained(as_user, coordinator, referent, namur_company):
    response = as_user(coordinator).post(reverse("network:invitations"), {
        "email": referent.user.email, "role": "referent", "company": namur_company.pk})
    assert response.status_code == 200
    assert "appartient déjà" in response.content.decode()


def test_there_is_no_open_sign_up(client, db):
    response = client.post(reverse("account_signup"), {
        "email": "intrus@example.test", "password1": "x-Password-2026!", "password2":
        "x-Password-2026!"})
    assert not User.objects.filter(email="intrus@example.test").exists()
    assert response.status_code in (200, 302)


def test_login_by_email(client, referent):
    from tests.conftest import PASSWORD

    response = client.post(reverse("account_login"), {"login": referent.user.email,
                                                      "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_coordinator_without_totp_must_set_it_up(client, provinces):
    from tests.conftest import make_member

    member = make_member("sans.mfa@example.test", None, role="coordinator")
    client.force_login(member.user)
    response = client.get(reverse("network:companies"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # The set-up page itself is reachable (allauth may first ask for the password again).
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 or setup["Location"].startswith(
        reverse("account_reauthenticate"))


def test_coordinator_login_asks_for_the_second_factor(client, coordinator):
    from tests.conftest import PASSWORD

    response = client.post(reverse("account_login"), {"login": coordinator.user.email,
                                                      "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in yet: the directory still sends to login.
    assert client.get(reverse("network:companies")).status_code == 302


def test_login_page_and_password_reset_are_public_and_french(client, db):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert 'lang="fr-BE"' in response.content.decode()
    assert "Connexion" in response.content.decode()
    assert client.get(reverse("account_reset_password")).status_code == 200


def test_security_headers(client, db):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


def test_api_token_is_shown_once_and_can_be_revoked(as_user, referent):
    client = as_user(referent)
    response = client.post(reverse("network:api_tokens"), {"name": "Tableur"})
    raw = response.context["new_token"]
    assert raw.startswith("rsx_")
    token = referent.api_tokens.get()
    assert raw not in token.token_hash
    assert services.authenticate_api_token(raw) == referent.user
    client.post(reverse("network:api_token_revoke", kwargs={"pk": token.pk}))
    assert services.authenticate_api_token(raw) is None
