"""Who is signed in to the emulated AWS Management Console, kept apart from the CodeCatalyst user."""

from accounts.aws.console.models import ConsoleAccess
from accounts.aws.regions import DEFAULT_REGION, REGIONS

SESSION_USER = "aws_console_user_id"
SESSION_ACCOUNT = "aws_console_account_id"
SESSION_REGION = "aws_console_region"


def load_console_session(request):
    """The console user, the account they are signed in with and every account they may use (the
    top bar's account switcher, by account ID), or (None, None, []).

    One query: the user's accesses with their user and account. The account signed in with must be
    among them, so an access removed since sign-in signs the person out on the next request."""
    user_id = request.session.get(SESSION_USER)
    account_pk = request.session.get(SESSION_ACCOUNT)
    if not user_id or not account_pk:
        return None, None, []
    accesses = list(
        ConsoleAccess.objects.filter(user_id=user_id).select_related("user", "account").order_by("account__account_id")
    )
    account = next((access.account for access in accesses if access.account_id == account_pk), None)
    if account is None:
        return None, None, []
    return accesses[0].user, account, [access.account for access in accesses]


class AwsConsoleSessionMiddleware:
    """Sets ``request.aws_user`` and ``request.aws_account`` on the AWS console's pages (and
    ``request.aws_accounts``, every account the user may switch to), and ``request.aws_region``:
    the Region chosen in the top bar (kept in the session), US West (Oregon) until one is chosen."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/aws/"):
            request.aws_user, request.aws_account, request.aws_accounts = load_console_session(request)
            request.aws_region = REGIONS.get(request.session.get(SESSION_REGION), REGIONS[DEFAULT_REGION])
        else:
            request.aws_user = request.aws_account = request.aws_region = None
            request.aws_accounts = []
        return self.get_response(request)
