"""The library's images: private like its documents (Wagtail's image model, swapped).

``WAGTAILIMAGES_IMAGE_MODEL`` points here so that every image of the site —
chosen in a tool's body, listed in Wagtail's admin — is a ``LibraryImage``:

- uploads are checked by ``network.uploads.check_image`` (content sniffed, size
  and pixel limits): in the admin's forms (``knowledge.image_forms``, single and
  multiple upload) and in ``store_image`` (demo, services);
- originals are stored under a random name, and nothing serves ``MEDIA_URL``;
- a rendition's URL is ``knowledge:image`` (``knowledge.image_views``), which asks
  network/permissions.py before sending the file. Wagtail's templates
  (``{% image %}``, ``{% srcset_image %}``) and its admin use that URL unchanged.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from network import uploads

# The widths a body image is rendered at (knowledge/blocks/image.html). Only these
# renditions are made on request; any other must already exist (made by a page or
# the admin for a reader who could see the image).
BODY_IMAGE_SPECS = ("width-400", "width-800")


class LibraryImage(AbstractImage):
    """An image of the library; who may see it is decided by network/permissions.py."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def get_upload_to(self, filename: str) -> str:
        """A random name: an original's path says nothing and cannot be guessed."""
        extension = PurePath(filename).suffix.lower()
        return f"library_images/{uuid.uuid4().hex}{extension}"


class LibraryRendition(AbstractRendition):
    """A resized image, served (like its original) only through the policy-checked view."""

    image = models.ForeignKey(LibraryImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self) -> str:
        return image_url(self.image_id, self.filter_spec)

    def get_upload_to(self, filename: str) -> str:
        extension = PurePath(filename).suffix.lower()
        return f"library_images/renditions/{uuid.uuid4().hex}{extension}"


def image_url(image_id: int, spec: str) -> str:
    return reverse("knowledge:image", kwargs={"image_id": image_id, "spec": spec})


def store_image(*, data: bytes, name: str, title: str, collection: Any,
                user: Any = None) -> LibraryImage:
    """Check and save one image outside the admin (the demo, the services)."""
    import io

    from django.core.files.images import ImageFile

    uploads.check_image(io.BytesIO(data), name=name, size=len(data))
    image = LibraryImage(title=title, collection=collection, uploaded_by_user=user,
                         file=ImageFile(io.BytesIO(data), name=name))
    image._set_image_file_metadata()
    image.save()
    return image
