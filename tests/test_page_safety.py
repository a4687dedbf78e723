"""Pages in docs/ are code written by people: they run in a sandbox and may not hold scripts.

- Template syntax in a page runs in Jinja's sandbox (``PageSandbox``): the well-known
  ways out to Python (``cycler.__init__.__globals__.os``, ``lipsum.__globals__``, a
  method of the MkDocs config or a plugin) stop the build at the page and line, and the
  command they carry never runs (no file appears), even though the build is refused.
- HTML that can run code (``<script>``, ``on...=``, ``javascript:`` links, also made
  through ``attr_list`` or by a template) is reported by ``placements check`` with page,
  line and column, and refused by the build if it reaches a page any other way.
- Symbolic links in ``content/`` and ``docs/`` are refused, shown where they are.
- Markdown pictures in a content field are refused instead of silently eating text.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SecurityError
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from placements.build import Project, build, check
from placements.pagesafety import (
    check_page_html,
    escape_front_matter,
    tooltip_safe_titles,
    unsafe_markup,
)
from placements.problems import BuildError
from placements.templating import finalize, sandbox_of, trusted

from .conftest import outputs, refused_build

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.system('touch MARK') }}",
    "{{ lipsum.__globals__['os'].system('touch MARK') }}",
    "{{ joiner.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ namespace.__init__.__globals__.sys.modules.os.system('touch MARK') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{% set p = config.plugins['macros'] %}{{ p.render('x') }}",
    "{{ config.plugins['macros'].env.globals.update({'x': 1}) }}",
    "{{ config.theme.get_env().from_string('{{7*7}}').render() }}",
    # MkDocs' plugin collection is a dict subclass: its methods are not a plain dict's.
    "{{ config.plugins.run_event('post_build', config=namespace(site_dir='MARK')) }}",
    "{{ git.author_email }}",  # commit authors' details are personal data
    "{{ environment.system }}",
    # the seventh trial: by key, Jinja's sandbox checked nothing; objects were printed
    "{{ config['plugins'] }}",
    "{{ config['hooks'] }}",
    "{{ config['plugins']['macros'].env }}",
    "{{ config.docs_dir }}",  # the build machine's paths are not page data
    "{{ page.file.abs_src_path }}",
    "{{ page['file'] }}",
    "{{ page|attr('file') }}",
    "{{ [page]|map(attribute='file')|list }}",
    "{{ context(page) }}",  # mkdocs-macros' debugging macros are not in pages
    "{{ macros_info() }}",
    "{{ macros }}",  # mkdocs-macros' lists of functions
    "{{ 5|pretty }}",  # its debugging filter (a traceback with server paths on error)
    # the eighth trial: objects printed as Python shows them, the build machine's clock
    "{{ lipsum }}",
    "{{ home }}",
    "{{ page }}",
    "{{ [cycler] }}",
    "{{ '%s'|format(page) }}",
    "{{ 'x'|replace('x', page) }}",
    "{{ '%s' % (page,) }}",
    "{{ page|tojson }}",
    "{{ now() }}",
    # string concatenation compiles to a join no sandbox hook saw
    "{{ 'x' ~ cycler }}",
    "{% set shown = page ~ '' %}{{ shown }}",
]


@pytest.mark.parametrize("line", ESCAPES)
def test_template_escapes_stop_the_build_and_run_nothing(
    published: Project, tmp_path: Path, line: str
) -> None:
    mark = tmp_path / "ran"
    message = refused_build(published, "workbook.md", line.replace("MARK", str(mark)))
    assert "docs/workbook.md:3:" in message
    assert not mark.exists()
    assert len(message) < 600  # no dump of a whole object


def test_what_a_page_can_print_is_plain_data(published: Project) -> None:
    page = published.root / "docs" / "workbook.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(
        original + "\n{{ config }} {{ config|pprint }} {{ config|dictsort }}"
        " {{ page.title }} {{ page.meta }} {{ config.get('site_name') }}\n",
        encoding="utf-8",
    )
    try:
        build(published)
    finally:
        page.write_text(original, encoding="utf-8")
    html = (published.site / "workbook.html").read_text(encoding="utf-8")
    assert "{'site_name': 'Police placement scheme'," in html  # the configuration, as data
    for leak in [str(published.root), "object at 0x", "&lt;module", "&lt;function", "Plugin"]:
        assert leak not in html, leak


def _sandbox() -> jinja2.Environment:
    env = sandbox_of(jinja2.Environment(undefined=jinja2.StrictUndefined))
    macro = trusted(lambda: "<b>made by a macro</b>")
    env.globals["made"] = macro
    env.allow(macro)
    return env


def test_the_sandbox_still_renders_what_pages_use() -> None:
    env = _sandbox()
    page = (
        "{{ 'ward' | upper }} {{ 'a,b'.split(',') | join('+') }} {{ range(3) | list }} {{ made() }}"
        " {{ 'week ' ~ 2 ~ ': ' ~ made() }} {{ 1234567 | round | int }} {{ '%5.1f%%' % 12.34 }}"
    )
    assert env.from_string(page).render() == (
        "WARD a+b [0, 1, 2] <b>made by a macro</b> week 2: <b>made by a macro</b> 1234567  12.3%"
    )
    env.finalize = finalize  # as pages have it: a range prints as the list it is
    printed = env.from_string("{{ range(3) }} {{ [range(2)] }} {{ 'w' ~ range(2) }}").render()
    assert printed == r"\[0, 1, 2\] \[\[0, 1\]\] w\[0, 1\]"


class _AttrDict(dict):
    pass


class _Plugin:
    def render(self, text: str) -> str:
        return text


@pytest.mark.parametrize(
    "page",
    [
        "{{ plugin.render('x') }}",  # a method of an object that is not plain data
        "{{ cycler.__init__ }}",
        "{% set x = [] %}{{ x.append(1) }}",  # changing a list in place
        "{{ unlisted() }}",  # a callable given as a variable, not allowed
        "{{ attrdict.keys() }}",  # a dict subclass's methods
        "{{ ('x' * 10**7) | length }}",  # memory
        "{{ [0] * 100000 }}",
        "{{ 10 ** 100000 }}",  # CPU
        "{{ 'x' | center(10**7) }}",  # memory, through a filter's setting
        "{{ 'x'.ljust(10**7) }}",  # through a method of text
        "{{ '%10000000s' % 'x' }}",  # through a format width
        "{{ '%.1000000f' | format(1.5) }}",
        "{{ '%*s' % (10000000, 'x') }}",
    ],
)
def test_the_sandbox_refuses_calls_outside_the_allowed(page: str) -> None:
    env = _sandbox()
    with pytest.raises(SecurityError):
        env.from_string(page).render(plugin=_Plugin(), unlisted=lambda: "x", attrdict=_AttrDict())


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<img src=x onerror="alert(1)">', "onerror="),
        ("<svg><a xlink:href='javascript:alert(1)'>x</a></svg>", "javascript: address"),
        ('<a href=" jAvA&#x09;sCrIpT:alert(1)">x</a>', "javascript: address"),
        ("<iframe srcdoc='&lt;script&gt;'></iframe>", "<iframe>"),
        ('<meta http-equiv="refresh" content="0;url=https://example.org">', "refresh"),
        ("[x](javascript:alert(1))", "javascript: address"),
        # the seventh trial: a reference definition, a character reference
        ("[r]: javascript:alert(1)", "javascript: address"),
        ('[x](index.md){ data-preview="" }', "data- attribute"),
        ("[x](&#106;avascript:alert(1))", "javascript: address"),
        ("[x]( <data:text/html,hi>)", "data: address"),
        ("# Heading {: onclick='alert(1)' }", "event-handler attribute in {: ... }"),
        ("<object data='x.swf'></object>", "<object>"),
        ("<!--> <img src=x onerror=alert(1)> -->", "browsers read this comment form"),
        ("<![CDATA[ ><img src=x onerror=alert(1)> ]]>", "browsers read this comment form"),
        (
            "<svg><a><animate attributeName=href values='javascript:alert(1)'/></a></svg>",
            "animation of <animate>",
        ),
        ("<style>.x::after{content:'hidden words'}</style>", "<style>"),
        ('<span style="direction:rtl">x</span>', "style="),
        ("Han<span hidden>q</span>nah", "hidden="),
        ('<form action="https://example.org/"><input name=q></form>', "<form>"),
        ('<img src="https://tracker.example/pixel.gif" alt="">', "loading from another site"),
    ],
)
def test_html_that_runs_code_is_found(text: str, what: str) -> None:
    found = unsafe_markup("Some words.\n" + text)
    assert found, text
    assert {f.line for f in found} == {2}
    assert any(what in f.what for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "<details><summary>More</summary><p>Text</p></details>",
        '<a href="https://example.org/x?onerror=1">onclick= is only text here</a>',
        '<img src="data:image/png;base64,AAAA" alt="">',
        "[the ward](services/maple-ward.md) and ![a picture](assets/x.png)",
        "Write javascript: in a sentence; it is text.",
    ],
)
def test_safe_html_and_markdown_are_not_flagged(text: str) -> None:
    assert unsafe_markup(text) == []


def test_check_locates_a_script_in_a_page(project: Project) -> None:
    page = project.root / "docs" / "workbook.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nText <b onmouseover=alert(1)>x</b>\n")
    last = len(page.read_text(encoding="utf-8").splitlines())
    _, problems = check(project)
    found = [p for p in problems if p.path == "docs/workbook.md"]
    assert [(p.line, p.column) for p in found] == [(last, 6)]
    assert "onmouseover=" in found[0].message and found[0].severity.value == "error"


def test_a_script_made_by_the_template_is_refused_by_the_build(published: Project) -> None:
    source = published.root / "docs" / "workbook.md"
    original = source.read_text(encoding="utf-8")
    # The source holds no javascript: address; the rendered page would.
    source.write_text(original + '\n[x]({{ "java" }}script:alert(1))\n', encoding="utf-8")
    before = outputs(published)
    try:
        _, problems = check(published)
        assert not [p for p in problems if p.path.startswith("docs/")]
        with pytest.raises(BuildError, match=r"docs/workbook.md: a javascript: address"):
            build(published)
    finally:
        source.write_text(original, encoding="utf-8")
    assert outputs(published) == before


def test_symbolic_links_in_content_and_docs_are_refused(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text("name: x\n", encoding="utf-8")
    (project.content / "services" / "linked-ward.yaml").symlink_to(secret)
    (project.root / "docs" / "assets" / "passwd.txt").symlink_to(secret)
    _, problems = check(project)
    shown = {p.path: p.message for p in problems}
    link = str(Path("content/services/linked-ward.yaml"))
    assert any(path.endswith(link) and "symbolic link" in m for path, m in shown.items()), shown
    assert "symbolic link" in shown["docs/assets/passwd.txt"]
    assert not any(str(outside) in p.path for p in problems)


def test_a_markdown_picture_in_a_field_is_refused(project: Project) -> None:
    scheme = project.content / "scheme.yaml"
    lines = scheme.read_text(encoding="utf-8").splitlines()
    at = lines.index("summary: |")
    lines.insert(at + 2, '  Words ![im](x" onerror="alert(8)) after.')
    scheme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = check(project)
    found = [p for p in problems if p.path.endswith("scheme.yaml")]
    assert [p.field for p in found] == ["summary"]
    assert "pictures" in found[0].message and "line 2 of the text" in found[0].message
    assert found[0].line == at + 1


def test_macro_output_stays_markup() -> None:
    assert isinstance(trusted(lambda: "<b>x</b>")(), Markup)


def test_front_matter_may_only_use_known_keys(project: Project) -> None:
    page = project.root / "docs" / "workbook.md"
    page.write_text("---\ntitle: Notes\ntemplate: x.html\n---\n" + page.read_text("utf-8"))
    _, problems = check(project)
    found = [p for p in problems if p.path == "docs/workbook.md"]
    assert [(p.line, p.field) for p in found] == [(3, "front matter: template")]
    assert "title" in found[0].message


def test_front_matter_text_is_escaped_for_the_theme() -> None:
    meta = {"title": "<img src=x onerror=alert(1)>", "hide": ["toc"], "search": {"x": "a&b"}}
    assert escape_front_matter(meta) == {
        "title": "&lt;img src=x onerror=alert(1)&gt;",
        "hide": ["toc"],
        "search": {"x": "a&amp;b"},
    }


def test_svg_files_are_not_allowed_in_docs(project: Project) -> None:
    """Browsers read SVG as XML (namespaces, entities, XSLT): the third security trial ran
    script through all three, so docs/ takes raster pictures only."""
    (project.root / "docs" / "assets" / "safe.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>\n'
    )
    _, problems = check(project)
    found = [(p.path, p.message) for p in problems if p.path.startswith("docs/assets/")]
    assert [path for path, _ in found] == ["docs/assets/safe.svg"]
    assert "move it out of docs/" in found[0][1]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            '<noscript><p class="</noscript><img src=x onerror=alert(1)>">x</p></noscript>',
            "<noscript>",
        ),
        ('A<bdo dir="rtl">del</bdo>', "<bdo>"),
        ('<math dir="rtl"><mtext>d</mtext></math>', "<math>"),
        ('<p dir="rtl">x</p>', "dir="),
        ("<svg><text>x</text></svg>", "<svg>"),
    ],
)
def test_pages_may_use_only_simple_html(text: str, what: str) -> None:
    found = unsafe_markup(text)
    assert found and what in found[0].what, found


def test_titles_without_a_space_before_them_are_escaped_too() -> None:
    page = '<abbr class="a"title="<img src=x onerror=alert(1)>">XX</abbr>'
    assert tooltip_safe_titles(page) == (
        '<abbr class="a"title="&amp;lt;img src=x onerror=alert(1)&amp;gt;">XX</abbr>'
    )


@pytest.mark.parametrize("before", ['class="/title="', "alt=' title='", 'class="x title=y"'])
def test_title_inside_another_value_is_not_taken_for_the_title(before: str) -> None:
    """The fifth security trial hid the real title behind ' title=' in another value."""
    page = f'<a href="#" {before} title="&lt;img src=x onerror=alert(3)&gt;">three</a>'
    assert tooltip_safe_titles(page) == (
        f'<a href="#" {before} title="&amp;lt;img src=x onerror=alert(3)&amp;gt;">three</a>'
    )


def test_titles_after_a_quote_in_an_unquoted_value_are_escaped_too() -> None:
    """Browsers accept class=a"b: the fourth security trial hid a title behind it."""
    page = '<a href="#x" class=a"b title="&lt;img src=x onerror=alert(11)&gt;">h</a>'
    assert tooltip_safe_titles(page) == (
        '<a href="#x" class=a"b title="&amp;lt;img src=x onerror=alert(11)&amp;gt;">h</a>'
    )


