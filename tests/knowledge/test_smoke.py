import pytest

pytestmark = pytest.mark.django_db


def test_publish_and_list(publish, referent, as_user):
    page = publish(referent, title="Pack Welcome")
    assert page.live
    client = as_user(referent)
    r = client.get("/outils/")
    assert r.status_code == 200
    assert "Pack Welcome" in r.content.decode()
    r = client.get(page.url)
    assert r.status_code == 200, r.content[:2000]
