"""The rest-json wire format of the model: parse a request into an operation's parameters (path,
query string, JSON body), validate them against the model's constraints, and serialise answers and
errors with the model's member names (timestamps as ISO 8601 strings)."""

import json
import re
from datetime import UTC, date, datetime, time

from botocore.model import OperationModel, Shape

from aws_api.codecatalyst.model import error_status

JSON_CONTENT_TYPES = ("application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1")


class ApiError(Exception):
    """An error of the model: its code (``ValidationException`` …), its status and a message."""

    def __init__(self, code: str, message: str, *, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or error_status(code)


def invalid(message: str) -> ApiError:
    return ApiError("ValidationException", message)


# Parsing ------------------------------------------------------------------------------------------


def parse_request(op: OperationModel, *, uri: dict, query, content_type: str, body: bytes) -> dict:
    """The operation's parameters from the URI, the query string and the JSON body, by the model's
    locations; raises a ValidationException for a body that is not a JSON object of the right types."""
    shape = op.input_shape
    if shape is None:
        return {}
    body_members = {
        name: member for name, member in shape.members.items() if member.serialization.get("location") is None
    }
    document = {}
    if body.strip():
        if not body_members:
            raise invalid(f"{op.name} takes no request body.")
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type not in JSON_CONTENT_TYPES:
            raise ApiError(
                "ValidationException", "The request body must be JSON (Content-Type: application/json).", status=415
            )
        try:
            document = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise invalid("The request body is not valid JSON.") from None
        if not isinstance(document, dict):
            raise invalid("The request body must be a JSON object.")
    params = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "uri":
            if wire_name in uri:
                params[name] = uri[wire_name]
        elif location == "querystring":
            if wire_name in query:
                params[name] = _from_text(member, query[wire_name], name)
        elif location is None and wire_name in document:
            params[name] = _from_json(member, document[wire_name], name)
    validate(shape, params)
    return params


def _from_text(shape: Shape, text: str, path: str):
    if shape.type_name == "integer":
        try:
            return int(text)
        except ValueError:
            raise invalid(f"{path} must be an integer.") from None
    if shape.type_name == "boolean":
        return text.lower() == "true"
    return text


def _from_json(shape: Shape, value, path: str):
    kind = shape.type_name
    if value is None:
        return None
    if kind == "structure":
        if not isinstance(value, dict):
            raise invalid(f"{path} must be an object.")
        return {
            name: _from_json(member, value[name], f"{path}.{name}")
            for name, member in shape.members.items()
            if name in value
        }
    if kind == "list":
        if not isinstance(value, list):
            raise invalid(f"{path} must be a list.")
        return [_from_json(shape.member, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if kind == "map":
        if not isinstance(value, dict):
            raise invalid(f"{path} must be an object.")
        return {key: _from_json(shape.value, item, f"{path}.{key}") for key, item in value.items()}
    if kind == "string":
        if not isinstance(value, str):
            raise invalid(f"{path} must be a string.")
        return value
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(f"{path} must be an integer.")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise invalid(f"{path} must be true or false.")
        return value
    if kind == "timestamp":
        return _timestamp(value, path)
    return value


def _timestamp(value, path: str) -> datetime:
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, int | float):
            return datetime.fromtimestamp(value, tz=UTC)
        moment = datetime.fromisoformat(str(value))
    except (ValueError, OverflowError, OSError):
        raise invalid(f"{path} must be an ISO 8601 date and time, such as 2026-12-01T00:00:00Z.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def validate(shape: Shape, value, path: str = "") -> None:
    """Check ``value`` against the model's constraints: required members, lengths, ranges, patterns, enums."""
    kind = shape.type_name
    meta = shape.metadata
    where = path or shape.name
    if kind == "structure":
        for name in shape.required_members:
            if value.get(name) is None:
                raise invalid(f"{_join(path, name)} is required.")
        for name, item in value.items():
            if item is not None:
                validate(shape.members[name], item, _join(path, name))
        return
    if kind == "list":
        _check_range(len(value), meta, where, "items")
        for i, item in enumerate(value):
            validate(shape.member, item, f"{where}[{i}]")
        return
    if kind == "string":
        _check_range(len(value), meta, where, "characters")
        if shape.enum and value not in shape.enum:
            raise invalid(f"{where} must be one of: {', '.join(shape.enum)}.")
        # An empty value is allowed where the minimum length is 0, whatever the pattern says.
        if value and "pattern" in meta and not re.fullmatch(meta["pattern"], value):
            raise invalid(f"{where} does not have the allowed form ({meta['pattern']}).")
        return
    if kind in ("integer", "long"):
        if "min" in meta and value < meta["min"]:
            raise invalid(f"{where} must be at least {meta['min']}.")
        if "max" in meta and value > meta["max"]:
            raise invalid(f"{where} must be at most {meta['max']}.")


def _check_range(length: int, meta: dict, where: str, unit: str) -> None:
    if "min" in meta and length < meta["min"]:
        raise invalid(f"{where} must have at least {meta['min']} {unit}.")
    if "max" in meta and length > meta["max"]:
        raise invalid(f"{where} must have at most {meta['max']} {unit}.")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# Serialising --------------------------------------------------------------------------------------


def serialise(shape: Shape | None, value) -> dict:
    """``value`` (a dict keyed by the model's member names) as the JSON document of ``shape``."""
    if shape is None:
        return {}
    return _to_json(shape, value or {})


def _to_json(shape: Shape, value):
    kind = shape.type_name
    if kind == "structure":
        return {
            name: _to_json(member, value[name])
            for name, member in shape.members.items()
            if value.get(name) is not None and member.serialization.get("location") is None
        }
    if kind == "list":
        return [_to_json(shape.member, item) for item in value]
    if kind == "timestamp":
        return iso8601(value)
    return value


def iso8601(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
