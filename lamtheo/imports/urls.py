from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.start, name="start"),
    path("<slug:kind>/xem-truoc/", views.preview, name="preview"),
    path("<slug:kind>/luu/", views.save, name="save"),
    path("<slug:kind>/dong-loi.xlsx", views.error_file, name="error_file"),
    path("<slug:kind>/huy/", views.cancel, name="cancel"),
    path("<slug:kind>/ket-qua/", views.result, name="result"),
    path("<slug:kind>/mau.xlsx", views.template, name="template"),
]
