"""A federated space for the API's SSO tests: tests/sync's directory cast (as tests/sso uses), with
ExampleCorp's space ``examplecorp``, its application, Developers and Space-Admins connected."""

from tests.sync.conftest import federated_space, management, org, people, store  # noqa: F401
