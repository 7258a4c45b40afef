"""The AST of a report and its JSON interchange form."""
