"""What a model declares to the scope suite (`ScopeCase`, its `Action`s) and the members every
check works with (`World`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

HOME, OTHER = "53.71", "53.01"
ROLES = ("viewer", "editor", "manager")
MISSING = 987654321

Values = dict[str, Any]


@dataclass(frozen=True)
class Action:
    """A verb on a record besides changing and deleting it (a decision, a recommendation,
    finalising a plan): refused to members below the case's writing role, to sibling members and
    to members `below`, and to a home writer referring to another region's objects; a home
    writer's has an effect.

    `api` is its route after the record's API path ("decision/"), or after the list's path when
    `on_list`; `page` the URL name its form is posted to, with `page_args(obj)`. `body(obj)` is a
    valid API body for the record, `form(obj)` the page's values (default: the body).
    `foreign(obj, code)` gives API bodies referring to objects of region `code`, `form_foreign`
    the page's (default: the same). `effect(obj)` is what the action changes (default: the stored
    record). `cli(obj, folder)` is the command that performs it (run with `--actor`; it may
    write its file into `folder`), `cli_foreign(obj, code, folder)` commands doing it with
    objects of region `code`. `make(code)` makes the record the action needs (default: the
    case's `make`).
    """

    name: str
    api: str = ""
    on_list: bool = False
    page: str = ""
    page_args: Callable[[Any], tuple[Any, ...]] = lambda obj: (obj.pk,)
    body: Callable[[Any], Values] = lambda obj: {}
    form: Callable[[Any], Values] | None = None
    foreign: Callable[[Any, str], list[Values]] | None = None
    form_foreign: Callable[[Any, str], list[Values]] | None = None
    effect: Callable[[Any], Any] | None = None
    cli: Callable[[Any, Any], tuple[str, ...]] | None = None
    cli_foreign: Callable[[Any, str, Any], list[tuple[str, ...]]] | None = None
    make: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class ScopeCase:
    """How the scope suite exercises one region-owned model.

    `make(region_code)` creates a record in that region (through the app's services, as the
    system) and returns it; `setup(request)` runs first in every check (pytest's `request`, e.g.
    to open a calendar with a fixture). URLs are given as the API list path and page URL names
    taking the record's pk (`page_args` gives the detail page's arguments otherwise,
    `page_list_args`, `page_add_args` and `page_delete_args` those of the list, add and delete
    pages from a record, e.g. its parent's pk). `payload(region_code)` is a valid API body for a
    new record there; `change` a valid partial update; `move(region_code)` the partial update
    that moves the record there; `foreign(region_code)` a partial update referring to an object
    of that region (or a list of them). The edit and add pages take the same values unless
    `form_change`, `form_move` or `form_foreign` say otherwise (form field names);
    `form_payload(region_code)` gives the add page's values where there is no edit page to copy.
    `foreign_payload(region_code)` gives bodies of a new record at home that refer to objects of
    that region (a membership of the sibling's user, of the administrator): the API and the add
    page (same field names) refuse them and write nothing.
    `page_shows(obj, html)` tells whether a list page shows the record (default: a link to its
    detail page); `cli_shows(obj, text)` whether the CLI's output does. `cli_output` is the
    option that names the output file ("" when the command writes to standard output),
    `cli_read(path)` reads that file as text. `cli_import` is the command (with its options)
    that reads back what `cli` writes, or `cli_import_text(obj)` (when given) for the record;
    `cli_import_foreign(obj, region_code)` is such a file referring to an object of that region.
    `cli_add(region_code)` is the command and arguments that add one record there.
    `refused_methods` are API verbs the case does not offer (405 for everyone); `logged` says
    that `make` leaves a change record (the change log's own case does not). `page_export` is
    the list page's download query (e.g. "export=csv"), read with `cli_shows`; `search(obj)` a
    text the search page finds the record by (shown as on a list page). `mentioned_on` are URL
    names (without arguments) of other pages that may name the record, as `mention(obj)` (by
    default `str(obj)`): a page answering a member shows it to the record's readers only (an
    import page's allowed values, a choice list). `below` is a village
    inside `home` where the record does not lie: its members read the record only if its model
    is read from below (`read_from_below`), and never write it. `actions` are the record's other
    verbs.
    """

    name: str
    make: Callable[[str], Any]
    setup: Callable[[Any], None] | None = None
    api: str = ""
    home: str = HOME
    other: str = OTHER
    below: str = ""
    view_role: str = "viewer"
    write_role: str = "editor"
    payload: Callable[[str], Values] | None = None
    change: Values | None = None
    move: Callable[[str], Values] | None = None
    foreign: Callable[[str], Values | list[Values]] | None = None
    form_change: Values | None = None
    form_move: Callable[[str], Values] | None = None
    form_foreign: Callable[[str], Values | list[Values]] | None = None
    form_payload: Callable[[str], Values] | None = None
    foreign_payload: Callable[[str], list[Values]] | None = None
    page_list: str = ""
    page_list_args: Callable[[Any], tuple[Any, ...]] = lambda obj: ()
    page_detail: str = ""
    page_args: Callable[[Any], tuple[Any, ...]] = lambda obj: (obj.pk,)
    page_missing: tuple[Any, ...] = (MISSING,)
    page_add: str = ""
    page_add_args: Callable[[Any], tuple[Any, ...]] = lambda obj: ()
    page_edit: str = ""
    page_delete: str = ""
    page_delete_args: Callable[[Any], tuple[Any, ...]] = lambda obj: (obj.pk,)
    page_shows: Callable[[Any, str], bool] | None = None
    page_export: str = ""
    search: Callable[[Any], str] | None = None
    mentioned_on: tuple[str, ...] = ()
    mention: Callable[[Any], str] = lambda obj: str(obj)
    cli: tuple[str, ...] = ()
    cli_output: str = "-o"
    cli_read: Callable[[Any], str] = lambda path: str(path.read_text(encoding="utf-8-sig"))
    cli_import: tuple[str, ...] = ()
    cli_import_text: Callable[[Any], str] | None = None
    cli_import_foreign: Callable[[Any, str], str] | None = None
    cli_add: Callable[[str], tuple[str, ...]] | None = None
    cli_shows: Callable[[Any, str], bool] = lambda obj, text: f"\n{obj.pk}," in "\n" + text
    many: int = 5
    list_queries: int = 15
    api_queries: int = 15
    deletable: bool = True
    refused_methods: tuple[str, ...] = ()
    logged: bool = True
    actions: tuple[Action, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def detail(self, obj: Any) -> str:
        """The API path of one record."""
        return f"{self.api}{obj.pk}/"

    def readers(self) -> tuple[str, ...]:
        """The roles that may read the record."""
        return ROLES[ROLES.index(self.view_role) :]

    def writers(self) -> tuple[str, ...]:
        """The roles that may change the record."""
        return ROLES[ROLES.index(self.write_role) :]

    def places(self) -> tuple[str, ...]:
        """Where the members live: "home", "other" and, when declared, "below"."""
        return ("home", "other", "below") if self.below else ("home", "other")

    def reads(self, obj: Any, where: str, role: str) -> bool:
        """Whether the member of `where` with `role` may read the record: readers at home, and
        readers below when the model is read from below."""
        if role not in self.readers():
            return False
        from_below = bool(getattr(type(obj), "read_from_below", False))
        return where == "home" or (where == "below" and from_below)

    def refused(self) -> list[tuple[str, str]]:
        """(where, role) of every member who may not change the record: home members below the
        writing role and every member of the sibling regency (and below)."""
        below = [("home", role) for role in ROLES if role not in self.writers()]
        strangers = [(where, role) for where in self.places()[1:] for role in ROLES]
        return [*below, *strangers]

    def shown_on_page(self, obj: Any, html: str) -> bool:
        """Whether a list page's HTML shows the record."""
        if self.page_shows is not None:
            return self.page_shows(obj, html)
        return reverse(self.page_detail, args=self.page_args(obj)) in html

    def form_values(self, kind: str, code: str = "") -> Values | None:
        """The edit page's values for `change` or `move` (None when undeclared)."""
        if kind == "change":
            return self.form_change if self.form_change is not None else self.change
        given = getattr(self, f"form_{kind}") or getattr(self, kind)
        return None if given is None else dict(given(code))

    def foreign_values(self, code: str, *, form: bool = False) -> list[Values]:
        """The partial updates (API, or the edit page's) referring to objects of `code`."""
        given = (self.form_foreign or self.foreign) if form else self.foreign
        if given is None:
            return []
        found = given(code)
        return [dict(v) for v in found] if isinstance(found, list) else [dict(found)]


@dataclass
class World:
    """Users of the home and the sibling regency (and below) in every role, clients for them,
    and a folder for files."""

    users: dict[tuple[str, str], Any]
    api: Callable[[Any], Any]
    web: Callable[[Any], Any]
    folder: Any

    def user(self, where: str, role: str) -> Any:
        """The member of `where` ("home", "other" or "below") with `role`."""
        return self.users[(where, role)]


def make_world(case: ScopeCase, make_user: Any, api: Any, web: Any, folder: Any) -> World:
    """A member of each place in each role: the regencies of home and other, the village below."""
    users = {}
    for where in case.places():
        code = getattr(case, where)
        region = code if where == "below" else ".".join(code.split(".")[:2])
        for role in ROLES:
            users[(where, role)] = make_user(f"{where}.{role}", {region: role})
    return World(users, api, web, folder)


def fresh(obj: Any) -> Any:
    """The stored record, or None when it is gone."""
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def snapshot(obj: Any) -> dict[str, Any]:
    """The stored record's field values and its many-to-many links."""
    stored = fresh(obj)
    values = {f.attname: getattr(stored, f.attname) for f in stored._meta.concrete_fields}
    for relation in stored._meta.many_to_many:
        linked = getattr(stored, relation.name).values_list("pk", flat=True)
        values[relation.name] = set(linked)
    return values


def at_home(case: ScopeCase, obj: Any) -> bool:
    """Whether the stored record still lies in the home region."""
    return type(obj)._default_manager.within(case.home).filter(pk=obj.pk).exists()


def count(obj: Any) -> int:
    """How many records of the model there are."""
    return int(type(obj)._default_manager.count())
