"""MkDocs hook (thin adapter): explain abbreviations on hover on every page."""

from placements.site import explain_abbreviations


def on_page_content(html, page, config, files):
    return explain_abbreviations(html, config)
