"""Content-Security-Policy: strict for the site, relaxed for Wagtail's admin only."""

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES):
            update = dict(parts.update or {})
            for directive, values in settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *values]
            parts.update = update
        return parts
