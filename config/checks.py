"""System checks: warn when production runs on an embedded part."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def embedded_parts_in_production(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    warnings = []
    if settings.USES_EMBEDDED_DATABASE:
        warnings.append(Warning(
            "DEBUG is off but the database is the embedded SQLite file.",
            hint="Set DATABASE_URL to the PostgreSQL server.", id="reseau.W001"))
    if not settings.REDIS_URL:
        warnings.append(Warning(
            "DEBUG is off but the channel layer and cache are in memory.",
            hint="Set REDIS_URL to the Redis server.", id="reseau.W002"))
    if not settings.ELASTICSEARCH_URL:
        warnings.append(Warning(
            "DEBUG is off but search uses the database backend.",
            hint="Set ELASTICSEARCH_URL to the Elasticsearch server.", id="reseau.W003"))
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        warnings.append(Warning(
            "DEBUG is off but e-mail is printed on the console.",
            hint="Set EMAIL_URL to the SMTP server.", id="reseau.W004"))
    if settings.USES_INSECURE_SECRET_KEY:
        warnings.append(Warning(
            "DEBUG is off but SECRET_KEY is the embedded default.",
            hint="Set SECRET_KEY to a long random value.", id="reseau.W005"))
    return warnings
