from django.urls import path

from . import officer_pages, transfer_pages, views, waiting_views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("xuat-excel/", views.member_export, name="member_export"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("<int:pk>/chuyen-don-vi/", views.member_transfer, name="member_transfer"),
    path("<int:pk>/thoi-sinh-hoat/", views.member_archive, name="member_archive"),
    path("<int:pk>/khoi-phuc/", views.member_restore, name="member_restore"),
    path("cho-chuyen/<int:unit_pk>/", waiting_views.waiting_list, name="waiting_list"),
    path("don-vi/<int:pk>/can-bo/", officer_pages.unit_officers, name="unit_officers"),
    path("chuc-danh/<int:pk>/thoi-giu/", officer_pages.officer_end, name="officer_end"),
    path("<int:pk>/chuyen-sinh-hoat/", transfer_pages.release, name="transfer_release"),
    path("chuyen-sinh-hoat/", transfer_pages.transfer_list, name="transfer_list"),
    path(
        "chuyen-sinh-hoat/<int:pk>/giay-gioi-thieu/", transfer_pages.transfer_letter, name="transfer_letter"
    ),
    path("chuyen-sinh-hoat/<int:pk>/tiep-nhan/", transfer_pages.transfer_accept, name="transfer_accept"),
    path("chuyen-sinh-hoat/<int:pk>/huy/", transfer_pages.transfer_cancel, name="transfer_cancel"),
]
