"""The rule catalogue: one module per group, listed once, here, in catalogue order.

Each group module defines its rules as ``Rule`` subclasses with a code of its group
(``GS…`` in structure.py); the catalogue is every such class, in the order of
``GROUP_MODULES`` and by code within a group. Nothing registers itself on import:
``all_rules()`` is built from the modules below.
"""

from __future__ import annotations

import inspect
from types import ModuleType

from giar.check.rule import GROUPS, Rule
from giar.check.rules import arithmetic, consistency, crossyear, data, structure, typography

#: The group modules, in the order of ``GROUPS`` (GS GD GA GC GT GX).
GROUP_MODULES: tuple[tuple[str, ModuleType], ...] = (
    ("GS", structure),
    ("GD", data),
    ("GA", arithmetic),
    ("GC", consistency),
    ("GT", typography),
    ("GX", crossyear),
)


def _rules_of(group: str, module: ModuleType) -> list[type[Rule]]:
    """The rules a group module defines (not those it imports), by code."""
    found = [obj for _, obj in inspect.getmembers(module, inspect.isclass)
             if issubclass(obj, Rule) and obj.code and obj.__module__ == module.__name__]
    for cls in found:
        if cls.code[:2] != group:
            raise ValueError(f"{cls.code} is defined in {module.__name__}, the module of {group}")
    return sorted(found, key=lambda cls: cls.code)


def _catalogue() -> tuple[type[Rule], ...]:
    if [g for g, _ in GROUP_MODULES] != list(GROUPS):
        raise ValueError("GROUP_MODULES must list the groups of GROUPS, in order")
    out: list[type[Rule]] = []
    seen: dict[str, type[Rule]] = {}
    for group, module in GROUP_MODULES:
        for cls in _rules_of(group, module):
            if cls.code in seen:
                raise ValueError(f"duplicate rule code {cls.code}: {seen[cls.code].__name__}, {cls.__name__}")
            seen[cls.code] = cls
            out.append(cls)
    return tuple(out)


CATALOGUE: tuple[type[Rule], ...] = _catalogue()

#: code → rule class.
RULES: dict[str, type[Rule]] = {cls.code: cls for cls in CATALOGUE}


def all_rules() -> list[type[Rule]]:
    """The catalogue, in order: GS, GD, GA, GC, GT, GX, and by code within each."""
    return list(CATALOGUE)


__all__ = ["CATALOGUE", "GROUP_MODULES", "RULES", "all_rules"]
