from django.http import JsonResponse
from django.urls import include, path


def hello(request):
    return JsonResponse({"hello": "world"})


urlpatterns = [path("bench/hello", hello), path("", include("config.urls"))]
