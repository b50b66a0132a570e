"""The endpoint of the EC2-compatible API: verify the signature, find the action, check the signer's
IAM policy allows it, run it in the Region the request was signed for, and answer in EC2's XML."""

import logging
import uuid
from urllib.parse import parse_qsl

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.aws.ec2.api import actions
from accounts.aws.ec2.api.protocol import (
    API_VERSION,
    ApiError,
    parse_input,
    serialize_error,
    serialize_output,
    service_model,
)
from accounts.aws.ec2.errors import Ec2Error
from accounts.aws.iam.credentials import request_caller
from accounts.aws.iam.policies import ALLOWED, denial_message, policy_decision
from accounts.aws.sigv4 import SignatureError
from catalyst_admin.errors import DomainError, Forbidden, NotFound

logger = logging.getLogger(__name__)

XML = "text/xml;charset=UTF-8"


def _answer(body: str, status: int, request_id: str) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=XML)
    response["x-amzn-RequestId"] = request_id
    return response


def _params(request) -> dict[str, str]:
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if request.method == "POST":
        try:
            pairs += parse_qsl(request.body.decode(), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise ApiError("InvalidParameterValue", "The request body is not UTF-8 form data.") from None
    return dict(pairs)


@csrf_exempt
def ec2_api(request):
    request_id = str(uuid.uuid4())
    try:
        if request.method not in ("GET", "POST"):
            raise ApiError("InvalidAction", "Send EC2 API requests as GET or POST.", status=405)
        try:
            caller = request_caller(request)
        except SignatureError as error:
            status = 401 if error.code == "AuthFailure" else 400
            raise ApiError(error.code, error.message, status=status) from None
        if caller.signed.service != "ec2":
            raise ApiError(
                "AuthFailure",
                f"Credential should be scoped to correct service: 'ec2', not '{caller.signed.service}'.",
                status=401,
            )
        params = _params(request)
        action = params.get("Action", "")
        if not action:
            raise ApiError("MissingParameter", "The request must contain the parameter Action")
        if action not in service_model().operation_names:
            raise ApiError("InvalidAction", f"The action {action} is not valid for this web service.")
        if not params.get("Version"):
            raise ApiError("MissingParameter", "The request must contain the parameter Version")
        if params["Version"] != API_VERSION:
            raise ApiError(
                "InvalidParameterValue", f"This API serves version {API_VERSION} of EC2, not {params['Version']}."
            )
        region = actions.region_of(caller)
        decision = policy_decision([caller.user.permissions_policy], action=f"ec2:{action}")
        if decision != ALLOWED:
            raise ApiError(
                "UnauthorizedOperation",
                "You are not authorized to perform this operation. "
                + denial_message(principal_arn=caller.user.arn, action=f"ec2:{action}", decision=decision),
                status=403,
            )
        handler = actions.ACTIONS.get(action)
        if handler is None:
            raise ApiError(
                "InvalidAction",
                f"The action {action} is not implemented by this emulator's EC2 API. It serves: "
                f"{', '.join(sorted(actions.ACTIONS))}.",
            )
        values = parse_input(action, params)
        if values.pop("DryRun", False):
            raise ApiError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", status=412)
        result = handler(caller=caller, region=region, params=values)
        return _answer(serialize_output(action, result, request_id), 200, request_id)
    except ApiError as error:
        return _answer(serialize_error(error, request_id), error.status, request_id)
    except Forbidden as error:
        return _answer(serialize_error(ApiError("UnauthorizedOperation", error.message), request_id), 403, request_id)
    except Ec2Error as error:
        return _answer(serialize_error(ApiError(error.code, error.message), request_id), 400, request_id)
    except NotFound as error:
        return _answer(serialize_error(ApiError("InvalidParameterValue", error.message), request_id), 400, request_id)
    except DomainError as error:
        return _answer(serialize_error(ApiError("InvalidParameterValue", error.message), request_id), 400, request_id)
