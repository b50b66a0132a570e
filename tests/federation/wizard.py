"""Drive the wizard like a browser: each step posted with the management form."""

from django.test import Client

from tests.federation.conftest import WIZARD


class WizardDriver:
    def __init__(self, client: Client, url: str = WIZARD, prefix: str = "federated_space_wizard"):
        self.client = client
        self.url = url
        self.prefix = prefix

    def start(self):
        response = self.client.get(f"{self.url}?restart=1")
        assert response.status_code == 302
        return self.client.get(self.url)

    def data(self, step: str, fields: dict) -> dict:
        data = {f"{self.prefix}-current_step": step}
        data.update({f"{step}-{name}": value for name, value in fields.items()})
        return data

    def post(self, step: str, follow: bool = False, **fields):
        return self.client.post(self.url, self.data(step, fields), follow=follow)

    def back(self, step: str, to: str, **fields):
        """Choose Previous (or an Edit button) on ``step``, with what is entered there."""
        return self.client.post(self.url, {**self.data(step, fields), "wizard_goto_step": to})


def step_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.context["step_name"]


def errors_of(response) -> dict:
    return response.context["wizard"]["form"].errors
