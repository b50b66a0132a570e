"""The EC2 API's actions: each parses nothing and decides nothing of its own, it calls the
inventory's selectors and services for the signer's account and Region and returns EC2's shape."""

ACTIONS: dict = {}


def region_of(caller) -> str:
    return caller.region
