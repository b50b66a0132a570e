"""Who is signed in to the emulated AWS Management Console, kept apart from the CodeCatalyst user."""

from accounts.aws.console.models import AwsAccount, ConsoleUser
from accounts.aws.regions import DEFAULT_REGION, REGIONS

SESSION_USER = "aws_console_user_id"
SESSION_ACCOUNT = "aws_console_account_id"
SESSION_REGION = "aws_console_region"


def load_console_session(request):
    """The console user and the account they are signed in with, or (None, None)."""
    user_id = request.session.get(SESSION_USER)
    account_pk = request.session.get(SESSION_ACCOUNT)
    if not user_id or not account_pk:
        return None, None
    user = ConsoleUser.objects.filter(pk=user_id).first()
    account = AwsAccount.objects.filter(pk=account_pk, console_users=user).first() if user else None
    if account is None:
        return None, None
    return user, account


class AwsConsoleSessionMiddleware:
    """Sets ``request.aws_user`` and ``request.aws_account`` on the AWS console's pages, and
    ``request.aws_region``: the Region chosen in the top bar (kept in the session), US West (Oregon)
    until one is chosen."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/aws/"):
            request.aws_user, request.aws_account = load_console_session(request)
            request.aws_region = REGIONS.get(request.session.get(SESSION_REGION), REGIONS[DEFAULT_REGION])
            request.aws_regions = list(REGIONS.values())
        else:
            request.aws_user = request.aws_account = request.aws_region = None
        return self.get_response(request)
