"""Templates fail loudly: an error in any page stops the build, names page and line,
and leaves the previously published site exactly as it was."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from placements.build import Project
from placements.templating import finalize, trusted

from .conftest import refused_build

CASES = [
    ("workbook.md", "{{ coordinator_nmae }}", "coordinator_nmae"),
    ("workbook.md", "{{ coordinator_role | lowre }}", "lowre"),
    ("workbook.md", "{% endif %}", "template syntax error"),
    ("workbook.md", "{{ config.site_nmae }}", "site_nmae"),
    ("services/index.md", "{{ service_page('no-such-service') }}", "a macro failed: KeyError"),
    ("services/index.md", "{{ coordinator_nmae }}", "coordinator_nmae"),
    # the seventeenth security trial: a typo inside a list or mapping printed [Undefined]
    ("workbook.md", "{{ [coordinator_nmae] }}", "coordinator_nmae"),
    ("workbook.md", "{{ {'who': coordinator_nmae} }}", "coordinator_nmae"),
    ("workbook.md", "{{ 'by ' ~ [coordinator_nmae] }}", "coordinator_nmae"),
    ("workbook.md", "{{ [coordinator_nmae] | string }}", "coordinator_nmae"),
]


@pytest.mark.parametrize(("page", "line", "named"), CASES)
def test_an_error_in_a_page_fails_the_build_naming_page_and_line(
    published: Project, page: str, line: str, named: str
) -> None:
    message = refused_build(published, page, line)
    assert f"docs/{page}:3:" in message
    assert named in message


def test_page_variables_are_text_but_macro_output_is_markup() -> None:
    assert finalize("<b>Ward</b> & *x*") == r"&lt;b&gt;Ward&lt;/b&gt; &amp; \*x\*"
    assert finalize(None) == ""
    assert finalize(Markup("<p>ok</p>")) == "<p>ok</p>"
    made = trusted(lambda: "<p>snippet</p>")
    assert isinstance(made(), Markup) and made() == "<p>snippet</p>"
    assert trusted(made) is made


def test_error_message_headings_are_refused() -> None:
    from mkdocs.exceptions import PluginError

    from placements.templating import check_rendered

    check_rendered("<h1>Safeguarding</h1>", "docs/x.md")
    with pytest.raises(PluginError, match="docs/x.md"):
        check_rendered("<h1>Macro Rendering Error</h1>", "docs/x.md")


def test_other_macros_are_escaped_and_debugging_macros_hidden() -> None:
    from types import SimpleNamespace

    import jinja2

    from placements.templating import prepare_page

    env = jinja2.Environment()
    plugin = SimpleNamespace(
        env=env,
        macros={
            "fix_url": lambda: "<b>raw</b>",
            "snippet": lambda: "<p>ok</p>",
            "macros_info": lambda: "<b>every variable</b>",
        },
        variables={"learners": "<i>x</i>"},
        markdown="{{ snippet() }} {{ fix_url() }} {{ learners }}",
        page=SimpleNamespace(file=SimpleNamespace(src_path="x.md"), meta={}),
        conf={"docs_dir": "/p/docs"},
    )
    env.globals.update(plugin.macros)
    prepare_page(plugin)
    assert plugin._env is not env  # pages are rendered in the sandbox put in its place
    rendered = plugin._env.from_string(plugin.markdown).render(**plugin.variables)
    assert rendered == "<p>ok</p> &lt;b&gt;raw&lt;/b&gt; &lt;i&gt;x&lt;/i&gt;"
    assert "macros_info" not in plugin._env.globals  # debugging macros are not in pages
