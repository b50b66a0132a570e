"""My settings' time zone list, written from options made once per process, is what Django's own
Select and templates write for the same choices, whichever zone is chosen."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from identity.people.forms import ProfileForm, TimeZoneSelect, time_zone_choices


class _Djangos(forms.Form):
    time_zone = forms.ChoiceField(label="Time zone", required=False, choices=time_zone_choices)


class _Ours(forms.Form):
    time_zone = forms.ChoiceField(label="Time zone", required=False, choices=time_zone_choices, widget=TimeZoneSelect)


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", ["UTC", "America/New_York", "Mars/Olympus", ""])
def test_the_time_zone_list_is_what_djangos_select_writes(value):
    ours = _Ours({"time_zone": value}, renderer=get_default_renderer())["time_zone"].as_widget()
    djangos = _Djangos({"time_zone": value}, renderer=DjangoTemplates())["time_zone"].as_widget()
    assert ours.count("<option") == len(time_zone_choices()) > 400
    assert ours.count(" selected") == (value in dict(time_zone_choices()))
    assert _compact(ours) == _compact(djangos)


@pytest.mark.parametrize("required", [True, False])
def test_the_time_zone_list_asks_for_required_as_djangos_select_does(required):
    class Ours(_Ours):
        time_zone = forms.ChoiceField(choices=time_zone_choices, widget=TimeZoneSelect, required=required)

    class Djangos(_Djangos):
        time_zone = forms.ChoiceField(choices=time_zone_choices, required=required)

    assert _compact(Ours()["time_zone"].as_widget()) == _compact(
        Djangos(renderer=DjangoTemplates())["time_zone"].as_widget()
    )


@pytest.mark.django_db
def test_my_settings_offers_every_zone_with_the_persons_own_chosen(admin):
    admin.time_zone = "Europe/Dublin"
    html = str(ProfileForm(user=admin)["time_zone"])
    assert '<option value="Europe/Dublin" selected>Europe/Dublin</option>' in html
    assert '<option value="America/Argentina/Buenos_Aires">America/Argentina/Buenos Aires</option>' in html
