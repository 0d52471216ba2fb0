from django.urls import path

from oparl import views

app_name = "oparl"

urlpatterns = [
    path("system", views.system, name="system"),
    path("bodies", views.bodies, name="bodies"),
    path("body/<int:pk>/<str:name>", views.body_list, name="body-list"),
    path("organization/<int:pk>/<str:name>", views.organization_list, name="organization-list"),
    path("<str:kind>/<int:pk>", views.detail, name="detail"),
]
