from django.contrib import admin

from spaces.models import ActivityEvent, Project, Space, SpaceMembership


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "created_at", "deleted_at"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Space.all_objects.all()


admin.site.register(Project)
admin.site.register(SpaceMembership)


@admin.register(ActivityEvent)
class ActivityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "space", "event_name", "actor_name", "source_ip"]
    list_filter = ["event_name"]
    readonly_fields = [f.name for f in ActivityEvent._meta.fields]
