"""Receivers that queue index updates; connected in SearchConfig.ready().

Every change to an indexable object (see search.sources) queues its source
key in the same transaction; the queue is processed after commit. Changes
to objects a document is built from (a member's expertise, user name, an
SLSP's communes, a thread's first post) queue the documents that show them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from network.models import Expertise, HousingCompany, Member, User
from search import queue, sources


def _queue(instance: Model) -> None:
    key = sources.source_key(instance)
    if key is not None:
        queue.enqueue(key)
        for other in sources.showing_keys(instance):
            queue.enqueue(other)


def object_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _queue(instance)


def page_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _queue(instance.specific if hasattr(instance, "specific") else instance)


def expertise_changed(sender: type[Model], instance: Expertise, **kwargs: Any) -> None:
    queue.enqueue(f"network.member:{instance.member_id}")


def user_changed(sender: type[Model], instance: User, **kwargs: Any) -> None:
    for pk in Member.objects.filter(user_id=instance.pk).values_list("pk", flat=True):
        queue.enqueue(f"network.member:{pk}")


def company_changed(sender: type[Model], instance: HousingCompany, **kwargs: Any) -> None:
    """Members' documents show their SLSP's name."""
    for pk in instance.members.values_list("pk", flat=True):
        queue.enqueue(f"network.member:{pk}")


def communes_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, HousingCompany):
        _queue(instance)
    else:  # a commune's companies changed from the commune's side
        for pk in kwargs.get("pk_set") or instance.companies.values_list("pk", flat=True):
            queue.enqueue(f"network.housingcompany:{pk}")


def connect() -> None:
    uid = "search."
    post_save.connect(object_changed, dispatch_uid=uid + "save")
    post_delete.connect(object_changed, dispatch_uid=uid + "delete")
    page_published.connect(page_changed, dispatch_uid=uid + "published")
    page_unpublished.connect(page_changed, dispatch_uid=uid + "unpublished")
    post_save.connect(expertise_changed, sender=Expertise, dispatch_uid=uid + "expertise")
    post_delete.connect(expertise_changed, sender=Expertise, dispatch_uid=uid + "expertise-del")
    post_save.connect(user_changed, sender=User, dispatch_uid=uid + "user")
    post_save.connect(company_changed, sender=HousingCompany, dispatch_uid=uid + "company")
    m2m_changed.connect(communes_changed, sender=HousingCompany.communes.through,
                        dispatch_uid=uid + "communes")
