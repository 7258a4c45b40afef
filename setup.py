"""Build: the parser's hot modules compiled with mypyc where that works, pure Python otherwise.

giar is a Python package; pyproject.toml says everything about it except this. mypyc
(mypy's compiler, which black is built with) turns the modules a parse spends its time in
(label folding, the lexer and its fuzzy matching, the grammar tables and LALR step, the
tree and AST builders and their constructors, the source lines, edition detection, the
text readers and their table-line layout) into C extension modules, from the same type-checked source, and
parsing runs about 2.5× as fast (see README.md, "Speed"). The Python source is
installed beside them either way, and they are left out, with a note, when:

* ``GIAR_PURE_PYTHON=1`` is set;
* the install is editable (``pip install -e .``): edits to the source must take effect;
* mypyc cannot type-check the modules, or there is no C compiler or Python headers.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = [
    "giar/format/arithmetic.py",
    "giar/format/folding.py",
    "giar/model/construct.py",
    "giar/parse/lexer.py",
    "giar/parse/fuzzy.py",
    "giar/parse/build.py",
    "giar/parse/lalr.py",
    "giar/parse/grammar.py",
    "giar/read/edition.py",
    "giar/read/source.py",
    "giar/read/text.py",
    "giar/read/converted.py",
    "giar/read/layout.py",
]


def note(message: str) -> None:
    print(f"giar: {message}", file=sys.stderr)


def compiled_modules() -> list:
    if os.environ.get("GIAR_PURE_PYTHON") == "1":
        note("GIAR_PURE_PYTHON=1: installing pure Python")
        return []
    # Only a wheel build compiles (pip also runs this file for metadata, and for editable
    # installs, where a compiled module would hide edits to its source).
    if not any(command in sys.argv for command in ("bdist_wheel", "build_ext", "build")):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        note("mypyc is not installed: installing pure Python")
        return []
    try:
        return mypycify(COMPILED, opt_level="3")
    except (Exception, SystemExit) as error:  # mypyc exits on a type error
        note(f"mypyc could not compile ({error}): installing pure Python")
        return []


class OptionalBuildExt(build_ext):
    """Compile if possible; otherwise leave the pure-Python package whole (all or none:
    mypyc's modules share one support library, so a partial build would not import)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # no compiler, no Python headers, a compile error
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            note(f"compiling failed ({error}): installing pure Python")


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
