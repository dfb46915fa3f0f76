"""Shared fixtures: a small network with two provinces.

The cast (after healthchecks' Alice/Bob/Charlie):
- ``referent``: referent of a Namur SLSP (a member of the Namur platform);
- ``lead``: chef de file of the Namur platform;
- ``outsider``: referent of a Hainaut SLSP — must never see Namur-only things;
- ``coordinator``: SWL coordinator, with TOTP set up (MFA is required for them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils.text import slugify

from network import services
from network.models import HousingCompany, Member, Province, ProvincialPlatform, WorkingGroup
from network.reference_data import ensure_provinces

PASSWORD = "motdepasse-de-test-42"


@pytest.fixture
def provinces(db) -> dict[str, Province]:
    return ensure_provinces()


def make_company(province: Province, name: str) -> HousingCompany:
    return HousingCompany.objects.create(name=name, slug=slugify(name), province=province)


@pytest.fixture
def namur_company(provinces) -> HousingCompany:
    return make_company(provinces["Namur"], "Le Toit Namurois")


@pytest.fixture
def hainaut_company(provinces) -> HousingCompany:
    return make_company(provinces["Hainaut"], "Le Foyer Hennuyer")


def make_member(email: str, company: HousingCompany | None, role: str = "referent",
                first_name: str = "Test", last_name: str = "Membre") -> Member:
    return services.create_member(
        email=email, first_name=first_name, last_name=last_name, password=PASSWORD,
        role=role, company=company,
    )


@pytest.fixture
def referent(namur_company) -> Member:
    return make_member("referente.namur@example.test", namur_company,
                       first_name="Nadia", last_name="Namuroise")


@pytest.fixture
def lead(namur_company) -> Member:
    member = make_member("chef.namur@example.test", namur_company,
                         first_name="Louis", last_name="Chef")
    ProvincialPlatform.objects.get(province=namur_company.province).leads.add(member)
    return member


@pytest.fixture
def outsider(hainaut_company) -> Member:
    return make_member("referent.hainaut@example.test", hainaut_company,
                       first_name="Henri", last_name="Hennuyer")


def activate_totp(user) -> Authenticator:
    return TOTP.activate(user, generate_totp_secret()).instance


@pytest.fixture
def coordinator(provinces) -> Member:
    member = make_member("coordination@example.test", None, role="coordinator",
                         first_name="Claire", last_name="Coordination")
    activate_totp(member.user)
    return member


@pytest.fixture
def working_group(referent) -> WorkingGroup:
    group = WorkingGroup.objects.create(name="Groupe logement de transit",
                                        slug="logement-de-transit")
    group.members.add(referent)
    return group


@pytest.fixture
def as_user(client):
    """Log a member in on the test client: ``as_user(member)``."""

    def login(member: Member | None):
        client.logout()
        if member is not None:
            client.force_login(member.user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's production work factor costs ~0.3 s per user; tests need no such cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Browser journeys run last: they are the slowest and need the rest to be sound."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_sessionstart(session):
    """Under the README test command, every real server must answer — or the run fails."""
    if os.environ.get("RESEAU_REQUIRE_SERVICES") != "1":
        return
    from django.conf import settings

    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("DATABASE_URL does not point to PostgreSQL")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL is not set")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=3).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis does not answer: {exc}")
    if not settings.ELASTICSEARCH_URL:
        problems.append("ELASTICSEARCH_URL is not set")
    else:
        from elasticsearch import Elasticsearch

        if not Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=5).ping():
            problems.append("Elasticsearch does not answer")
    if not Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists():
        problems.append("Chromium is not installed")
    if problems:
        pytest.exit("Required test servers are missing: " + "; ".join(problems), returncode=3)
