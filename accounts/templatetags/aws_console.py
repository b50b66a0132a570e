"""Template tags of the AWS console's layout (``templates/aws/base.html``): the top bar's Region
selector and account menu, the side navigation, and account IDs as the console writes them."""

from django import template

from accounts.aws.console import topbar
from accounts.aws.ids import format_account_id

register = template.Library()


@register.filter
def account_id(value) -> str:
    """A twelve-digit account ID as 4444-5555-6666."""
    return format_account_id(str(value))


@register.simple_tag(takes_context=True)
def aws_sidenav(context):
    return topbar.sidenav(context.get("nav", ""))


@register.simple_tag(takes_context=True)
def aws_region_menu(context):
    request = context["request"]
    return topbar.region_menu(
        region=request.aws_region, next_url=request.get_full_path(), csrf_token=context.get("csrf_token")
    )


@register.simple_tag(takes_context=True)
def aws_account_menu(context):
    request = context["request"]
    return topbar.account_menu(
        user=request.aws_user,
        account=request.aws_account,
        accounts=request.aws_accounts,
        # The Verify Amazon CodeCatalyst space page comes back to itself with its token.
        next_url=context.get("switch_next") or request.get_full_path(),
        csrf_token=context.get("csrf_token"),
    )
