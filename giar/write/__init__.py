"""Writers: the AST → canonical Markdown and the publication formats."""
