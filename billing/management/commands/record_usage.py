"""``python manage.py record_usage <space> <resource> <quantity>``: record usage of a resource this
emulator does not run (build compute, Dev Environments, storage) in a space's ledger, through the
same service as the operations page."""

from django.core.management.base import BaseCommand, CommandError

from billing import services
from billing.catalogue import catalogue
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError
from spaces.models import Space


class Command(BaseCommand):
    help = "Record usage of a resource in a space's billing ledger."

    def add_arguments(self, parser):
        parser.add_argument("space", help="the space's name")
        parser.add_argument("resource", choices=list(catalogue().resources))
        parser.add_argument("quantity", help="how much, in the resource's unit (minutes, hours, GB, units)")

    def handle(self, *args, space, resource, quantity, **options):
        found = Space.objects.filter(name=space).first()
        if found is None:
            raise CommandError(f"No space is called {space}.")
        try:
            record = services.usage_record(space=found, resource=resource, quantity=quantity, by=SYSTEM)
        except DomainError as error:
            raise CommandError(error.message) from None
        unit = catalogue().resources[resource].unit
        self.stdout.write(f"Recorded {record.quantity.normalize():f} {unit} of {resource} in {space}.")
