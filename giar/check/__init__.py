"""Lint rules over the AST: ``giar lint``, ``giar fix``, ``giar rules`` (see docs/linting.md).

``lint_report(report, path, source, config)`` gives the findings of one report;
``lint_files(paths)`` reads, parses and lints files and directories (pairing consecutive
years); ``fix_report(report, path, config, unsafe)`` applies fixes to a fixed point;
``all_rules()`` is the catalogue.
"""

from giar.check.engine import lint_files, lint_report  # noqa: F401
from giar.check.fix import fix_report  # noqa: F401
from giar.check.rule import Finding, Fix, Rule  # noqa: F401
from giar.check.rules import all_rules  # noqa: F401
