"""Serving the library's images: only after network/permissions.py said yes.

Every ``LibraryRendition.url`` points here (``knowledge:image``); there is no
other route to an image's file (``MEDIA_URL`` is not served).
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404, HttpRequest
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.models import Page, ReferenceIndex

from knowledge.images import BODY_IMAGE_SPECS, LibraryImage
from knowledge.models import LibraryItemPage
from network import permissions


def image_for_viewing(*, user: Any, pk: int) -> LibraryImage:
    """The image, if the user may see it (an item shows it, or the policy's exceptions)."""
    image = LibraryImage.objects.filter(pk=pk).first()
    if image is None:
        raise Http404
    # Items whose body shows the image (Wagtail's reference index, as for documents).
    referencing = ReferenceIndex.get_references_to(image).filter(
        base_content_type=ContentType.objects.get_for_model(Page)).values_list(
        "object_id", flat=True)
    items = LibraryItemPage.objects.filter(pk__in=[int(object_id) for object_id in referencing]).only(
        "pk", "live", "audience", "owner_id")
    if not permissions.can_view_library_image(user, items,
                                              uploaded_by_id=image.uploaded_by_user_id):
        raise Http404
    return image


def image(request: HttpRequest, image_id: int, spec: str) -> FileResponse:
    """One rendition of a library image.

    The body's widths are made on request; any other rendition (the admin's
    thumbnails) must already exist, so a URL cannot make the server resize at will.
    """
    picture = image_for_viewing(user=request.user, pk=image_id)
    if spec not in BODY_IMAGE_SPECS and not picture.renditions.filter(filter_spec=spec).exists():
        raise Http404
    try:
        rendition = picture.get_rendition(spec)
        if not rendition.file.storage.exists(rendition.file.name):
            # A stale rendition (cached, its file gone): make it again from the original.
            rendition.purge_from_cache()
            picture.renditions.filter(pk=rendition.pk).delete()
            rendition = picture.get_rendition(spec)
    except (InvalidFilterSpecError, FileNotFoundError):
        raise Http404 from None
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    response = FileResponse(rendition.file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
