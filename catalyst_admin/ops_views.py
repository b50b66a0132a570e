"""Operations pages for staff: scheduled jobs and worker health."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django_celery_beat.models import PeriodicTask


@staff_member_required(login_url="identity:signin")
def home(request):
    tasks = PeriodicTask.objects.select_related("interval", "crontab").order_by("name")
    return render(request, "ops/home.html", {"tasks": tasks})
