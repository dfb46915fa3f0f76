"""The library's uploads follow the network's rules (``network.uploads``)."""

from network.uploads import (
    ACCEPTED_LABEL,
    EXTENSIONS,
    MAX_TEXT_LENGTH,
    MAX_UPLOAD_SIZE,
    CheckedUpload,
    check_upload,
    extract_text,
)

__all__ = ["ACCEPTED_LABEL", "EXTENSIONS", "MAX_TEXT_LENGTH", "MAX_UPLOAD_SIZE",
           "CheckedUpload", "check_upload", "extract_text"]
