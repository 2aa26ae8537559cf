"""Django's model backend, loading the signed-in user with everything every page asks of them in
one query (docs/performance.md, "the fixed cost of a page"):

- their organisation and jurisdiction (the header, the access module);
- their role codes (``User.role_codes``, the menu, ``access.can``; also ``user.roles.all``);
- their organisation and every organisation below it (``access.organisation_ids``);
- the ids of their confirmed two-factor devices (the session's device is checked against them:
  ``accounts.middleware.OTPMiddleware``).

All of it is read again on every request, as before: nothing of a user outlives the request,
so a change of roles, organisation, jurisdiction or devices counts from the next request on.
The statement is written once per database from the models' fields, and the values go through
the converters the ORM applies (they depend on the settings, not on a connection)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.accounts.models import Organisation, Role, User
from tipnet.geo.models import Area

# Codes and ids joined in one column; role codes are RoleCode values (no commas).
SEPARATOR = ","


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = load_user(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


def load_user(pk: int) -> User | None:
    """The user with this id and what every page reads of them (module docstring), or None."""
    using = router.db_for_read(User)
    statement = _statement(using)
    with connections[using].cursor() as cursor:
        cursor.execute(statement.sql, [pk])
        row = cursor.fetchone()
    return None if row is None else statement.user_from(row, using)


def confirmed_device_ids(user: Any) -> frozenset[int] | None:
    """The ids of the user's confirmed TOTP devices as loaded with them, or None when the user
    was not loaded by :func:`load_user` (then ask the database)."""
    return getattr(user, "_confirmed_totp_ids", None)


class _Statement:
    """The SQL of :func:`load_user` for one database, and how to read its row."""

    def __init__(self, using: str) -> None:
        connection = connections[using]
        qn = connection.ops.quote_name
        self.vendor = connection.vendor
        self.parts: list[tuple[type[Model], list[str], list[Any]]] = []
        columns: list[str] = []
        for model, alias in ((User, "u"), (Organisation, "o"), (Area, "j")):
            fields = model._meta.concrete_fields
            columns += [f"{alias}.{qn(str(f.column))}" for f in fields]
            converters = []
            for f in fields:
                col = f.get_col(alias)
                found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                converters.append((found, col) if found else None)
            self.parts.append((model, [f.attname for f in fields], converters))

        def column(model: type[Model], name: str) -> str:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            return qn(str(getattr(field, "column", "")))

        roles = User.roles.through
        user_id, org_id = f"u.{column(User, 'pk')}", f"u.{column(User, 'organisation')}"
        role_codes = self._agg("r." + column(roles, "role"))
        device_ids = self._agg("d." + column(TOTPDevice, "pk"))
        # Names from the models, the id a parameter.
        self.sql = (
            f"SELECT {', '.join(columns)}, "  # noqa: S608
            f"(SELECT {role_codes} FROM {qn(roles._meta.db_table)} r"
            f" WHERE r.{column(roles, 'user')} = {user_id}), "
            f"(SELECT {device_ids} FROM {qn(TOTPDevice._meta.db_table)} d"
            f" WHERE d.{column(TOTPDevice, 'user')} = {user_id}"
            f" AND d.{column(TOTPDevice, 'confirmed')}), "
            f"(WITH RECURSIVE t(id) AS (SELECT {org_id} UNION"
            f" SELECT c.{column(Organisation, 'pk')} FROM {qn(Organisation._meta.db_table)} c"
            f" JOIN t ON c.{column(Organisation, 'parent')} = t.id)"
            f" SELECT {self._agg('t.id')} FROM t) "
            f"FROM {qn(User._meta.db_table)} u"
            f" LEFT JOIN {qn(Organisation._meta.db_table)} o"
            f" ON o.{column(Organisation, 'pk')} = {org_id}"
            f" LEFT JOIN {qn(Area._meta.db_table)} j"
            f" ON j.{column(Area, 'pk')} = u.{column(User, 'jurisdiction')}"
            f" WHERE {user_id} = %s"
        )  # fmt: skip
        self.width = len(columns)

    def _agg(self, expression: str) -> str:
        if self.vendor == "postgresql":
            return f"string_agg(({expression})::text, '{SEPARATOR}')"
        return f"group_concat({expression}, '{SEPARATOR}')"

    def _instance(self, part: int, values: list[Any], using: str) -> Any:
        model, attnames, converters = self.parts[part]
        connection = connections[using]
        for i, found in enumerate(converters):
            if found is not None:
                for converter in found[0]:
                    values[i] = converter(values[i], found[1], connection)
        return model.from_db(using, attnames, values)

    def user_from(self, row: Any, using: str) -> User:
        n_user = len(self.parts[0][1])
        n_org = len(self.parts[1][1])
        values = list(row)
        user = self._instance(0, values[:n_user], using)
        org_values = values[n_user : n_user + n_org]
        area_values = values[n_user + n_org : self.width]
        organisation = self._instance(1, org_values, using) if org_values[0] is not None else None
        jurisdiction = self._instance(2, area_values, using) if area_values[0] is not None else None
        User._meta.get_field("organisation").set_cached_value(user, organisation)
        User._meta.get_field("jurisdiction").set_cached_value(user, jurisdiction)
        roles, devices, subtree = values[self.width :]
        codes = sorted(_split(roles))
        user._role_codes = frozenset(codes)
        # ``user.roles.all()`` (the home page) from the codes, as a prefetch would leave it.
        prefetched = user.roles.all()
        prefetched._result_cache = [Role.from_db(using, ["code"], [code]) for code in codes]
        prefetched._prefetch_done = True
        user._prefetched_objects_cache = {User.roles.field.name: prefetched}
        user._confirmed_totp_ids = frozenset(int(i) for i in _split(devices))
        user._org_subtree = {int(i) for i in _split(subtree)}
        return user


def _split(joined: Any) -> list[str]:
    return [part for part in str(joined).split(SEPARATOR) if part] if joined is not None else []


_STATEMENTS: dict[tuple[str, str], _Statement] = {}


def _statement(using: str) -> _Statement:
    key = (using, connections[using].vendor)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _Statement(using)
    return _STATEMENTS[key]
