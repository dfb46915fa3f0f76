"""The image form of Wagtail's admin (``WAGTAILIMAGES_IMAGE_FORM_BASE``): uploads are
checked by ``network.uploads.check_image`` before Wagtail opens them.

Wagtail's own field checks the extension, size and pixel count, but a truncated PNG
makes it fail with a server error; the shared check runs first and refuses it in French.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from network import uploads


class CheckedImageField(WagtailImageField):
    def to_python(self, data: Any) -> Any:
        if data and hasattr(data, "size"):
            uploads.check_image(data, name=PurePath(data.name).name, size=data.size)
        return super().to_python(data)


class LibraryImageForm(BaseImageForm):
    """Wagtail's image form, with the network's upload check on the file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = CheckedImageField(label=field.label, required=field.required,
                                                    widget=field.widget)
