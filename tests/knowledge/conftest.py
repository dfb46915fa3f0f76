"""Library fixtures: the site root and helpers to publish items through the services."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.models import LibraryIndexPage, LibraryItemPage, Term


@pytest.fixture
def library(db) -> LibraryIndexPage:
    return services.ensure_library()


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def pdf_bytes(text: str = "Procédure impayés : plan d'apurement avec le CPAS") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def docx_bytes(text: str = "Grille de visite à domicile") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def proposal(title: str = "Procédure impayés", *, kind: str = "tool", axis: str = "impayes",
             audience: str = "network", province_id: int | None = None,
             files: list | None = None, **extra) -> services.Proposal:
    fields = dict(
        kind=kind, title=title, summary=f"Résumé de {title}.", axes=[term("axis", axis)],
        audience_kind=audience, audience_province_id=province_id,
        body="Étape 1.\n\nÉtape 2." if kind == "tool" else "",
        sections={"context": "Contexte.", "objectives": "Objectifs.", "actions": "Actions."}
        if kind == "practice" else {},
        files=files or [],
    )
    fields.update(extra)
    return services.Proposal(**fields)


@pytest.fixture
def publish(library, coordinator):
    """Propose as ``author`` and approve as the coordinator: a published item."""

    def make(author, **kwargs) -> LibraryItemPage:
        page = services.propose_item(user=author.user, proposal=proposal(**kwargs))
        services.approve_proposal(user=coordinator.user, page=page)
        page.refresh_from_db()
        return page

    return make


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded documents land in a temporary folder, not in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
