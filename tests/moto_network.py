"""moto's real server as the boto3 backend of the EC2 client sees AWS: a caller (an IAM user of moto's
own account allowed ``sts:AssumeRole``), the network account 777788889999 reached by AssumeRole, and in
it the roles a test names, each trusting moto's account; then IAM enforcement on (REFERENCE.md:
reset-auth). Used by the EC2 client's tests and by the VPC requirements check's.

Per test, not per module: moto's state and its enforcement switch are process-wide, shared by every
moto server of the run, so another module's reset would take the caller's key away; enforcement is
turned off again afterwards for whatever runs next in the process."""

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass

import boto3
import requests

from accounts.aws.ec2.client import BOTO3
from tests.fixtures_aws import NETWORK

REGION = "us-west-2"
MOTO_CALLER_ACCOUNT = "123456789012"  # moto's account for credentials it does not know
ASSUME_ANY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}
TRUST_MOTO_CALLER = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{MOTO_CALLER_ACCOUNT}:root"},
            "Action": "sts:AssumeRole",
        }
    ],
}


@dataclass
class MotoNetwork:
    url: str
    caller: dict  # the caller's access key (AccessKeyId, SecretAccessKey)
    as_network: dict  # boto3 client arguments for the network account

    def client(self, service: str):
        return boto3.client(service, **self.as_network)


def enforcement(url: str, *, on: bool) -> None:
    """moto's IAM enforcement: on at once (``0``), or off (after a count of requests no run reaches)."""
    count = "0" if on else "1000000000"
    requests.post(f"{url}/moto-api/reset-auth", data=count, headers={"Content-Type": "text/plain"}, timeout=30)


@contextmanager
def moto_network(*, roles: dict[str, dict]):
    """The server with the caller and, in the network account, ``roles`` ({name: permissions policy}).
    The body builds what else it needs through ``MotoNetwork.client`` and calls ``enforcement(on=True)``
    once it is done (building runs as the setup user, whom enforcement would refuse)."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    plain = {"endpoint_url": url, "region_name": REGION, "aws_access_key_id": "setup", "aws_secret_access_key": "x"}
    try:
        requests.post(f"{url}/moto-api/reset", timeout=30)
        iam = boto3.client("iam", **plain)
        iam.create_user(UserName="codecatalyst")
        iam.put_user_policy(UserName="codecatalyst", PolicyName="assume", PolicyDocument=json.dumps(ASSUME_ANY))
        caller = iam.create_access_key(UserName="codecatalyst")["AccessKey"]
        # Into the network account, to build its roles and VPCs there.
        creds = boto3.client("sts", **plain).assume_role(
            RoleArn=f"arn:aws:iam::{NETWORK}:role/setup", RoleSessionName="setup"
        )["Credentials"]
        as_network = {
            **plain,
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"],
        }
        network_iam = boto3.client("iam", **as_network)
        for name, permissions in roles.items():
            network_iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST_MOTO_CALLER))
            network_iam.put_role_policy(RoleName=name, PolicyName="vpc", PolicyDocument=json.dumps(permissions))
        yield MotoNetwork(url=url, caller=caller, as_network=as_network)
    finally:
        enforcement(url, on=False)
        requests.post(f"{url}/moto-api/reset", timeout=30)
        server.stop()


def use_boto3_backend(network: MotoNetwork, *, settings, monkeypatch) -> None:
    """The EC2 client's boto3 backend against ``network``'s server, as its caller."""
    settings.EC2_CLIENT_BACKEND = BOTO3
    settings.EC2_CLIENT_STS_ENDPOINT_URL = network.url
    settings.EC2_CLIENT_EC2_ENDPOINT_URL = network.url
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", network.caller["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", network.caller["SecretAccessKey"])
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
