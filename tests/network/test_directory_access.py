"""Every directory view, seen by anonymous, referent, chef de file, outsider and coordinator."""

import pytest
from django.urls import reverse

from network.models import ProvincialPlatform

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(referent, lead, outsider, coordinator):
    return {"referent": referent, "lead": lead, "outsider": outsider,
            "coordinator": coordinator}


NETWORK_PAGES = [
    ("home", {}),
    ("network:companies", {}),
    ("network:members", {}),
    ("network:platforms", {}),
    ("network:groups", {}),
    ("network:profile_edit", {}),
    ("network:api_tokens", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), NETWORK_PAGES)
def test_anonymous_is_sent_to_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kwargs"), NETWORK_PAGES)
@pytest.mark.parametrize("who", ["referent", "lead", "outsider", "coordinator"])
def test_every_member_sees_network_pages(as_user, cast, who, name, kwargs):
    response = as_user(cast[who]).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["referent", "lead", "outsider", "coordinator"])
def test_company_member_and_platform_pages_are_network_wide(as_user, cast, who, namur_company):
    client = as_user(cast[who])
    platform = ProvincialPlatform.objects.get(province=namur_company.province)
    for url in (
        namur_company.get_absolute_url(),
        cast["referent"].get_absolute_url(),
        platform.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url


def test_platform_page_tells_an_outsider_the_space_is_closed(as_user, outsider, referent,
                                                             namur_company):
    platform = ProvincialPlatform.objects.get(province=namur_company.province)
    assert as_user(outsider).get(platform.get_absolute_url()).context["is_member"] is False
    assert as_user(referent).get(platform.get_absolute_url()).context["is_member"] is True


@pytest.mark.parametrize(("who", "status"), [
    ("referent", 200), ("lead", 404), ("outsider", 404), ("coordinator", 200),
])
def test_working_group_is_private_to_its_members(as_user, cast, working_group, who, status):
    client = as_user(cast[who])
    assert client.get(working_group.get_absolute_url()).status_code == status
    listed = working_group in client.get(reverse("network:groups")).context["groups"]
    assert listed is (status == 200)


def test_member_profile_hides_groups_the_viewer_cannot_see(as_user, outsider, referent,
                                                           working_group):
    response = as_user(outsider).get(referent.get_absolute_url())
    assert working_group.name not in response.content.decode()
    response = as_user(referent).get(referent.get_absolute_url())
    assert working_group.name in response.content.decode()


def test_unknown_pages_are_404(as_user, referent):
    client = as_user(referent)
    assert client.get(reverse("network:company", kwargs={"slug": "nope"})).status_code == 404
    assert client.get(reverse("network:member", kwargs={"pk": 999999})).status_code == 404


def test_inactive_member_profile_is_hidden(as_user, referent, outsider):
    outsider.user.is_active = False
    outsider.user.save()
    assert as_user(referent).get(outsider.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(("who", "status"), [
    ("referent", 403), ("lead", 403), ("outsider", 403), ("coordinator", 302),
])
def test_only_coordinators_assign_roles(as_user, cast, outsider, who, status):
    response = as_user(cast[who]).post(
        reverse("network:member_role", kwargs={"pk": outsider.pk}), {"role": "coordinator"})
    assert response.status_code == status
    outsider.refresh_from_db()
    assert (outsider.role == "coordinator") is (status == 302)


@pytest.mark.parametrize(("who", "status"), [
    ("referent", 403), ("lead", 403), ("outsider", 403), ("coordinator", 302),
])
def test_only_coordinators_name_chefs_de_file(as_user, cast, referent, namur_company, who,
                                              status):
    platform = ProvincialPlatform.objects.get(province=namur_company.province)
    url = reverse("network:platform_leads", kwargs={"slug": platform.province.slug})
    response = as_user(cast[who]).post(url, {"leads": [referent.pk]})
    assert response.status_code == status
    assert platform.leads.filter(pk=referent.pk).exists() is (status == 302)


def test_a_member_edits_only_their_own_profile(as_user, referent, outsider):
    client = as_user(outsider)
    response = client.post(reverse("network:profile_edit"), {
        "first_name": "Henri", "last_name": "Modifié", "job_title": "Référent",
        "phone": "", "bio": "",
        "expertise-TOTAL_FORMS": "1", "expertise-INITIAL_FORMS": "0",
        "expertise-MIN_NUM_FORMS": "0", "expertise-MAX_NUM_FORMS": "12",
        "expertise-0-axis": "impayes", "expertise-0-label": "Plan d'apurement",
    })
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.user.last_name == "Modifié"
    assert outsider.expertises.get().label == "Plan d'apurement"
    referent.refresh_from_db()
    assert referent.user.last_name == "Namuroise"


def test_profile_errors_keep_what_was_typed(as_user, referent):
    response = as_user(referent).post(reverse("network:profile_edit"), {
        "first_name": "", "last_name": "Namuroise", "job_title": "Texte gardé",
        "expertise-TOTAL_FORMS": "0", "expertise-INITIAL_FORMS": "0",
        "expertise-MIN_NUM_FORMS": "0", "expertise-MAX_NUM_FORMS": "12",
    })
    assert response.status_code == 200
    content = response.content.decode()
    assert "Il y a un problème" in content
    assert "Texte gardé" in content


def test_profile_photo_is_served_only_to_members(as_user, client, referent, tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    referent.photo.save("photo.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)
    url = reverse("network:member_photo", kwargs={"pk": referent.pk})
    client.logout()
    assert client.get(url).status_code == 302
    response = as_user(referent).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_platform_page_lists_upcoming_meetings_only_to_its_members(as_user, referent, outsider,
                                                                  namur_company):
    """The events app contributes the block; the policy decides who sees the meetings."""
    from tests.events.conftest import make_event

    make_event(title="Réunion de printemps", kind="platform_meeting",
               province=namur_company.province, days=10)
    platform = ProvincialPlatform.objects.get(province=namur_company.province)
    assert "Réunion de printemps" in as_user(referent).get(
        platform.get_absolute_url()).content.decode()
    assert "Réunion de printemps" not in as_user(outsider).get(
        platform.get_absolute_url()).content.decode()
