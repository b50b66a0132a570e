"""The console's WSGI application, as gunicorn serves it (``catalyst_admin/gunicorn_conf.py``)."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.template.loader import get_template


def warm_up() -> None:
    """Do now what each worker's first requests did lazily: import every URL module (and the views,
    forms and API models they import: about 1 s of CPU; a fresh worker's first request took 2–6 s on
    two shared cores) and compile the console's templates (0.25 s; a page's first request cost up
    to 10 × its next). With ``preload_app`` this runs once, in gunicorn's master, and the workers
    fork warm. No database connection is kept: a forked worker must open its own."""
    import_module(settings.ROOT_URLCONF)
    templates = settings.BASE_DIR / "templates"
    for path in sorted(templates.rglob("*.html")):
        get_template(path.relative_to(templates).as_posix())
    connections.close_all()


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalyst_admin.settings")
application = get_wsgi_application()
warm_up()
