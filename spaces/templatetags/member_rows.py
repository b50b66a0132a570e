"""The members page's table rows, written in Python: per member a role ``<select>`` (a template loop
over the roles), two forms with their CSRF token and two ``{% url %}`` cost about half a millisecond
a row in the template language, 25 rows a page. Writes what ``spaces/member_list.html`` wrote
(tests/spaces/test_member_rows.py renders both)."""

from django.template import Library
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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
