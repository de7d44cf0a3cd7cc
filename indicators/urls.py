from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("don-vi/<int:unit_id>/<slug:code>/", views.records, name="records"),
]
