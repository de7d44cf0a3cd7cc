from django.urls import path

from . import views

app_name = "study"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("xuat/", views.event_export, name="event_export"),
    path("them/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/xoa/", views.event_delete, name="event_delete"),
    path("<int:pk>/tep/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/tep/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path("diem-danh/<str:code>/", views.check_in, name="check_in"),
    path("chuyen-de/", views.topic_list, name="topic_list"),
    path("chuyen-de/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("lich-tu-van-ban/<int:document_id>/", views.schedule_from_document, name="schedule_from_document"),
    path("bao-phu/", views.coverage, name="coverage"),
    path("tuyen-truyen/", views.outreach_list, name="outreach_list"),
    path("tap-huan/", views.course_list, name="course_list"),
]
