"""Table rows of a space's list pages, written in Python where the template language cost about half
a millisecond a row, 25 rows a page: on the members page a role ``<select>`` (a template loop over
the roles), two forms with their CSRF token and two ``{% url %}`` per member; on the AWS accounts
page four conditions, a date and two ``{% url %}`` per connection; on the projects page a link and
a date per project; on the activity page two dates and three defaults per entry; on a project's
page a role ``<select>`` and two forms per member. Each writes what
the template loop it replaced wrote (tests/spaces/test_*_rows.py render both)."""

from django.template import Library
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from catalyst_admin.dates import date_filter, format_date
from catalyst_admin.templatetags.console_urls import reverse_remembered
from spaces.roles import SpaceRole

register = Library()


def _options(choices) -> dict[str, str]:
    """Each role's ``<option>`` list with that role selected, once per page instead of once per row."""
    options = [(str(value), conditional_escape(value), conditional_escape(label)) for value, label in choices]
    return {
        selected: "".join(
            f'<option value="{value}"{" selected" if raw == selected else ""}>{label}</option>'
            for raw, value, label in options
        )
        for selected in [*(raw for raw, _, _ in options), None]
    }


@register.simple_tag(takes_context=True)
def member_rows(context, memberships, role_choices):
    """The ``<tr>`` of each membership (its user selected with it) as the members table shows it to
    ``context["user"]``: a role form and a Remove form where ``can_manage`` (and, for a Space
    administrator, ``can_manage_admins``) allow; the page's permissions decide, as before."""
    user, space = context["user"], context["space"]
    can_manage, can_manage_admins = context["can_manage"], context["can_manage_admins"]
    csrf = CsrfTokenNode().render(context)
    options = _options(role_choices)
    rows = []
    for m in memberships:
        name = conditional_escape(m.user.display_name)
        you = ' <span class="badge">You</span>' if m.user == user else ""
        alias = conditional_escape(m.user.alias or "—")
        email = conditional_escape(m.user.email or "—")
        if can_manage and m.role != SpaceRole.SPACE_ADMINISTRATOR:
            action = conditional_escape(reverse_remembered("spaces:member_role", (space.name, m.pk)))
            role = (
                f'<form method="post" action="{action}" class="actions">{csrf}\n'
                f'        <label class="visually-hidden" for="role-{m.pk}">Space role of {name}</label>\n'
                f'        <select id="role-{m.pk}" name="role" class="inline-input narrow-200">'
                f"{options.get(m.role, options[None])}</select>\n"
                '        <button type="submit" class="btn small">Change role</button></form>\n      '
            )
        else:
            role = conditional_escape(m.get_role_display())
        actions = ""
        if can_manage:
            remove = ""
            removable = m.role != SpaceRole.SPACE_ADMINISTRATOR or can_manage_admins
            if m.user != user and not space.is_federated and removable:
                action = conditional_escape(reverse_remembered("spaces:member_remove", (space.name, m.pk)))
                remove = (
                    '\n      <details class="confirm"><summary class="btn small">Remove</summary>\n'
                    f'      <form method="post" action="{action}">{csrf}<p>Remove {name} from the space and all '
                    'of its projects?</p><button type="submit" class="btn small danger">Remove</button></form>'
                    "</details>\n    "
                )
            actions = f'<td><div class="row-actions">{remove}</div></td>'
        rows.append(
            f"<tr>\n    <td>{name}{you}</td><td>{alias}</td><td>{email}</td>\n"
            f"    <td>{role}</td>\n    {actions}\n  </tr>"
        )
    return mark_safe("".join(rows))


def _date(context, moment, format: str = "M j, Y") -> str:
    # What {{ moment|date:format }} writes: in the current time zone, escaped.
    return conditional_escape(date_filter(template_localtime(moment, context.use_tz), format))


def _connection_status(connection) -> str:
    if connection.is_verified:
        return '<span class="badge success status">Verified</span>'
    if connection.request_expired:
        return '<span class="badge status">Expired</span>'
    return '<span class="badge pending status">Pending verification</span>'