@pytest.mark.parametrize(
    "html",
    [
        '<p>A<em style="unicode-bidi:bidi-override;direction:rtl">del</em></p>',  # {: style=}
        "<p hidden>Aled</p>",
        '<div id="__config">{"translations": {}}</div>',  # Material's settings
        '<div data-md-component="tooltip">x</div>',
        # the eighth trial: the theme's floats put letters in another order than written
        '<p>A<strong class="md-content__button">e</strong>l</p>',
        '<div class="admonition note inline end"><p>x</p></div>',  # a floating note
        '<a data-preview="" href="x.html">x</a>',  # the tenth trial: Material's previews
    ],
)
def test_built_pages_may_not_hold_what_attr_list_can_add(html: str) -> None:
    with pytest.raises(PluginError):
        check_page_html(html, "docs/x.md")


@pytest.mark.parametrize(
    ("html", "page"),
    [
        # the nineteenth trial: a link from the site to a file left in content/ ran its
        # script when the site was previewed from the project
        ('<a href="../content/evil.html">evil</a>', "links.html"),
        ('<a href="../../content/evil.html">evil</a>', "services/cert.html"),
        ('<img alt="x" src="/tmp/x.png">', "index.html"),
        ('<a href="%2e%2e/content/x.html">x</a>', "index.html"),
        ('<a href="..\\content\\x.html">x</a>', "index.html"),
        ('<a href=" ../x.html">x</a>', "index.html"),
        ('<img alt="x" srcset="a.png 1x, ../b.png 2x">', "index.html"),
        ('<a href="//host/share/x.html">x</a>', "index.html"),
    ],
)
def test_built_pages_may_not_lead_out_of_the_site(html: str, page: str) -> None:
    with pytest.raises(PluginError, match="leads out of the site"):
        check_page_html(html, "docs/x.md", page)


