from django.urls import path

from identity.sync import views as ops_views

app_name = "ops"

urlpatterns = [
    path("", ops_views.home, name="home"),
    path("schedules/<int:task_id>/", ops_views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:task_id>/pause/", ops_views.schedule_pause, name="schedule_pause"),
    path("schedules/<int:task_id>/resume/", ops_views.schedule_resume, name="schedule_resume"),
    path("schedules/<int:task_id>/run/", ops_views.run_now, name="run_now"),
    path("applications/<int:application_id>/runs/", ops_views.runs, name="runs"),
    path("runs/<int:run_id>/", ops_views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/approve/", ops_views.approve, name="approve"),
    path("runs/<int:run_id>/mark-failed/", ops_views.mark_failed, name="mark_failed"),
]
