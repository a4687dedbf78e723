"""mkdocs-macros entry point (thin adapter): page snippets from the validated content.

Each macro takes no content of its own; it calls :mod:`placements.web` with the model
loaded by :func:`placements.site.content_for`. Officers' names are never available here.
"""

from placements import leaflet as leaflet_versions
from placements import web
from placements.site import content_for
from placements.templating import prepare_page, restore_title


def define_env(env):
    """Register the macros and a few variables for the pages (mkdocs-macros hook)."""
    content = content_for(env.conf)
    scheme = content.scheme
    env.variables["trust_name"] = scheme.trust.name
    env.variables["partner_name"] = scheme.partner.name
    env.variables["learners"] = scheme.partner.learners
    env.variables["coordinator_role"] = scheme.coordinator.role
    env.variables["leaflet_easy_read_title"] = content.leaflet.easy_read_title

    @env.macro
    def home() -> str:
        return web.home(content)

    @env.macro
    def induction() -> str:
        return web.induction(content)

    @env.macro
    def placement() -> str:
        return web.placement(content)

    @env.macro
    def services_index() -> str:
        return web.services_index(content)

    @env.macro
    def service_page(slug: str) -> str:
        return web.service_page(content, slug)

    @env.macro
    def safeguarding() -> str:
        return web.safeguarding(content)

    leaflet_pdfs = [(v.label, f"downloads/{v.filename}", v.note) for v in leaflet_versions.VERSIONS]

    @env.macro
    def leaflet() -> str:
        return web.leaflet(content, leaflet_pdfs, f"{leaflet_versions.EASY_READ_PAGE}.md")

    @env.macro
    def leaflet_easy_read() -> str:
        easy = leaflet_versions.EASY_READ
        return web.leaflet_easy_read(content, {easy.label: f"downloads/{easy.filename}"})

    @env.macro
    def glossary() -> str:
        return web.glossary(content)

    @env.macro
    def review_note(file: str = "scheme") -> str:
        """The owner and review dates of a content file: "scheme", "leaflet", "services/<slug>"..."""
        return web.review_note(web.review_of(content, file))

    @env.macro
    def workbook_downloads() -> str:
        return str(web.downloads_list({"Blank workbook, A4 (PDF)": "downloads/workbook-blank.pdf"}))

    @env.macro
    def outcomes() -> str:
        return web.outcomes(content)


def on_pre_page_macros(env):
    """Escape page variables, trust only macros, and fail on any error with page:line."""
    prepare_page(env)


def on_post_page_macros(env):
    """Let MkDocs take a page's title from its rendered heading (escaped as HTML)."""
    restore_title(env)