def test_built_pages_may_link_within_the_site_and_to_other_sites() -> None:
    check_page_html(
        '<a href="../index.html#top">up</a><img alt="x" src="../assets/a.png">'
        '<a href="https://www.nhs.uk/">NHS</a><a href="mailto:x@nhs.net">mail</a>'
        '<a href="#here">here</a><a href="cert.html?x=../../y">cert</a>',
        "docs/services/x.md",
        "services/x.html",
    )


def test_built_pages_may_hold_the_classes_of_notes_tabs_code_and_buttons() -> None:
    check_page_html(
        '<div class="admonition warning"><p class="admonition-title">Careful</p></div>'
        '<div class="tabbed-set tabbed-alternate"><div class="tabbed-labels"></div></div>'
        '<div class="language-python highlight"><pre><code><span class="nb">print</span>'
        '</code></pre></div><a class="md-button md-button--primary" href="x">Get it</a>'
        '<div class="grid cards"><p class="lead">From a macro</p></div>',
        "docs/x.md",
    )


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ('A<strong class="md-content__button">e</strong>l', 2),
        ("Text **e**{ .md-content__button } here.", 11),
        ('Text{: class="lead md-typeset__scrollwrap" }', 5),
        ('!!! note inline end "Aside"', 1),
        ("```{ .python .md-x }", 4),
    ],
)
def test_check_finds_classes_of_the_theme_in_a_page(text: str, column: int) -> None:
    found = unsafe_markup("Some words.\n" + text)
    assert [(f.line, f.column) for f in found] == [(2, column)]
    assert "the theme's classes move or hide text" in found[0].what


