"""giar: a grammar-based compiler for China's government information disclosure annual reports."""

__version__ = "0.1.0"
