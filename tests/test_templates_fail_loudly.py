"""Templates fail loudly: an error in any page stops the build, names page and line,
and leaves the previously published site exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from placements.build import Project, build
from placements.problems import BuildError
from placements.templating import finalize, trusted


@pytest.fixture(scope="module")
def published(built: Project, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the built project, outputs included (no second full build)."""
    root = tmp_path_factory.mktemp("loud") / "project"
    shutil.copytree(built.root, root)
    return Project(root)


def _snapshot(project: Project) -> dict[Path, bytes]:
    return {
        p: p.read_bytes()
        for p in [*project.site.rglob("*"), *project.private.rglob("*")]
        if p.is_file()
    }


CASES = [
    ("workbook.md", "{{ coordinator_nmae }}", "coordinator_nmae"),
    ("workbook.md", "{{ coordinator_role | lowre }}", "lowre"),
    ("workbook.md", "{% endif %}", "template syntax error"),
    ("workbook.md", "{{ config.site_nmae }}", "site_nmae"),
    ("services/index.md", "{{ service_page('no-such-service') }}", "a macro failed: KeyError"),
    ("services/index.md", "{{ coordinator_nmae }}", "coordinator_nmae"),
]


@pytest.mark.parametrize(("page", "line", "named"), CASES)
def test_an_error_in_a_page_fails_the_build_naming_page_and_line(
    published: Project, page: str, line: str, named: str
) -> None:
    source = published.root / "docs" / page
    original = source.read_text(encoding="utf-8")
    lines = original.splitlines()
    lines.insert(2, line)  # becomes line 3 of the page
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _snapshot(published)
    try:
        with pytest.raises(BuildError) as caught:
            build(published)
    finally:
        source.write_text(original, encoding="utf-8")
    message = str(caught.value)
    assert f"docs/{page}:3:" in message
    assert named in message
    assert _snapshot(published) == before
    assert not (published.root / ".build-tmp").exists()


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


def test_debug_macros_that_print_content_are_not_trusted() -> None:
    from types import SimpleNamespace

    import jinja2

    from placements.templating import prepare_page

    env = jinja2.Environment()
    plugin = SimpleNamespace(
        env=env,
        macros={"macros_info": lambda: "<b>raw</b>", "snippet": lambda: "<p>ok</p>"},
        variables={"learners": "<i>x</i>"},
        markdown="{{ snippet() }} {{ macros_info() }} {{ learners }}",
        page=SimpleNamespace(file=SimpleNamespace(src_path="x.md"), meta={}),
        conf={"docs_dir": "/p/docs"},
    )
    env.globals.update(plugin.macros)
    prepare_page(plugin)
    rendered = env.from_string(plugin.markdown).render(**plugin.variables)
    assert rendered == "<p>ok</p> &lt;b&gt;raw&lt;/b&gt; &lt;i&gt;x&lt;/i&gt;"
