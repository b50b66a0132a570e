"""EC2's query protocol, read from botocore's own model of EC2 (``ec2/2016-11-15/service-2.json``):
form parameters in, XML out, in the shapes and element names (``locationName``) the SDKs parse.

Parameters are parsed as botocore's EC2 serializer writes them: a member's name is its
``queryName``, else its ``locationName`` with the first letter capitalized; a list's items are
``Name.1``, ``Name.2`` …; a structure's members ``Prefix.Member``. Answers are serialized from the
same EC2-shaped dicts boto3 returns (``{"Vpcs": [{"VpcId": …, "Tags": [{"Key": …}]}]}``).
"""

import functools
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from botocore.loaders import Loader
from botocore.model import ListShape, ServiceModel, Shape, StructureShape

API_VERSION = "2016-11-15"
XMLNS = f"http://ec2.amazonaws.com/doc/{API_VERSION}/"


class ApiError(Exception):
    """An answer in EC2's error format: ``code`` (``InvalidVpcID.NotFound`` …), a message and a status."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@functools.cache
def service_model() -> ServiceModel:
    return ServiceModel(Loader().load_service_model("ec2", "service-2", API_VERSION), service_name="ec2")


def _query_name(shape: Shape, default: str) -> str:
    if "queryName" in shape.serialization:
        return shape.serialization["queryName"]
    if "name" in shape.serialization:
        name = shape.serialization["name"]
        return name[0].upper() + name[1:]
    return default


# Parsing ---------------------------------------------------------------------------------------


def _scalar(shape: Shape, key: str, raw: str):
    kind = shape.type_name
    if kind == "boolean":
        if raw.lower() not in ("true", "false"):
            raise ApiError("InvalidParameterValue", f"Value ({raw}) for parameter {key} is invalid. Use true or false.")
        return raw.lower() == "true"
    if kind in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            raise ApiError("InvalidParameterValue", f"Value ({raw}) for parameter {key} is not a number.") from None
    if kind in ("float", "double"):
        try:
            return float(raw)
        except ValueError:
            raise ApiError("InvalidParameterValue", f"Value ({raw}) for parameter {key} is not a number.") from None
    if kind == "timestamp":
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise ApiError("InvalidParameterValue", f"Value ({raw}) for parameter {key} is not a time.") from None
    return raw


def _parse(shape: Shape, key: str, params: dict[str, str], prefixes: set[str]):
    if isinstance(shape, StructureShape):
        if key + "." not in prefixes:
            return None
        return _parse_members(shape, key + ".", params, prefixes) or None
    if isinstance(shape, ListShape):
        items = []
        index = 1
        while True:
            item = _parse(shape.member, f"{key}.{index}", params, prefixes)
            if item is None:
                break
            items.append(item)
            index += 1
        if not items and key in params:  # "Name=" with no items: an empty list
            return []
        return items or None
    if key not in params:
        return None
    return _scalar(shape, key, params[key])


def _parse_members(shape: StructureShape, prefix: str, params, prefixes) -> dict:
    values = {}
    for name, member in shape.members.items():
        value = _parse(member, prefix + _query_name(member, name), params, prefixes)
        if value is not None:
            values[name] = value
    return values


def parse_input(operation_name: str, params: dict[str, str]) -> dict:
    """The operation's parameters, keyed as boto3 takes them; MissingParameter when a required one
    is absent."""
    operation = service_model().operation_model(operation_name)
    shape = operation.input_shape
    if shape is None:
        return {}
    # Every dotted prefix present ("Filter.", "Filter.1.", …): a structure is parsed only if some
    # parameter lies under it, so the walk stays as small as the request.
    prefixes = set()
    for key in params:
        parts = key.split(".")
        for end in range(1, len(parts)):
            prefixes.add(".".join(parts[:end]) + ".")
    values = _parse_members(shape, "", params, prefixes)
    for name in shape.required_members:
        if name not in values:
            raise ApiError(
                "MissingParameter", f"The request must contain the parameter {_query_name(shape.members[name], name)}"
            )
    return values


# Serializing -----------------------------------------------------------------------------------


def _text(shape: Shape, value) -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        if isinstance(value, datetime):
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
        return escape(str(value))
    return escape(str(value))


def _element_name(shape: Shape, default: str) -> str:
    return shape.serialization.get("name", default)


def _xml(shape: Shape, value, out: list[str]) -> None:
    if isinstance(shape, StructureShape):
        unknown = set(value) - set(shape.members)
        if unknown:
            raise ValueError(f"{shape.name} has no member {sorted(unknown)}")
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                tag = _element_name(member, name[0].lower() + name[1:])
                out.append(f"<{tag}>")
                _xml(member, value[name], out)
                out.append(f"</{tag}>")
    elif isinstance(shape, ListShape):
        tag = _element_name(shape.member, "member")
        for item in value:
            out.append(f"<{tag}>")
            _xml(shape.member, item, out)
            out.append(f"</{tag}>")
    else:
        out.append(_text(shape, value))


def serialize_output(operation_name: str, result: dict, request_id: str) -> str:
    """The XML answer of an operation whose result is the EC2-shaped dict ``result``."""
    operation = service_model().operation_model(operation_name)
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{operation_name}Response xmlns="{XMLNS}">']
    out.append(f"<requestId>{request_id}</requestId>")
    if operation.output_shape is not None:
        _xml(operation.output_shape, result, out)
    out.append(f"</{operation_name}Response>")
    return "".join(out)


def serialize_error(error: ApiError, request_id: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Response><Errors><Error><Code>{escape(error.code)}</Code><Message>{escape(error.message)}</Message>"
        f"</Error></Errors><RequestID>{request_id}</RequestID></Response>"
    )
