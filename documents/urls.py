from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("so-den/", views.incoming_book, name="incoming_book"),
    path("so-den/<int:pk>/xu-ly/", views.entry_update, name="entry_update"),
    path("soan-thao/", views.document_compose, name="document_compose"),
    path("tai-len/", views.document_upload, name="document_upload"),
    path("vao-so/<str:token>/", views.document_register, name="document_register"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("<int:pk>/xem-truoc/", views.document_preview, name="document_preview"),
    path("<int:pk>/ban-hanh/", views.document_issue, name="document_issue"),
    path("<int:pk>/tai-ve.<str:fmt>", views.document_download, name="document_download"),
    path("<int:pk>/tep/<int:file_pk>/", views.document_file, name="document_file"),
    path("<int:pk>/ban-scan/", views.document_attach_scan, name="document_attach_scan"),
    path("<int:pk>/thu-hoi/", views.document_withdraw, name="document_withdraw"),
    path("<int:pk>/xoa/", views.document_archive, name="document_archive"),
    path("<int:pk>/khoi-phuc/", views.document_restore, name="document_restore"),
]
