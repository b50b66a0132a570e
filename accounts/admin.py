from django.contrib import admin

from .models import AccountConnection, AwsAccount, ConsoleUser, IamRole, Organization

admin.site.register(Organization)
admin.site.register(AwsAccount)
admin.site.register(ConsoleUser)
admin.site.register(IamRole)
admin.site.register(AccountConnection)
