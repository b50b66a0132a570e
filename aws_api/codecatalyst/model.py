"""botocore's ``codecatalyst`` service model and the route table built from it (method + requestUri)."""

import re

from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel

MODEL = ServiceModel(Loader().load_service_model("codecatalyst", "service-2"), service_name="codecatalyst")


def _pattern(request_uri: str) -> re.Pattern:
    regex = ""
    for part in re.split(r"(\{[^}]+\})", request_uri.split("?")[0]):
        if part.startswith("{"):
            regex += f"(?P<{part[1:-1].rstrip('+')}>[^/]+)"
        else:
            regex += re.escape(part)
    return re.compile(f"^{regex}$")


def _routes() -> list[tuple[str, re.Pattern, OperationModel]]:
    routes = []
    for name in MODEL.operation_names:
        op = MODEL.operation_model(name)
        routes.append((op.http["method"], _pattern(op.http["requestUri"]), op))
    # A literal segment wins over a {placeholder} where both could match.
    routes.sort(key=lambda route: -len(re.sub(r"\(\?P<[^>]+>\[\^/\]\+\)", "", route[1].pattern)))
    return routes


ROUTES = _routes()


def route(method: str, path: str) -> tuple[OperationModel | None, dict, bool]:
    """The operation for ``method`` and ``path`` with its URI parameters; the flag says whether the
    path is known at all (for another method)."""
    known = False
    for route_method, pattern, op in ROUTES:
        match = pattern.match(path)
        if match is None:
            continue
        if route_method == method:
            return op, match.groupdict(), True
        known = True
    return None, {}, known


def error_status(code: str) -> int:
    """The HTTP status the model gives the error ``code``."""
    for shape in MODEL.error_shapes:
        if shape.name == code:
            return shape.metadata["error"]["httpStatusCode"]
    raise KeyError(code)
