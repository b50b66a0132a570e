from tests.sync.conftest import federated_space, management, org, people, store  # noqa: F401
