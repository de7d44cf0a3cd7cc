from django.contrib import admin
from django.urls import include, path

from lamtheo import views
from lamtheo.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("tai-khoan/", include("accounts.urls")),
    path("to-chuc/", include("org.urls")),
    path("doan-vien/", include("members.urls")),
    path("nhap-du-lieu/", include("lamtheo.imports.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("van-ban/", include("documents.urls")),
    path("nhiem-vu/", include("directives.urls")),
    path("tac-vu/", include("jobs.urls")),
    path("so-lieu/", include("indicators.urls")),
    path("hoc-tap/", include("study.urls")),
    path("tu-hoc/", include("study.selfstudy_urls")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]

handler404 = "lamtheo.views.page_not_found"
handler500 = "lamtheo.views.server_error"
