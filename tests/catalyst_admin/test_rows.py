"""``catalyst_admin.rows.from_row`` makes, for every model of the console, the instance Django's
``Model.from_db`` makes of the same values (without ``Model.__init__``'s per-field work), and goes
through ``from_db`` itself wherever that could differ: a model with its own ``__init__``, a field
whose attribute is not Django's, a ``pre_init``/``post_init`` receiver."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_init, pre_init
from django.test.utils import isolate_apps

from catalyst_admin import rows
from identity.people.models import User


def _made(model, values):
    names = rows._fields(model)[0]
    return rows._instance(model, names, list(values), "default"), model.from_db("default", names, list(values))


def _seen(instance):
    state = instance._state
    return type(instance), {k: v for k, v in vars(instance).items() if k != "_state"}, state.adding, state.db


SHORT_WAY = [m for m in apps.get_models() if rows._made_as_django_makes_it(m)]


@pytest.mark.parametrize("model", SHORT_WAY, ids=lambda m: m._meta.label)
def test_every_model_is_made_as_from_db_makes_it(model):
    values = [f"value {i}" for i in range(len(model._meta.concrete_fields))]
    ours, djangos = _made(model, values)
    assert _seen(ours) == _seen(djangos)
    assert ours._state.fields_cache == {} and ours.pk == djangos.pk


def test_the_console_models_take_the_short_way():
    console = [m for m in apps.get_models() if m.__module__.split(".")[0] in {"accounts", "identity", "spaces", "vpc"}]
    assert console and all(rows._made_as_django_makes_it(m) for m in console)
    # django-celery-beat's crontab: its time zone field's attribute is timezone_field's own.
    from django_celery_beat.models import CrontabSchedule

    assert not rows._made_as_django_makes_it(CrontabSchedule)


@pytest.mark.parametrize("signal", [pre_init, post_init])
def test_an_init_receiver_sees_every_instance(signal):
    seen = []

    def receiver(sender, **kwargs):
        seen.append(sender)

    signal.connect(receiver, sender=User)
    try:
        names = rows._fields(User)[0]
        instance = rows._instance(User, names, [None] * len(names), "default")
    finally:
        signal.disconnect(receiver, sender=User)
    assert seen == [User] and isinstance(instance, User)


@isolate_apps("tests")
def test_a_model_of_its_own_making_goes_through_from_db():
    class Counted(models.Model):
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "tests"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.made_by_init = True

        def __str__(self):
            return self.name

    class WithFile(models.Model):
        upload = models.FileField()

        class Meta:
            app_label = "tests"

        def __str__(self):
            return str(self.upload)

    assert not rows._made_as_django_makes_it(Counted) and not rows._made_as_django_makes_it(WithFile)
    ours, _ = _made(Counted, [1, "n"])
    assert ours.made_by_init is True
