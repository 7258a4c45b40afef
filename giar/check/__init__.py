"""Lint rules over the AST."""