@pytest.mark.parametrize(
    "text",
    ["!!! tip", '??? warning "Careful"', "```{ .python }", "[Get it](x.md){ .md-button }"],
)
def test_check_leaves_the_classes_pages_may_use(text: str) -> None:
    assert unsafe_markup(text) == []


def test_a_broken_link_is_reported_as_the_warning_it_is(published: Project) -> None:
    message = refused_build(published, "workbook.md", "See [the plan](no-such-page.md).")
    assert "MkDocs warned, and the build allows no warnings" in message
    assert "contains a link 'no-such-page.md'" in message


def test_pdfs_and_text_not_in_utf8_are_refused_in_docs(project: Project) -> None:
    assets = project.root / "docs" / "assets"
    (assets / "notes.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (assets / "notes.txt").write_bytes("Ａｌｅｄ".encode("shift_jis"))
    _, problems = check(project)
    found = {p.path: p.message for p in problems if p.path.startswith("docs/assets/")}
    assert set(found) == {"docs/assets/notes.pdf", "docs/assets/notes.txt"}
    assert "UTF-8" in found["docs/assets/notes.txt"]


@pytest.mark.parametrize(
    "html",
    [
        "<p>x<!--> <img src=x onerror=alert(1)> --></p>",
        "<p><![CDATA[ ><img src=x onerror=alert(1)> ]]></p>",
        "<svg><a><animate attributeName=href values='javascript:alert(1)'/></a></svg>",
    ],
)
def test_the_rendered_page_check_parses_as_browsers_do(html: str) -> None:
    with pytest.raises(PluginError):
        check_page_html(html, "docs/x.md")


def test_rendered_pages_may_hold_what_macros_make() -> None:
    check_page_html(
        '<p>a <abbr title="b">c</abbr></p><!-- note --><div dir="rtl" lang="ar">x</div>'
        '<svg><path style="fill: red" d="M0 0"/><style>.a{}</style></svg>'
        '<input id="__tabbed_1_1" type="radio">',
        "docs/x.md",
    )


def _jpeg_bytes() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "JPEG")
    return out.getvalue()


