"""Fixtures of the sync integration tests: moto's real server behind boto3, real Celery workers
(in this process and in their own), and a database those workers share with the test.

The directory fixtures of the engine tests (``org``, ``store``, ``people``, ``federated_space``)
are reused as they are.
"""

import json
import logging
import os
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest
from celery import Celery, _state, signals
from django.conf import settings as django_settings
from django.db import connections

import identity.sync.tasks  # noqa: F401  (registers the sync task on every Celery app, the test's too)
from accounts.aws.console.models import AwsAccount
from accounts.aws.identity_center.models import IdentityStore, new_identity_store_id
from identity.federation.models import IdentityCenterApplication
from spaces.models import ConnectedGroup, Space, SsoAdministrator
from tests.sync.conftest import federated_space, management, org, people, store  # noqa: F401
from tests.sync_integration.support import WorkerProcess, database_url
from tests.sync_integration.worker_settings import REDIS_TEST_TRANSPORT_OPTIONS

AWS_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


# moto ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def aws_environment():
    """Dummy AWS credentials and Region in the environment, where boto3 looks for them."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in AWS_ENVIRONMENT.items():
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        yield


@pytest.fixture(scope="session")
def moto_url(aws_environment):
    """moto's real HTTP server on 127.0.0.1."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def identitystore_client(moto_url):
    import boto3

    return boto3.client("identitystore", endpoint_url=moto_url, region_name="us-east-1")


class MotoDirectory:
    """One identity store in moto's server, filled through boto3 the way an administrator would.
    moto creates a store on first use of its ID, so every test gets a store of its own."""

    def __init__(self, client, store_id: str):
        self.client = client
        self.store_id = store_id

    def user(self, user_name: str, display_name: str, emails: list[dict] | None = None) -> str:
        given, _, family = display_name.partition(" ")
        return self.client.create_user(
            IdentityStoreId=self.store_id,
            UserName=user_name,
            DisplayName=display_name,
            Name={"GivenName": given, "FamilyName": family or given},
            Emails=emails if emails is not None else [{"Value": f"{user_name}@example.com", "Primary": True}],
        )["UserId"]

    def group(self, display_name: str) -> str:
        return self.client.create_group(IdentityStoreId=self.store_id, DisplayName=display_name)["GroupId"]

    def add(self, group_id: str, user_id: str) -> str:
        return self.client.create_group_membership(
            IdentityStoreId=self.store_id, GroupId=group_id, MemberId={"UserId": user_id}
        )["MembershipId"]

    def delete_user(self, user_id: str) -> None:
        self.client.delete_user(IdentityStoreId=self.store_id, UserId=user_id)


@pytest.fixture
def moto_directory(identitystore_client) -> MotoDirectory:
    return MotoDirectory(identitystore_client, new_identity_store_id())


@pytest.fixture
def aws_store(db, moto_url, moto_directory) -> IdentityStore:
    """An identity store synced from "AWS" (moto) through boto3."""
    return IdentityStore.objects.create(
        store_id=moto_directory.store_id,
        sync_source=IdentityStore.SyncSource.AWS,
        aws_endpoint_url=moto_url,
        aws_region="us-east-1",
    )


@pytest.fixture
def aws_people(moto_directory) -> dict:
    """Four users in moto; Developers has mary, li and saanvi; Space-Admins has mary."""
    users = {
        name: moto_directory.user(name, name.replace(".", " ").title())
        for name in ("mary.major", "li.juan", "saanvi.sarkar", "jorge.souza")
    }
    groups = {name: moto_directory.group(name) for name in ("Developers", "Space-Admins")}
    for name in ("mary.major", "li.juan", "saanvi.sarkar"):
        moto_directory.add(groups["Developers"], users[name])
    moto_directory.add(groups["Space-Admins"], users["mary.major"])
    return {"users": users, "groups": groups}


@pytest.fixture
def aws_space(aws_store, aws_people) -> Space:
    """A federated space of an application on the moto-backed store, built row by row (the
    federation services check groups against the built-in store)."""
    account = AwsAccount.objects.create(account_id="444455556666", name="examplecorp-aws")
    application = IdentityCenterApplication.objects.create(
        name="examplecorp-aws",
        display_name="ExampleCorp (AWS)",
        store=aws_store,
        owner_account=account,
        region="us-east-1",
    )
    space = Space.objects.create(name="examplecorp-aws", kind=Space.Kind.FEDERATED, identity_application=application)
    for name, group_id in aws_people["groups"].items():
        ConnectedGroup.objects.create(space=space, group_id=group_id, display_name=name)
    SsoAdministrator.objects.create(space=space, user_id=aws_people["users"]["mary.major"], user_name="mary.major")
    return space


# A database that worker threads and worker processes share with the test ---------------------------------


