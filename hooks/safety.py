"""MkDocs hook (thin adapter): never publish a page that runs code or carries an error."""

from placements.pagesafety import check_page_html, escape_front_matter, tooltip_safe_titles
from placements.templating import check_rendered


def on_page_markdown(markdown, page, config, files):
    page.meta = escape_front_matter(page.meta)
    return markdown


def on_page_content(html, page, config, files):
    check_page_html(html, f"docs/{page.file.src_path}", page.file.dest_uri)
    return html


def on_post_page(output, page, config):
    check_rendered(output, f"docs/{page.file.src_path}")
    return tooltip_safe_titles(output)
