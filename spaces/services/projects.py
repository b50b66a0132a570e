"""Writes on projects and their members."""

from django.core.exceptions import ValidationError
from django.db import transaction

from catalyst_admin.errors import Conflict, DomainError, FieldErrors, QuotaExceeded, domain_error_from, unique_or
from spaces import permissions
from spaces.activity import activity_record
from spaces.models import Project, ProjectMembership, Space
from spaces.roles import ProjectRole
from spaces.services.members import drop_limited_access_without_projects
from spaces.services.spaces import RESERVED_NAMES

MAX_PROJECTS_PER_SPACE = 100


def project_name_check(*, space: Space, name: str) -> str:
    """``name`` stripped if a new project of ``space`` may have it, else a DomainError (a Conflict
    when another project has it). The create page asks too, so that the name's problem shows with
    every other field's."""
    name = (name or "").strip()
    try:
        Project(space=space, name=name).clean_fields(exclude=[f.name for f in Project._meta.fields if f.name != "name"])
    except ValidationError as exc:
        raise domain_error_from(exc, field="name") from None
    if name.lower() in RESERVED_NAMES:
        raise DomainError(f"The name {name} is reserved by CodeCatalyst. Choose another name.", field="name")
    if space.projects.filter(name__iexact=name).exists():
        raise Conflict(f"A project named {name} already exists in this space. Choose another name.", field="name")
    return name


@transaction.atomic
def project_create(*, space: Space, name: str, description: str = "", by) -> Project:
    permissions.require(by, "projects.create", space=space)
    project = Project(space=space, name=(name or "").strip(), description=(description or "").strip(), created_by=by)
    # Every invalid field at once, so the form reports them all on the first submit; a taken name
    # alone stays a Conflict (409 in the APIs).
    problems = FieldErrors()
    with problems.collect():
        try:
            project.clean_fields(exclude=["space", "created_by", "name"])
        except ValidationError as exc:
            raise domain_error_from(exc) from None
    # The space's row is the lock: creates in one space queue here, so the count below is the count at commit.
    Space.objects.select_for_update().filter(pk=space.pk).first()
    with problems.collect():
        project_name_check(space=space, name=project.name)
    problems.raise_if_any()
    if space.projects.count() >= MAX_PROJECTS_PER_SPACE:
        raise QuotaExceeded(f"A space can have at most {MAX_PROJECTS_PER_SPACE} projects. Delete one first.")
    with unique_or(Conflict(f"A project named {project.name} already exists in this space.", field="name")):
        project.save()
    ProjectMembership.objects.create(project=project, user=by, role=ProjectRole.PROJECT_ADMINISTRATOR)
    activity_record(
        space=space, project=project, event_name="CreateProject", description=f"Created project {project.name}", user=by
    )
    return project


@transaction.atomic
def project_update(*, project: Project, description: str, by) -> Project:
    """Change a project's description (its name never changes): Project administrators and Space
    administrators."""
    space = project.space
    permissions.require(by, "project.edit", space=space, project=project)
    project.description = (description or "").strip()
    try:
        project.clean_fields(exclude=[f.name for f in Project._meta.fields if f.name != "description"])
    except ValidationError as exc:
        raise domain_error_from(exc, field="description") from None
    project.save(update_fields=["description"])
    activity_record(
        space=space,
        project=project,
        event_name="UpdateProject",
        description=f"Updated the description of project {project.name}",
        user=by,
    )
    return project


@transaction.atomic
def project_delete(*, project: Project, confirm_name: str, by) -> None:
    space = project.space
    permissions.require(by, "project.delete", space=space, project=project)
    if (confirm_name or "").strip() != project.name:
        raise DomainError(f"To confirm, type the project name {project.name} exactly.", field="confirm_name")
    member_ids = list(project.memberships.values_list("user_id", flat=True))
    activity_record(
        space=space,
        project=project,
        event_name="DeleteProject",
        description=f"Deleted project {project.name}",
        user=by,
    )
    project.delete()
    drop_limited_access_without_projects(space, member_ids)


# Project members --------------------------------------------------------------------------------


def project_member_change_role_authorize(*, membership: ProjectMembership, by) -> None:
    """Whether ``by`` may change this project's roles at all (a 403 otherwise): checked by the page
    before it validates the form, so a refusal is never a form error."""
    project = membership.project
    permissions.require(by, "project.members.manage", space=project.space, project=project)


@transaction.atomic
def project_member_change_role(*, membership: ProjectMembership, role: str, by) -> ProjectMembership:
    project = membership.project
    project_member_change_role_authorize(membership=membership, by=by)
    if role not in ProjectRole.values:
        raise DomainError("Choose a project role.", field="role")
    if membership.role == ProjectRole.PROJECT_ADMINISTRATOR and role != membership.role:
        _refuse_last_project_admin(project)
    membership.role = role
    membership.save(update_fields=["role"])
    activity_record(
        space=project.space,
        project=project,
        event_name="UpdateProjectMembership",
        description=f"Changed {membership.user.display_name} to {membership.get_role_display()}",
        user=by,
    )
    return membership


def _refuse_last_project_admin(project: Project) -> None:
    # len(), not count(): count() drops FOR UPDATE, and the rows must stay locked until commit.
    admins = ProjectMembership.objects.select_for_update().filter(
        project=project, role=ProjectRole.PROJECT_ADMINISTRATOR
    )
    if len(admins) <= 1:
        raise DomainError("A project needs at least one Project administrator; make someone else one first.")


@transaction.atomic
def project_member_remove(*, membership: ProjectMembership, by) -> None:
    project = membership.project
    space = project.space
    permissions.require(by, "project.members.manage", space=space, project=project)
    if membership.role == ProjectRole.PROJECT_ADMINISTRATOR:
        _refuse_last_project_admin(project)
    user = membership.user
    membership.delete()
    drop_limited_access_without_projects(space, [user.pk])
    permissions.forget_roles(user)
    activity_record(
        space=space,
        project=project,
        event_name="DeleteProjectMembership",
        description=f"Removed {user.display_name} from {project.name}",
        user=by,
    )
