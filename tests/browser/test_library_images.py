"""A tool with a diagram in its body: the image loads through the policy-checked view for
a member of its platform, not for an outsider; the news listing is one click from the library."""

import pytest

from knowledge import demo, services
from knowledge.images import image_url
from tests.browser.test_directory_journey import log_in
from tests.knowledge.conftest import proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def illustrated_tool(referent, coordinator):
    library = services.ensure_library()
    demo.load_faq_and_news(library)
    illustration = demo.ILLUSTRATIONS[0]
    page = services.propose_item(user=referent.user, proposal=proposal(
        illustration.tool, audience="province", province_id=referent.company.province_id))
    services.approve_proposal(user=coordinator.user, page=page)
    assert demo.illustrate_tools(coordinator.user) == 1
    page.refresh_from_db()
    return page.specific


def test_a_member_sees_the_diagram_and_an_outsider_cannot_fetch_it(
        page, shoot, assert_accessible, illustrated_tool, referent, outsider, viewport):
    log_in(page, referent.user.email)
    page.goto(illustrated_tool.url)
    figure = page.locator("figure.body-image")
    image = figure.get_by_role("img", name=demo.ILLUSTRATIONS[0].alt)
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    source = image.evaluate("img => img.currentSrc")
    assert "/outils/images/" in source and "/media/" not in source
    assert figure.get_by_text(demo.ILLUSTRATIONS[0].caption).is_visible()
    box = image.bounding_box()
    assert box is not None and box["width"] <= {"phone": 360, "desktop": 1280}[viewport]
    assert_accessible()
    shoot("library-images-01-outil-avec-schema")

    page.get_by_role("link", name="Outils & pratiques").last.click()
    page.get_by_role("link", name="Toutes les actualités SWL").click()
    page.wait_for_url("**/outils/actualites/")
    assert page.get_by_role("heading", name="Actualités SWL", level=1).is_visible()
    assert page.get_by_text("3 actualités").is_visible()
    assert_accessible()
    shoot("library-images-02-actualites")

    page.context.clear_cookies()
    log_in(page, outsider.user.email)
    image_id = illustrated_tool.body[1].value["image"].pk
    for spec in ("width-400", "width-800"):
        assert page.request.get(image_url(image_id, spec)).status == 404
    assert page.goto(illustrated_tool.url).status == 404
