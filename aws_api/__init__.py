"""The emulator's AWS-compatible APIs, one package per service under ``/aws-api/<service>/``: each a
thin translation of the service's wire format onto the same services and selectors the console uses."""
