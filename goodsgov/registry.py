"""The registry of migration areas: one entry per area of migration governance.

An *area* is a kind of migration that states govern (refugee protection,
irregular migration, skilled labour migration, ...) with the function that
builds its scenario. :func:`goodsgov.table1`, the ``goodsgov`` command and
:func:`goodsgov.sweep` (by name) read the areas from here, so a
researcher's own area (family migration, student mobility) is one
:func:`register_area` call away from every table. Betts's (2010) three rows
are registered through the same call, with the published level and good of
his Table 1 (shipped as ``goodsgov/data/table1.csv``).

Packages can register areas when goodsgov first lists them, through the
entry-point group ``goodsgov.areas``: each entry point names a function of
no arguments that calls :func:`register_area`.

>>> import goodsgov as gg
>>> [a.key for a in gg.areas()][:3]
['refugee_protection', 'irregular_migration', 'skilled_labour']
>>> def family_migration(**kw):
...     return gg.refugee_protection(excludability=0.6, rivalry=0.3, **kw)
>>> gg.register_area("family_migration", family_migration, label="Family migration").published_level is None
True
>>> gg.table1(areas=["family_migration"])["main_level_of_governance"].tolist()
['Regional']
>>> gg.unregister_area("family_migration")
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata, resources

from .errors import invalid, unknown_choice

__all__ = ["Area", "areas", "area", "register_area", "unregister_area", "published_rows",
           "ENTRY_POINT_GROUP"]

#: The entry-point group through which installed packages register areas.
ENTRY_POINT_GROUP = "goodsgov.areas"

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Area:
    """One migration area: its ``key`` (a Python identifier in lower case),
    the ``constructor`` building its scenario (keyword arguments only, among
    them ``states``), its ``label`` in tables, and the level and type of good
    Betts (2010, Table 1) published for it (``None`` where he has no row)."""

    key: str
    constructor: Callable
    label: str
    published_level: str | None = None
    published_good: str | None = None


_REGISTRY: dict[str, Area] = {}


def register_area(key: str, constructor: Callable, *, label: str | None = None,
                  published_level: str | None = None, published_good: str | None = None,
                  replace: bool = False) -> Area:
    """Register a migration area (see the module docstring); returns its :class:`Area`.

    ``replace``: allow replacing an area already registered under ``key``.
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise invalid("key", key,
                              "must be a lower-case identifier (letters, digits, underscores)")
    if not callable(constructor):
        raise invalid("constructor", constructor,
                              "must be a function building a goodsgov.Scenario")
    if label is None:
        label = key.replace("_", " ").capitalize()
    for name, value in (("label", label), ("published_level", published_level),
                        ("published_good", published_good)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise invalid(name, value, "must be a non-empty string or None")
    _ensure_registered()
    if key in _REGISTRY and not replace:
        raise invalid("key", key, "is registered already (pass replace=True to replace it)")
    entry = Area(key, constructor, label, published_level, published_good)
    _REGISTRY[key] = entry
    return entry


def unregister_area(key: str) -> None:
    """Remove the area ``key`` from the registry."""
    area(key)
    del _REGISTRY[key]


def areas() -> tuple[Area, ...]:
    """The registered areas, in the order they were registered (Betts's three first)."""
    _ensure_registered()
    return tuple(_REGISTRY.values())


def area(key: str) -> Area:
    """The area registered under ``key`` (a library error with close matches otherwise)."""
    _ensure_registered()
    if isinstance(key, str) and key in _REGISTRY:
        return _REGISTRY[key]
    raise unknown_choice("area", key, _REGISTRY)


def published_rows() -> list[dict[str, str]]:
    """Betts (2010), Table 1, as published: one dict per row, with its area's key."""
    import csv
    with resources.files("goodsgov").joinpath("data/table1.csv").open("r", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_registered = False


def _ensure_registered() -> None:
    """On first use: Betts's rows (each published row's area key names its constructor in
    :mod:`goodsgov.canonical`), survival migration (Betts's fourth area, with no published
    row: :mod:`goodsgov.survival`), then every hook of the ``goodsgov.areas`` entry-point group.
    (Lazily, so that importing this module, as ``goodsgov --help`` does, stays cheap.)"""
    global _registered
    if _registered:
        return
    _registered = True
    from . import canonical, survival
    for row in published_rows():
        register_area(row["area"], getattr(canonical, row["area"]),
                      label=row["type_of_migration_governance"],
                      published_level=row["main_level_of_governance"],
                      published_good=row["type_of_good"])
    register_area("survival_migration", survival.survival_migration, label="Survival migration")
    for hook in metadata.entry_points(group=ENTRY_POINT_GROUP):
        hook.load()()
