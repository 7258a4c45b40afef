"""giar: a grammar-based compiler for China's government information disclosure annual reports."""

__version__ = "0.1.0"


def build() -> str:
    """How this installation parses: ``compiled`` when the parser's hot modules were
    compiled with mypyc at install time (see setup.py), else ``pure Python``."""
    from giar.parse import lexer

    return "pure Python" if lexer.__file__.endswith(".py") else "compiled"
