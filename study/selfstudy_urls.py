from django.urls import path

from . import selfstudy_views as views

app_name = "selfstudy"
urlpatterns = [
    path("", views.material_list, name="material_list"),
    path("dang-tai-lieu/", views.material_new, name="material_new"),
    path("<int:pk>/", views.material_detail, name="material"),
    path("<int:pk>/lam-bai/", views.start, name="start"),
    path("bai-lam/<int:pk>/", views.attempt_page, name="attempt"),
]
