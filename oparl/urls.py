from django.urls import path

import config.params  # noqa: F401  (registers the <id:…> path converter)
from oparl import views

app_name = "oparl"

urlpatterns = [
    path("system", views.system, name="system"),
    path("bodies", views.bodies, name="bodies"),
    path("body/<id:pk>/<str:name>", views.body_list, name="body-list"),
    path("organization/<id:pk>/<str:name>", views.organization_list, name="organization-list"),
    path("<str:kind>/<id:pk>", views.detail, name="detail"),
]
