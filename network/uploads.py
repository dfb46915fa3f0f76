"""Uploaded documents: what we accept (checked on the content, not the name) and their text.

Shared by every app that takes files (library documents, event agenda and minutes
documents, forum attachments).

Accepted: PDF, DOCX, XLSX, PPTX, ODT, ODS and PNG/JPEG images, up to MAX_UPLOAD_SIZE.
Refused with a clear message: macro-enabled Office or OpenDocument files, executables,
old binary Office files (which can carry macros), anything whose content does not match
its extension. Pictures shown inside pages (library images) also go through
``check_image``: PNG or JPEG only, decoded by Pillow, with a pixel limit.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_UPLOAD_SIZE = 8 * 1024 * 1024
# Text kept per document for search; enough for a long procedure.
MAX_TEXT_LENGTH = 200_000

EXTENSIONS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ACCEPTED_LABEL = "PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG"
_MACRO_EXTENSIONS = {"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam"}
_EXECUTABLE_EXTENSIONS = {"exe", "com", "bat", "cmd", "msi", "scr", "ps1", "vbs", "js", "jar",
                          "sh", "dll", "app", "apk", "lnk", "hta"}
_OOXML_MAIN = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml",
               "pptx": "ppt/presentation.xml"}


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_document")


def _sniff(head: bytes) -> str:
    """What the first bytes say the file is."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
        return "executable"
    return "unknown"


def _zip_kind(data: IO[bytes]) -> str:
    """docx/xlsx/pptx/odt/ods from the archive's members; 'macro' when it carries macros."""
    try:
        with zipfile.ZipFile(data) as archive:
            names = set(archive.namelist())
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return "macro"
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                if "macroEnabled" in types:
                    return "macro"
                for kind, main in _OOXML_MAIN.items():
                    if main in names:
                        return kind
                return "unknown"
            if "mimetype" in names:
                if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                    return "macro"
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                for kind in ("odt", "ods"):
                    if mimetype == EXTENSIONS[kind]:
                        return kind
    except zipfile.BadZipFile:
        return "unknown"
    return "unknown"


def check_upload(file: IO[bytes], *, name: str, size: int) -> CheckedUpload:
    """Raise ValidationError (in French) unless the file is an accepted, macro-free document."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if size > MAX_UPLOAD_SIZE:
        raise _refuse(_("« %(name)s » pèse %(size)s Mo ; la limite est de %(max)s Mo.") % {
            "name": name, "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
            "max": MAX_UPLOAD_SIZE // (1024 * 1024)})
    if size == 0:
        raise _refuse(_("« %(name)s » est vide.") % {"name": name})
    if extension in _MACRO_EXTENSIONS:
        raise _refuse(_("« %(name)s » contient des macros : ce type de fichier est refusé. "
                        "Enregistrez-le sans macros (DOCX, XLSX, PPTX) ou en PDF.")
                      % {"name": name})
    if extension in _EXECUTABLE_EXTENSIONS:
        raise _refuse(_("« %(name)s » est un programme : ce type de fichier est refusé.")
                      % {"name": name})
    if extension not in EXTENSIONS:
        raise _refuse(_("Le format de « %(name)s » n'est pas accepté. Formats acceptés : "
                        "%(formats)s.") % {"name": name, "formats": ACCEPTED_LABEL})
    file.seek(0)
    sniffed = _sniff(file.read(16))
    file.seek(0)
    if sniffed == "zip":
        sniffed = _zip_kind(file)
        file.seek(0)
    if sniffed == "executable":
        raise _refuse(_("« %(name)s » est un programme déguisé en document : il est refusé.")
                      % {"name": name})
    if sniffed in ("macro", "ole"):
        raise _refuse(_("« %(name)s » contient ou peut contenir des macros : il est refusé. "
                        "Enregistrez-le sans macros (DOCX, XLSX, PPTX) ou en PDF.")
                      % {"name": name})
    expected = "jpeg" if extension == "jpg" else extension
    if sniffed != expected:
        raise _refuse(_("Le contenu de « %(name)s » ne correspond pas à un fichier "
                        "%(ext)s. Formats acceptés : %(formats)s.")
                      % {"name": name, "ext": extension.upper(), "formats": ACCEPTED_LABEL})
    return CheckedUpload(extension=extension, content_type=EXTENSIONS[extension])


IMAGE_EXTENSIONS = ("png", "jpg", "jpeg")
# Beyond this many pixels an image is refused (a small file can decode to gigabytes).
MAX_IMAGE_PIXELS = 40_000_000


def check_image(file: IO[bytes], *, name: str, size: int) -> CheckedUpload:
    """Like ``check_upload``, for a picture shown in a page: PNG or JPEG that decodes.

    The content is sniffed first (``check_upload``), then Pillow reads the header and
    verifies the data, so a renamed document or a truncated file is refused in French.
    """
    import struct

    from PIL import Image, UnidentifiedImageError

    checked = check_upload(file, name=name, size=size)
    if checked.extension not in IMAGE_EXTENSIONS:
        raise _refuse(_("« %(name)s » n'est pas une image. Formats acceptés : PNG, JPEG.")
                      % {"name": name})
    too_large = _("« %(name)s » est trop grande ; réduisez-la sous %(max)s millions de "
                  "pixels.") % {"name": name, "max": MAX_IMAGE_PIXELS // 1_000_000}
    file.seek(0)
    try:
        with Image.open(file) as picture:
            width, height = picture.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _refuse(too_large)
            picture.verify()
    except Image.DecompressionBombError:
        raise _refuse(too_large) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        raise _refuse(_("« %(name)s » est une image illisible ou incomplète.")
                      % {"name": name}) from None
    finally:
        file.seek(0)
    return checked


def _pdf_text(data: IO[bytes]) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(data).pages)


def _docx_text(data: IO[bytes]) -> str:
    import docx

    document = docx.Document(data)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _odt_text(data: IO[bytes]) -> str:
    with zipfile.ZipFile(data) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    return "\n".join(
        "".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{_ODF_TEXT}p", f"{_ODF_TEXT}h")
    )


_EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text}


def extract_text(data: bytes, *, extension: str) -> str:
    """The plain text of a PDF, DOCX or ODT ('' for other formats or unreadable files)."""
    extractor = _EXTRACTORS.get(extension.lower())
    if extractor is None:
        return ""
    try:
        text = extractor(io.BytesIO(data))
    except Exception:  # a broken file must not stop the upload; it is just not searchable
        logger.warning("Could not extract the text of a %s document", extension, exc_info=True)
        return ""
    return " ".join(text.split())[:MAX_TEXT_LENGTH] if text else ""