@pytest.fixture(autouse=True)
def _shared_database(request):
    """For ``django_db(transaction=True)`` tests: a database other threads and processes see.

    On PostgreSQL that is pytest-django's test database as it is. On SQLite the test database lives
    in this process's memory, so the test gets a file copy of it (schema included) for its duration:
    new connections, the worker threads' and the worker processes', open the file.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        yield
        return
    request.getfixturevalue("transactional_db")
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = request.getfixturevalue("tmp_path") / "shared.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    # Closing the in-memory connection would drop the test database: set it aside instead.
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


# Celery ----------------------------------------------------------------------------------------------------


def broker_is_redis() -> bool:
    return django_settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


@pytest.fixture
def var_dir(tmp_path):
    """The ``VAR_DIR`` of the test's workers (their filesystem broker folders live under it)."""
    return tmp_path / "var"


@pytest.fixture
def celery_app(var_dir):
    """A Celery app configured from the same settings as ``catalyst_admin.celery.app`` (broker:
    Redis in CI, the filesystem transport locally; django-db results), but not eager and with a
    queue of its own (and, with the filesystem transport, folders of its own), so no message left
    over from another run reaches this test's workers. It is the current app while the test runs,
    so ``sync_application.delay`` publishes through it."""
    queue = f"sync-it-{uuid.uuid4().hex[:12]}"
    app = Celery("catalyst_admin", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(task_always_eager=False, task_default_queue=queue, worker_hijack_root_logger=False)
    if app.conf.broker_url.startswith("filesystem://"):
        folders = {name: var_dir / "celery" / name for name in ("queue", "processed", "control")}
        for folder in folders.values():
            folder.mkdir(parents=True)
        app.conf.broker_transport_options = {
            **app.conf.broker_transport_options,
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
            "polling_interval": 0.1,
        }
    elif broker_is_redis():
        app.conf.broker_transport_options = dict(REDIS_TEST_TRANSPORT_OPTIONS)
    previous_current, previous_default = _state._tls.current_app, _state.default_app
    app.set_current()
    try:
        yield app
    finally:
        if broker_is_redis():
            with app.connection_for_write() as connection:
                client = connection.default_channel.client
                client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
                # What a SIGKILLed worker left unacknowledged would be redelivered to this queue.
                unacked = REDIS_TEST_TRANSPORT_OPTIONS["unacked_key"]
                for tag, payload in client.hgetall(unacked).items():
                    if json.loads(payload)[2] == queue:
                        client.hdel(unacked, tag)
                        client.zrem(REDIS_TEST_TRANSPORT_OPTIONS["unacked_index_key"], tag)
        app.close()
        _state._set_current_app(previous_current)
        _state.set_default_app(previous_default)


@pytest.fixture
def celery_worker(celery_app):
    """A real worker in this process (two threads) consuming the test app's queue."""
    from celery.contrib.testing.worker import start_worker

    def close_connections(**kwargs):
        # Each pool thread has its own database connection; close it after every task so none
        # outlives the test (PostgreSQL would refuse to drop the test database).
        connections.close_all()

    signals.task_postrun.connect(close_connections, weak=False)
    try:
        with start_worker(celery_app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        signals.task_postrun.disconnect(close_connections)


@pytest.fixture
def published():
    """Every task message published while the test runs: (task, retries, countdown in seconds)."""
    messages = []

    def record(sender=None, headers=None, **kwargs):
        eta = headers.get("eta")
        countdown = (datetime.fromisoformat(eta) - datetime.now(UTC)).total_seconds() if eta else None
        messages.append((sender, headers.get("retries", 0), countdown))

    signals.before_task_publish.connect(record, weak=False)
    try:
        yield messages
    finally:
        signals.before_task_publish.disconnect(record)


@pytest.fixture
def gate(tmp_path):
    """A file the worker processes' directory read waits on while it exists."""
    path = tmp_path / "gate"
    path.touch()
    return path


@pytest.fixture
def worker_processes(celery_app, gate, tmp_path, var_dir):
    """Start ``celery -A catalyst_admin worker`` processes on the test's queue and database; every
    one still running at the end is stopped."""
    started: list[WorkerProcess] = []

    def start(*, visibility_timeout: float | None = None) -> WorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.sync_integration.worker_settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
            "VAR_DIR": str(var_dir),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(django_settings.BASE_DIR), os.environ.get("PYTHONPATH")])),
            "SYNC_IT_GATE": str(gate),
        }
        if visibility_timeout is not None:
            env["SYNC_IT_VISIBILITY_TIMEOUT"] = str(visibility_timeout)
        name = f"sync-it-{len(started) + 1}"
        worker = WorkerProcess(
            name=name, queue=celery_app.conf.task_default_queue, log_path=tmp_path / f"{name}.log", env=env
        )
        started.append(worker.start())
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
