from django.contrib import admin
from django.urls import include, path

from tipnet.core import views as core_views
from tipnet.reminders.views import notification_list

urlpatterns = [
    path("", core_views.home, name="home"),
    path("language/", core_views.set_language, name="set_language"),
    path("search/", core_views.search_view, name="search"),
    path("notifications/", notification_list, name="notifications"),
    path("accounts/", include("tipnet.accounts.urls")),
    path("geo/", include("tipnet.geo.urls")),
    path("people/", include("tipnet.people.urls")),
    path("cases/", include("tipnet.cases.urls")),
    path("protection/", include("tipnet.protection.urls")),
    path("prevention/", include("tipnet.prevention.urls")),
    path("community/", include("tipnet.community.urls")),
    path("audit/", include("tipnet.audit.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "tipnet.core.views.bad_request"
handler403 = "tipnet.core.views.permission_denied"
handler404 = "tipnet.core.views.not_found"
handler500 = "tipnet.core.views.server_error"
