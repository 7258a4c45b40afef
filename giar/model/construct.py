"""Positional constructors for the nodes a parse makes by the hundred (cells, spans, lines).

attrs' ``__init__`` for a frozen class sets each field through ``object.__setattr__``:
about 1 µs for a ``Count``, a third of the cost of building a report's AST. Setting the
slots through their own descriptors makes the same object in under half the time. The
result is an ordinary instance (equal, hashable, ``attrs.evolve``-able); only classes
whose fields have no validator, converter or computed default qualify, which is checked.
"""

from __future__ import annotations

from typing import Any, Callable

import attrs


def positional(cls: type) -> Callable:
    """``make(field1, field2, …)``: a ``cls`` with every field given, in declaration order."""
    fields = attrs.fields(cls)
    for f in fields:
        if f.validator is not None or f.converter is not None or f.name not in cls.__dict__:
            raise TypeError(f"{cls.__name__}.{f.name}: no positional constructor for it")
    names = [f.name for f in fields]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{n}": cls.__dict__[n].__set__ for n in names})
    body = "".join(f"    _set_{n}(self, {n})\n" for n in names)
    # Generated, as attrs generates __init__: a loop over setters would cost what it saves.
    exec(f"def make({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n", namespace)
    make = namespace["make"]
    make.__qualname__ = make.__name__ = f"new_{cls.__name__.lower()}"
    make.__doc__ = f"{cls.__name__}({', '.join(names)}), without attrs' __init__."
    return make
