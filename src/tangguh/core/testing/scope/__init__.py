"""The scope suite: one declaration per region-owned model checks every verb on page, API and CLI
for a viewer, an editor and a manager of the record's regency and of a sibling regency (and, when
declared, of a village below).

A model's tests declare a `ScopeCase` (how to make a record in a region, its URLs, a valid
payload, its other verbs as `Action`s) and call `scope_suite(cases)`, which returns a
parametrised test. Each check runs in its own database transaction. The regions: the record lies
in `home` (default Kota Kupang, 53.71, or a place inside it); the sibling regency is `other`
(default Kabupaten Kupang, 53.01); `below` is a village of `home` where the record does not lie.
Reading needs `view_role` (default viewer), writing `write_role` (default editor): memberships,
for instance, are read and written by managers only. Members below read a record only when its
model is read from below (`read_from_below`: a regency's planning calendar), and write none.

What is checked (a check is skipped when the case does not declare what it needs):

- list (API and page): members with the role to read see the record, other members do not;
  the list answers within the case's query ceiling with `many` records, and in as many queries
  with twice as many (no query per row);
- detail (API and page): 200 for readers, 403 for everyone else, 404 for a record that does not
  exist;
- change (API PATCH, page edit form): 403 below the role, for every sibling member and below,
  allowed for a home writer; the record is unchanged after a refusal;
- move (API, page form): a home writer cannot move the record into the sibling regency;
- foreign keys (API, page form): a change that refers to an object of the sibling regency is
  refused;
- create (API POST, page add form): a home writer may, members below the role, sibling members
  and members below may not, nor may a home writer create the record in the sibling regency (or
  under a parent there);
- delete (API, page POST): refused below the role, for sibling members and below, allowed for a
  writer;
- methods: the API verbs a case does not offer answer 405 and change nothing;
- actions (API, page, CLI): a record's other verbs (a decision, a recommendation) are refused
  below the role, for sibling members and below, and when they refer to the sibling regency's
  objects; a home writer's has its effect;
- change log: the record's changes (API and history page) are shown to its readers only;
- filters, downloads and search: `?region=` refuses a regency outside one's own (403); the list
  page's download and the search page show the record to its readers only;
- side channels: a home writer's reference to another region's object (an edit, an action, an
  action on the list naming its record) answers exactly as a reference to an object that does
  not exist (same status, same message once the ids are blanked, `hidden.py`); a new record
  referring to the sibling's objects (`foreign_payload`: a membership of another regency's user
  or of the administrator) is refused; pages that name records (`mentioned_on`: an import page's
  allowed values) name them to their readers only;
- CLI: an export with `--actor` shows the record to its readers only; an import or add with
  `--actor` writes only for a home writer, at home, and refuses a file referring to another
  region's objects.
"""

from tangguh.core.testing.scope.case import HOME, MISSING, OTHER, ROLES, Action, ScopeCase, World
from tangguh.core.testing.scope.pages import form_data
from tangguh.core.testing.scope.suite import CHECKS, scope_suite

__all__ = [
    "CHECKS",
    "HOME",
    "MISSING",
    "OTHER",
    "ROLES",
    "Action",
    "ScopeCase",
    "World",
    "form_data",
    "scope_suite",
]
