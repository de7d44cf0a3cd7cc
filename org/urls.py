from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("nhanh/<int:pk>/", views.tree_children, name="tree_children"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/tim/", views.unit_search, name="unit_search"),
    path("don-vi/xuat-excel/", views.unit_export, name="unit_export"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/thanh-lap-truc-thuoc/", views.unit_create_child, name="unit_create_child"),
    path("don-vi/<int:pk>/chuyen/", views.unit_move, name="unit_move"),
    path("don-vi/<int:pk>/doi-ten/", views.unit_rename, name="unit_rename"),
    path("don-vi/<int:pk>/hop-nhat/", views.unit_merge, name="unit_merge"),
    path("don-vi/<int:pk>/chia-tach/", views.unit_split, name="unit_split"),
    path("don-vi/<int:pk>/giai-the/", views.unit_dissolve, name="unit_dissolve"),
]
