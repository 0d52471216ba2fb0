from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

urlpatterns = [
    path("", RedirectView.as_view(url="/buergerinfo/", permanent=False)),
    path("buergerinfo/", include("portal.urls")),
    # No CSRF token on the language switch: it only sets a preference, and a token would
    # make every public page unique and so uncacheable.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("arbeitsplatz/", include("staff.urls")),
    path("dokumente/", include("documents.urls")),
    path("anmelden/", auth_views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("oparl/v1/", include("oparl.urls")),
    path("api/", include("api.urls")),
]
