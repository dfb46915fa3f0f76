"""SWL dashboard: who sees what, the figures, CSV exports and constant query counts."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from network.models import (
    ActivityFigure,
    ActivityReport,
    FrameworkAgreement,
    HousingCompany,
    Member,
)
from network.partners.services import refresh_agreement_statuses
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

URL = "/tableau-de-bord/"


def report(company, year, households, positive, **axes):
    r = ActivityReport.objects.create(company=company, year=year,
                                      reinforced_households=households,
                                      positive_outcomes=positive, collective_actions=2)
    for key, value in axes.items():
        axis, dimension = key.split("__")
        ActivityFigure.objects.create(report=r, axis=axis, dimension=dimension, households=value)
    return r


def test_referents_and_outsiders_do_not_see_the_dashboard(as_user, referent, outsider):
    assert as_user(referent).get(URL).status_code == 404
    assert as_user(outsider).get(URL + "export/slsp.csv").status_code == 404
    assert "Tableau de bord" not in as_user(referent).get("/").content.decode()


def test_a_chef_de_file_sees_only_their_province(as_user, lead, outsider, hainaut_company):
    report(lead.company, 2025, 10, 7)
    report(hainaut_company, 2025, 50, 20)
    client = as_user(lead)
    page = client.get(URL, {"annee": 2025}).content.decode()
    assert "Le Toit Namurois" in page and "Le Foyer Hennuyer" not in page
    assert "Tableau de bord" in client.get("/").content.decode()
    assert client.get(URL, {"province": "hainaut"}).status_code == 404
    rows = list(csv.reader(io.StringIO(client.get(
        URL + "export/chiffres.csv", {"annee": 2025}).content.decode("utf-8-sig")),
        delimiter=";"))
    assert [r[0] for r in rows] == ["Province", "Namur", "Total"]
    assert rows[1][2:5] == ["10", "7", "70,0"]


def test_coordinators_see_network_totals_trends_and_axes(as_user, coordinator, namur_company,
                                                         hainaut_company):
    report(namur_company, 2024, 10, 5)
    report(namur_company, 2025, 10, 8, impayes__individual=12, habiter__collective=4)
    report(hainaut_company, 2025, 30, 22, impayes__individual=3)
    client = as_user(coordinator)
    page = client.get(URL, {"annee": 2025}).content.decode()
    assert "Le Foyer Hennuyer" in page and "<svg" in page
    trend = client.get(URL + "export/tendances.csv").content.decode("utf-8")
    assert trend.startswith("\ufeffAnnée;")
    lines = trend.lstrip("\ufeff").splitlines()
    assert lines[1].startswith("2024;1;10;5;50,0") and lines[2].startswith("2025;2;40;30;75,0")
    axes = client.get(URL + "export/axes.csv", {"annee": 2025}).content.decode("utf-8-sig")
    assert "Lutte contre les impayés;15;0;0;15" in axes
    response = client.get(URL + "export/slsp.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="tableau-de-bord-slsp-' in response["Content-Disposition"]


def test_agreements_and_active_members_are_counted(as_user, coordinator, referent, agreement):
    FrameworkAgreement.objects.filter(pk=agreement.pk).update(
        ends_on=timezone.localdate() + timedelta(days=60))
    refresh_agreement_statuses(today=timezone.localdate())
    Member.objects.filter(pk=referent.pk).update(last_seen_at=timezone.now())
    rows = list(csv.reader(io.StringIO(as_user(coordinator).get(
        URL + "export/slsp.csv").content.decode("utf-8-sig")), delimiter=";"))
    namur = next(r for r in rows if r[1] == "Le Toit Namurois")
    # Province, SLSP, tools, threads, posts, attendance, agreements, expiring, active, members
    assert namur[6:10] == ["1", "1", "1", "1"]


def test_the_printable_report_has_the_figures(as_user, coordinator, namur_company):
    report(namur_company, 2025, 10, 8)
    page = as_user(coordinator).get(URL + "rapport/", {"annee": 2025}).content.decode()
    assert "rapport d'activité 2025" in page and "data-print" in page


def test_bad_year_or_table_is_404(as_user, coordinator):
    client = as_user(coordinator)
    assert client.get(URL, {"annee": "abc"}).status_code == 404
    assert client.get(URL + "export/inconnue.csv").status_code == 404


def grow(provinces, start: int, n: int) -> None:
    """n SLSPs, each with a referent, an agreement, a yearly report."""
    for i in range(start, start + n):
        company = HousingCompany.objects.create(name=f"SLSP {i}", slug=slugify(f"slsp-{i}"),
                                                province=provinces["Namur" if i % 2 else
                                                                   "Hainaut"])
        make_member(f"r{i}@example.test", company)
        FrameworkAgreement.objects.create(company=company, title=f"C{i}", axes=["habiter"],
                                          starts_on=date(2024, 1, 1), ends_on=date(2028, 1, 1))
        report(company, 2025, i, i // 2, habiter__individual=i)


def test_query_count_is_constant(as_user, coordinator, provinces,
                                 django_assert_max_num_queries):
    client = as_user(coordinator)
    grow(provinces, 0, 2)
    with django_assert_max_num_queries(40) as small:
        assert client.get(URL, {"annee": 2025}).status_code == 200
    grow(provinces, 2, 18)
    with django_assert_max_num_queries(40) as large:
        assert client.get(URL, {"annee": 2025}).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_discussions_meetings_and_attendance_are_read_from_their_apps(
        as_user, coordinator, referent, lead, namur_company):
    from events.models import Attendance, Event, Session
    from forums.models import Post, Space, Thread

    now = timezone.now()
    space = Space.objects.create(slug="essai", kind="category", name="Essai")
    thread = Thread.objects.create(space=space, audience="network", title="Un fil",
                                   author=referent)
    Post.objects.bulk_create([Post(thread=thread, author=referent, body="a", body_html="a"),
                              Post(thread=thread, author=lead, body="b", body_html="b",
                                   deleted_at=now)])
    event = Event.objects.create(kind="platform_meeting", title="Réunion",
                                 province=namur_company.province, status="published")
    Event.objects.filter(pk=event.pk).update(starts_at=now - timedelta(days=3),
                                             ends_at=now - timedelta(days=3, hours=-2))
    session = Session.objects.create(event=event, starts_at=now - timedelta(days=3),
                                     ends_at=now - timedelta(days=3, hours=-2))
    Attendance.objects.create(session=session, member=referent, present=True)
    Attendance.objects.create(session=session, member=lead, present=False)
    client = as_user(coordinator)
    page = client.get(URL).content.decode()
    assert "Certaines sources n" not in page
    rows = list(csv.reader(io.StringIO(client.get(URL + "export/provinces.csv").content.decode(
        "utf-8-sig")), delimiter=";"))
    namur = next(r for r in rows if r[0] == "Namur")
    # Province, SLSP, meetings, attendance %, tools, threads, posts
    assert namur[1:7] == ["1", "1", "50,0", "0", "1", "1"]


def test_the_dashboard_degrades_when_an_app_has_no_tables(as_user, coordinator, namur_company,
                                                          monkeypatch):
    """An app not installed yet (its model unknown) counts as « no data », not as an error."""
    from dashboard import sources

    real = sources._model
    monkeypatch.setattr(sources, "_model",
                        lambda label: None if label.startswith("forums.") else real(label))
    page = as_user(coordinator).get(URL).content.decode()
    assert "Certaines sources n'ont pas encore de données" in page
    assert "discussions" in page
