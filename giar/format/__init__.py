"""The format itself: the editions of the national notice and what their grammars say.

The lowest layer of giar: read/, parse/, model/, check/ and write/ depend on it, and it
depends on none of them.

* ``editions()``, ``edition(id)``, ``edition_ids()``, ``edition_for_year(year)``,
  ``current_edition()``: the registry (grammar/editions.toml);
* ``vocabulary(edition)``: the official wording of every label, the tables' rows and
  columns, the sections and their tables, from the edition's grammar;
* ``fold(text)``: the one normalisation labels are compared in;
* ``title_parts(title)``: (agency, year) of a report title;
* ``use_grammar_dir(folder)``: read the format from another folder (a draft notice, a test).
"""

from giar.format.registry import (  # noqa: F401
    Edition, current_edition, edition, edition_for_year, edition_ids, editions, use_grammar_dir,
)
from giar.format.folding import fold  # noqa: F401
from giar.format.title import title_parts  # noqa: F401
from giar.format.vocab import Vocabulary, column_key, vocabulary  # noqa: F401

__all__ = ["Edition", "Vocabulary", "column_key", "current_edition", "edition", "edition_for_year",
           "edition_ids", "editions", "fold", "title_parts", "use_grammar_dir", "vocabulary"]
