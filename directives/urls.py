from django.urls import path

from . import progress_views, views

app_name = "directives"
urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("van-ban/<int:pk>/giao/", views.assign, name="assign"),
    path("van-ban/<int:pk>/tien-do/", views.document_progress, name="document_progress"),
    path("chi-dao/<int:pk>/", progress_views.progress, name="progress"),
    path("chi-dao/<int:pk>/xuat-excel/", progress_views.progress_export, name="progress_export"),
    path("chi-dao/<int:pk>/nhac-tre-han/", progress_views.progress_remind, name="progress_remind"),
    path("giao/<int:pk>/tiep-nhan/", views.acknowledge, name="acknowledge"),
    path("giao/<int:pk>/trien-khai/", views.relay, name="relay"),
    path("giao/<int:pk>/soan-trien-khai/", views.relay_compose, name="relay_compose"),
    path("van-ban/<int:pk>/soan-trien-khai/", views.relay_compose_document, name="relay_compose_document"),
    path("giao/<int:pk>/hoan-thanh/", views.report_done, name="report_done"),
    path("giao/<int:pk>/nhac/", views.remind, name="remind"),
    path("giao/<int:pk>/tra-lai/", views.return_report, name="return_report"),
]