@register.simple_tag(takes_context=True)
def connection_rows(context, connections):
    """The ``<tr>`` of each account connection on the space's AWS accounts page, annotated as
    ``accounts.connections.selectors.connections_of`` annotates them."""
    space = context["space"]
    remove = conditional_escape(reverse_remembered("aws:codecatalyst_space_remove", (space.name,)))
    rows = []
    for c in connections:
        detail = conditional_escape(reverse_remembered("spaces:aws_account", (space.name, str(c.connection_id))))
        name = conditional_escape(c.display_name)
        billing = '<span class="badge info">Billing account</span>' if c.is_billing_account else "No"
        created = _date(context, c.created_at)
        rows.append(
            f'<tr>\n    <td><a href="{detail}">{name}</a></td>\n'
            f'    <td class="mono">{conditional_escape(c.aws_account_id)}</td>\n'
            f"    <td>{_connection_status(c)}</td>\n"
            f"    <td>{billing}</td>\n"
            f"    <td>{'Restricted' if c.project_restricted else 'All projects'}</td>\n"
            f'    <td class="num">{conditional_escape(c.role_count)}</td>\n'
            f"    <td>{created}</td>\n"
            f'    <td><div class="row-actions"><a href="{remove}" aria-label="Remove {name} in the AWS Management '
            'Console">Remove</a></div></td>\n  </tr>'
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def project_rows(context, projects, created=True):
    """The ``<tr>`` of each project on the space's projects page (and, without the ``created``
    column, its overview), annotated as ``spaces.selectors.projects_visible_to`` annotates them
    (``member_count``, ``can_open``)."""
    space = context["space"]
    rows = []
    for p in projects:
        name = conditional_escape(p.name)
        if p.can_open:
            href = conditional_escape(reverse_remembered("spaces:project", (space.name, p.name)))
            name = f'<a href="{href}">{name}</a>'
        else:
            name = f'{name} <span class="hint">(you are not a member)</span>'
        rows.append(
            f"<tr><td>{name}</td><td>{conditional_escape(p.description or '—')}</td>"
            f'<td class="num">{conditional_escape(p.member_count)}</td>'
            + (f"<td>{_date(context, p.created_at)}</td>" if created else "")
            + "</tr>"
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def activity_rows(context, events):
    """The ``<tr>`` of each activity entry on the space's activity page."""
    rows = []
    for e in events:
        # What {{ e.created_at|date:"c" }} and {{ e.created_at|date:"M j, Y H:i:s T" }} write.
        moment = template_localtime(e.created_at, context.use_tz)
        shown, iso = format_date(moment, "M j, Y H:i:s T"), format_date(moment, "c")
        rows.append(
            f'<tr><td class="nowrap" title="{conditional_escape(iso)}">{conditional_escape(shown)}</td>'
            f'<td class="mono">{conditional_escape(e.event_name)}</td><td>{conditional_escape(e.description)}</td>'
            f"<td>{conditional_escape(e.actor_name)}</td><td>{conditional_escape(e.project_name or '—')}</td>"
            f'<td class="mono">{conditional_escape(e.source_ip or "—")}</td>'
            f"<td>{'Read-only' if e.read_only else 'Mutation'}</td></tr>"
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def project_member_rows(context, memberships, role_choices):
    """The ``<tr>`` of each project membership (its user selected with it) on the project's page:
    a role form and a Remove form where ``can_manage`` allows."""
    space, project, can_manage = context["space"], context["project"], context["can_manage"]
    csrf = CsrfTokenNode().render(context)
    options = _options(role_choices)
    project_name = conditional_escape(project.name)
    rows = []
    for m in memberships:
        name = conditional_escape(m.user.display_name)
        role, actions = conditional_escape(m.get_role_display()), ""
        if can_manage:
            args = (space.name, project.name, m.pk)
            change = conditional_escape(reverse_remembered("spaces:project_member_role", args))
            role = (
                f'<form method="post" action="{change}" class="actions">{csrf}\n'
                f'        <label class="visually-hidden" for="prole-{m.pk}">Project role of {name}</label>\n'
                f'        <select id="prole-{m.pk}" name="role" class="inline-input narrow-220">'
                f"{options.get(m.role, options[None])}</select>\n"
                '        <button type="submit" class="btn small">Change role</button></form>'
            )
            remove = conditional_escape(reverse_remembered("spaces:project_member_remove", args))
            actions = (
                '<td><div class="row-actions"><details class="confirm"><summary class="btn small">Remove</summary>\n'
                f'      <form method="post" action="{remove}">{csrf}<p>Remove {name} from {project_name}?</p>'
                '<button type="submit" class="btn small danger">Remove</button></form></details></div></td>'
            )
        rows.append(
            f"<tr><td>{name}</td><td>{conditional_escape(m.user.alias or '—')}</td>\n"
            f"    <td>{role}</td>\n    {actions}\n  </tr>"
        )
    return mark_safe("".join(rows))
