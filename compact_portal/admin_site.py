"""The portal's admin site: Django's own, with what every admin page costs kept small.

- No navigation sidebar: it lists every model of the site on every admin page; the admin's
  home page lists them too, one link away through the breadcrumbs.
- `available_apps`, that list of every app and model with their URLs, is worked out only when
  a template reads it. Django works it out for every admin page, for the sidebar: about
  ninety URLs reversed.

Installed in settings as `compact_portal.admin_site.PortalAdminConfig`, in place of
`django.contrib.admin`, so that `admin.site` is this site. Change lists: admin_lists.py.
"""

from functools import partial

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject


class PortalAdminSite(admin.AdminSite):
    site_header = "Compact Portal board administration"
    site_title = "Compact Portal admin"
    index_title = "Compact board"
    enable_nav_sidebar = False

    def each_context(self, request):
        """Django's `AdminSite.each_context` (5.2), with `available_apps` made when first read."""
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(partial(self.get_app_list, request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class PortalAdminConfig(AdminConfig):
    default_site = "compact_portal.admin_site.PortalAdminSite"
