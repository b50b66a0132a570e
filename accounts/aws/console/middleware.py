"""Who is signed in to the emulated AWS Management Console, kept apart from the CodeCatalyst user."""

from functools import cache

from accounts.aws.console.models import AwsAccount, ConsoleAccess, ConsoleUser
from accounts.aws.regions import DEFAULT_REGION, REGIONS
from catalyst_admin import rows

SESSION_USER = "aws_console_user_id"
SESSION_ACCOUNT = "aws_console_account_id"
SESSION_REGION = "aws_console_region"


@cache
def _session_sql() -> str:
    # ConsoleAccess.objects.filter(user_id=…).select_related("user", "account").order_by("account__account_id")
    user, account = ConsoleAccess._meta.get_field("user"), ConsoleAccess._meta.get_field("account")
    return (
        f"SELECT {rows.columns(ConsoleUser, 'u')}, {rows.columns(AwsAccount, 'a')} "
        f"FROM {ConsoleAccess._meta.db_table} x "
        f"INNER JOIN {ConsoleUser._meta.db_table} u ON u.{ConsoleUser._meta.pk.column} = x.{user.column} "
        f"INNER JOIN {AwsAccount._meta.db_table} a ON a.{AwsAccount._meta.pk.column} = x.{account.column} "
        f"WHERE x.{user.column} = %s ORDER BY a.account_id"
    )


def load_console_session(request):
    """The console user, the account they are signed in with and every account they may use (the
    top bar's account switcher, by account ID), or (None, None, []).

    One query, in plain SQL (``catalyst_admin.rows``): the user's accesses with their user and
    account. The account signed in with must be among them, so an access removed since sign-in
    signs the person out on the next request."""
    user_id = request.session.get(SESSION_USER)
    account_pk = request.session.get(SESSION_ACCOUNT)
    if not user_id or not account_pk:
        return None, None, []
    found = rows.fetch(_session_sql(), [user_id])
    if not found:
        return None, None, []
    user, start = rows.from_row(ConsoleUser, found[0], 0)
    accounts = [rows.from_row(AwsAccount, row, start)[0] for row in found]
    account = next((account for account in accounts if account.pk == account_pk), None)
    if account is None:
        return None, None, []
    return user, account, accounts


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
