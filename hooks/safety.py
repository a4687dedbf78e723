"""MkDocs hook (thin adapter): never publish a page that carries a template error message."""

from placements.templating import check_rendered


def on_post_page(output, page, config):
    check_rendered(output, f"docs/{page.file.src_path}")
    return output
