from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("xuat-excel/", views.member_export, name="member_export"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("<int:pk>/chuyen-don-vi/", views.member_transfer, name="member_transfer"),
    path("<int:pk>/thoi-sinh-hoat/", views.member_archive, name="member_archive"),
    path("<int:pk>/khoi-phuc/", views.member_restore, name="member_restore"),
]