def test_docs_files_must_have_web_safe_names_and_known_kinds(project: Project) -> None:
    docs = project.root / "docs"
    (docs / "<img src=x onerror=alert(1)>.md").write_text("# Notes\n")
    (docs / "assets" / "roster.tsv").write_text("a\tb\n")
    (docs / "assets" / ".hidden.tsv").write_text("skipped by MkDocs\n")
    (docs / "assets" / "extra.js").write_text("alert(1)\n")  # code lives in overrides/
    (docs / "assets" / "extra.css").write_text("p::after { content: 'x' }\n")
    (docs / "assets" / "page.png").write_text("<script>alert(1)</script>\n")  # not a picture
    (docs / "assets" / "photo.png").write_bytes(_jpeg_bytes())  # a JPEG named .png
    _, problems = check(project)
    found = {p.path: p.message for p in problems if p.path.startswith("docs/")}
    assert set(found) == {
        "docs/<img src=x onerror=alert(1)>.md",
        "docs/assets/roster.tsv",
        "docs/assets/extra.js",
        "docs/assets/extra.css",
        "docs/assets/page.png",
        "docs/assets/photo.png",
    }
    assert "is not a picture Pillow can read" in found["docs/assets/page.png"]
    assert "is a JPEG picture, although its name ends .png" in found["docs/assets/photo.png"]
    assert "web addresses" in found["docs/<img src=x onerror=alert(1)>.md"]
    assert "move it out of docs/" in found["docs/assets/roster.tsv"]


def test_a_page_linking_out_of_the_site_is_not_published(published: Project) -> None:
    message = refused_build(published, "workbook.md", '<a href="../content/evil.html">x</a>')
    assert "docs/workbook.md" in message and "leads out of the site" in message
