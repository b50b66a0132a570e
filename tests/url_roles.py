"""The pieces of the URL × person table in ``tests/test_url_roles.py``: the people, the answers
they may get, the rows, and the world a row's URL is built in."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape

# The world ----------------------------------------------------------------------------------------


class World:
    """The objects of one test. ``world.space`` is the ``space`` fixture, built when a row or a
    person first asks for it: each test builds only the part of the cast its row needs. (Any
    fixture name is an attribute: the world has no methods, and only ``browser`` of its own.)"""

    def __init__(self, request, uses: tuple[str, ...] = ()):
        self._request = request
        self.browser: Client | None = None  # the person's, once they have one
        for name in uses:
            getattr(self, name)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        value = self._request.getfixturevalue(name)
        setattr(self, name, value)
        return value


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table but the sessions': equal before and after a request that wrote nothing."""
    tables = set(connection.introspection.table_names()) - {Session._meta.db_table}
    with connection.cursor() as cursor:
        state = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            state[table] = sorted(cursor.fetchall(), key=repr)
    return state


# People -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone with a browser: ``enter`` signs the browser in (or leaves it signed out)."""

    id: str
    enter: Callable[[World, Client], None]

    def browser(self, world: World, *, csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf_checks)
        self.enter(world, client)
        world.browser = client
        return client

    def __repr__(self) -> str:
        return self.id


# Answers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What an answer is checked against: the URL asked for and the words the row expects."""

    url: str
    refusal: str
    missing: str


def _text(response) -> str:
    return response.content.decode()


def _banners(response, *levels: str) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag in levels]


@dataclass(frozen=True)
class Page:
    """A page with this status, showing and hiding the given HTML. A 403 page must give the row's
    ``refusal`` (the role or account needed), unless the answer says what it shows instead; a 404
    page must say the row's ``missing``, if it has one."""

    status: int
    shows: tuple[str, ...] = ()
    hides: tuple[str, ...] = ()

    def check(self, response, context: Context) -> None:
        assert response.status_code == self.status
        text = _text(response) if self.shows or self.hides or self.status in (403, 404) else ""
        if self.status == 403:
            assert "Access denied" in text
        if self.status == 403 and not self.shows:
            assert context.refusal, "a row with a 403 says which role its refusal names"
            assert escape(context.refusal) in text, f"the 403 page does not say {context.refusal!r}"
        if self.status == 404 and context.missing:
            assert escape(context.missing) in text, f"the 404 page does not say {context.missing!r}"
        for shown in self.shows:
            assert shown in text, f"the page does not show {shown!r}"
        for hidden in self.hides:
            assert hidden not in text, f"the page shows {hidden!r}"


def page(status: int = 200, *, shows: str | tuple[str, ...] = (), hides: str | tuple[str, ...] = ()) -> Page:
    """``page(shows="mary.major")``: a 200 page with that text; ``shows`` and ``hides`` take one text or several."""
    return Page(status, _texts(shows), _texts(hides))


def _texts(texts: str | tuple[str, ...]) -> tuple[str, ...]:
    return (texts,) if isinstance(texts, str) else tuple(texts)


@dataclass(frozen=True)
class Redirect:
    """A redirect to exactly ``location``."""

    location: str

    def check(self, response, context: Context) -> None:
        assert response.status_code == 302
        assert response["Location"] == self.location


@dataclass(frozen=True)
class SignIn:
    """A redirect to the sign-in page that comes back to the URL asked for: CodeCatalyst's
    (``/signin/?next=/spaces/``) or, with ``aws``, the AWS console's (``/aws/signin/?next=%2Faws%2F``)."""

    aws: bool = False

    def check(self, response, context: Context) -> None:
        assert response.status_code == 302
        if self.aws:
            assert response["Location"] == "/aws/signin/?" + urlencode({"next": context.url})
        else:
            assert response["Location"] == f"/signin/?next={context.url}"


@dataclass(frozen=True)
class Done:
    """The POST did what it says: the row's ``done`` holds, and the answer (a redirect, unless
    ``status`` says otherwise) carries a success banner and no error banner."""

    status: int = 302
    banner: bool = True

    def check(self, response, context: Context) -> None:
        assert response.status_code == self.status
        if self.banner:
            assert _banners(response, "error") == []
            assert _banners(response, "success", "info")


@dataclass(frozen=True)
class Bounced:
    """The POST was turned down with an error banner (and wrote nothing)."""

    banner: str

    def check(self, response, context: Context) -> None:
        assert response.status_code == 302
        errors = _banners(response, "error")
        assert any(self.banner in text for text in errors), f"no error banner says {self.banner!r}: {errors}"


Answer = Page | Redirect | SignIn | Done | Bounced


def as_answer(answer: int | Answer) -> Answer:
    return Page(answer) if isinstance(answer, int) else answer


# Rows ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """What a POST sends and what it does: ``done(world)`` is true once it happened."""

    answers: tuple
    data: dict | Callable[[World], dict] = field(default_factory=dict)
    done: Callable[[World], bool] | None = None
    refusal: str | None = None  # the row's own refusal, unless the POST's differs

    def form(self, world: World) -> dict:
        return self.data(world) if callable(self.data) else self.data


@dataclass(frozen=True)
class Row:
    """One URL name, the answers of ``people`` (in that order) to a GET and, if the view takes
    one, to a POST. ``uses`` names the fixtures the URL's world needs besides the URL's own
    arguments; ``query`` is added to the URL."""

    name: str
    people: tuple[Person, ...]
    get: tuple
    args: Callable[[World], list] = lambda world: []
    post: Post | None = None
    uses: tuple[str, ...] = ()
    query: str = ""
    refusal: str = ""
    missing: str = ""

    def __post_init__(self):
        assert len(self.get) == len(self.people), f"{self.name}: one GET answer per person"
        if self.post is not None:
            assert len(self.post.answers) == len(self.people), f"{self.name}: one POST answer per person"
            dones = [a for a in self.post.answers if isinstance(a, Done)]
            assert bool(dones) == (self.post.done is not None), f"{self.name}: a Done answer goes with done()"

    def answer_to_get(self, person: Person) -> Answer:
        return as_answer(self.get[self.people.index(person)])

    def answer_to_post(self, person: Person) -> Answer:
        return as_answer(self.post.answers[self.people.index(person)])

    def context(self, url: str, *, post: bool = False) -> Context:
        refusal = self.post.refusal if post and self.post.refusal is not None else self.refusal
        return Context(url=url, refusal=refusal, missing=self.missing)

    def csrf_person(self) -> Person:
        """Whom to try the POST without its CSRF token as: the first person it gets done for, else
        the first whose POST the view takes up (and turns down with a banner or a form error)."""
        answers = [as_answer(answer) for answer in self.post.answers]
        taken_up = [isinstance(a, Done | Bounced) or (isinstance(a, Page) and a.status == 200) for a in answers]
        done = [person for person, answer in zip(self.people, answers, strict=True) if isinstance(answer, Done)]
        return (done or [person for person, taken in zip(self.people, taken_up, strict=True) if taken])[0]


# The project's URL names --------------------------------------------------------------------------


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """``namespace:name`` of every named URL pattern, namespaces nested as Django nests them."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name
