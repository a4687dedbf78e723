"""Whether a text holds an officer's name, however it is spelt or disguised.

Two parts, both used by :mod:`placements.privacy` (which decides where to look):

- :func:`fold` reduces any text to lower-case letters and single spaces, so that case,
  accents, look-alike letters from other scripts, invisible characters and punctuation
  cannot hide a name;
- :func:`name_forms` lists the forms of a name that are flagged (the whole name in any
  order, a double-barrelled part, a single distinctive part), :func:`run_together_forms`
  the whole name as one run of letters, and :class:`RosterName` (or :func:`names_in`,
  for many names and texts at once) searches folded text for them, and for the forms of
  several words written backwards.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from confusable_homoglyphs import categories as unicode_scripts

# --- Folding -------------------------------------------------------------------------

_INVISIBLE = frozenset("\u2800\u3164\u115f\u1160\uffa0")
"""Characters that show nothing although Unicode does not class them as format
characters: the braille blank and the Hangul fillers (which are even letters)."""

_LOOK_ALIKES_UPPER = {
    # Greek
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    # Armenian
    "Տ": "S",
    # Enclosed letters Unicode gives no decomposition: squared (U+1F130), negative
    # circled (U+1F150) and negative squared (U+1F170) capitals, and the regional
    # indicator letters (U+1F1E6) that flags are written with: "🅐🅛🅔🅓" reads "ALED".
    **{
        chr(first + i): chr(ord("A") + i)
        for first in (0x1F130, 0x1F150, 0x1F170, 0x1F1E6)
        for i in range(26)
    },
    # Coptic capitals (found by the third security trial: "ⲎⲀⲚⲚⲀⲎ")
    **dict(zip("ⲀⲂⲄⲈⲌⲎⲒⲔⲘⲚⲞⲢⲤⲦⲨⲬ", "ABREZHIKMNOPCTYX", strict=True)),
    # Canadian Syllabics that "fancy text" generators use for Latin capitals
    **dict(zip("ᗩᗷᑕᗪᗞᗴᕮᖴᘜᕼᒍᒪᗰᑎᑭᑫᖇᔕᑌᐯᗯ᙭ᖻᘔ", "ABCDDEEFGHJLMNPQRSUVWXYZ", strict=True)),
    "℮": "E",  # estimated symbol
    # symbols and letters from the fifth security trial (APL alpha and iota, divides)
    "⍺": "A",
    "⍳": "I",
    "∣": "L",
    "ɾ": "R",  # r with fishhook
}
"""Capitals that look like a Latin capital but whose small letter looks like another
Latin letter (Greek ``Η``/``η``: H and n; Armenian ``Տ``/``տ``), mapped before case is
folded."""

_LOOK_ALIKES = {
    # Cyrillic (small letters; capitals are case-folded to these first)
    **dict(zip("авсеһіјкмнорѕтухԁԛԝӏүѵгѡҽ", "abcehijkmhopstyxdqwlyvrwe", strict=True)),
    # Greek small letters (capitals: above, or case-folded to these)
    **dict(zip("αβεηικνορτυχωϲϳγμ", "abenikvoptuxwcjyu", strict=True)),
    # Armenian
    **dict(zip("օոսհզցագռք", "onuhqgwqnf", strict=True)),
    # Cherokee capitals (U+13A0-13F5; Cherokee small letters case-fold to these)
    **dict(zip("ᎠᎡᎢᎥᎩᎪᎫᎬᎳᎷᎻᎽᏀᏂᏃᏏᏒᏔᏕᏙᏚᏞᏟᏢᏦᏧᏳᏴ", "drtiyajewmhyghzbrwsvslcpkdgb", strict=True)),
    # Lisu (U+A4D0-A4FF: capitals of the Fraser alphabet, without case)
    **dict(zip("ꓐꓑꓒꓓꓔꓖꓗꓙꓚꓜꓝꓟꓠꓡꓢꓣꓦꓧꓪꓫꓬꓮꓰꓲꓳꓴ", "bpddtgkjczfmnlsrvhwxyaeiou", strict=True)),
    # Latin small capitals (no decomposition maps them), the dental and lateral clicks
    **dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz", strict=True)),
    "ǀ": "l",
    "ǁ": "ll",
    # Latin letters that look like another, or whose mark is part of the letter (no
    # decomposition strips it): "Łukasz" and "Lukasz", "Øyvind" and "Oyvind" must meet.
    **dict(zip("ıȷɑɡɩłøđðħŧƀɨĸɧꜧƅ", "ijagiloddhtbikhhb", strict=True)),
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}
"""The project's own look-alike letters, mapped to the Latin letter they pass for.

Unicode's confusables data (:func:`_unicode_look_alikes`, about 1,550 characters) is
the main list; these tables hold what it lacks or maps elsewhere: letters it maps to
another look-alike rather than to Latin (Cyrillic ``в`` and ``н`` to small capitals,
the small capitals themselves), the "fancy text" letters the security trials used
(Coptic and Canadian Syllabics capitals, enclosed and regional-indicator letters, APL
symbols), Latin letters whose stroke no decomposition strips (``ł``, ``ø``), and the
bar-shaped letters whose reading is settled here (palochka ``ӏ``: l; Lisu ``ꓲ``: i).
Full-width, mathematical and other compatibility letters need no entry: NFKD maps them.
A look-alike in neither list is not folded, but a word that mixes it with Latin letters
is an error of the IG check (:func:`placements.ig.mixed_script_words`).
"""

_KEEP = frozenset({"Ll", "Lu", "Lt", "Lo"})

_SHOWN_SPACES = frozenset("\t\n\r\f")
"""The control characters HTML shows as a space (ASCII whitespace). Every other one is
dropped, joining the letters either side: a browser shows the next-line control U+0085
as nothing at all, so "Gann\u0085away" reads "Gannaway" (the fourteenth security
trial), and one it shows as a box does not hide a name either."""


def _unicode_look_alikes() -> dict[str, str]:
    """Each character that Unicode's confusables data maps to Latin letters, and those
    letters: ``{"ꓐ": "B", "Ꭺ": "A", "ӕ": "ae", ...}`` (about 1,550 characters).

    The data is Unicode Technical Standard #39's ``confusables.txt`` (section 4: each
    character's *prototype*, what it is confusable with), as the maintained
    ``confusable_homoglyphs`` package ships it. Only characters beyond ASCII whose
    prototype is made of ASCII letters once accents are stripped are kept (``η`` ->
    ``n̩`` -> ``n``); digits, punctuation and letters keep their own meaning. Two
    changes: the standard gives capital I and small l the one prototype ``l``, so a
    *capital* that passes for ``l`` (Cyrillic ``І``, Coptic ``Ⲓ``) is mapped to ``I``,
    which case folding then makes ``i``, as a reader takes a capital bar; and the
    standard's prototype of ``m`` is ``rn``, so what passes for an m (``ɱ``) is ``m``.
    """
    from confusable_homoglyphs.confusables import confusables_data

    def letters_of(prototype: str) -> str:
        decomposed = unicodedata.normalize("NFKD", prototype)
        return "".join(c for c in decomposed if unicodedata.category(c)[0] not in "MC")

    table: dict[str, str] = {}
    for char, homoglyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        for homoglyph in homoglyphs:
            target = letters_of(homoglyph["c"])
            if target.isascii() and target.isalpha():
                upper = unicodedata.category(char) in ("Lu", "Lt")
                if target == "l" and upper:
                    target = "I"
                table[char] = "m" if target == "rn" else target
                break
    return table


_UNICODE_LOOK_ALIKES = _unicode_look_alikes()

_LATIN_BLOCKS = [
    (0x0100, 0x02AF),  # Latin Extended-A and -B, IPA Extensions
    (0x1D00, 0x1DBF),  # Phonetic Extensions (and Supplement)
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xAB30, 0xAB6F),  # Latin Extended-E
    (0x1DF00, 0x1DFFF),  # Latin Extended-G
]
_LATIN_LETTER_WITH = re.compile(
    r"^LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])(?: WITH .*| BAR)?$"
)


def _latin_bases() -> dict[str, str]:
    """Each Latin letter with a mark that is part of it, and its plain letter, from the
    letters' Unicode names: "LATIN SMALL LETTER T WITH RETROFLEX HOOK" (ʈ) is t, "LATIN
    SMALL LETTER N WITH CURL" (ȵ) is n, "LATIN SMALL LETTER U BAR" (ʉ) is u (about 700
    letters). No decomposition strips a hook, curl, stroke or descender, and Unicode's
    confusables data maps only some of them: the eleventh security trial read
    "Thisʈlewood" and "Ganȵaway" as the names they spell."""
    bases = {}
    for first, last in _LATIN_BLOCKS:
        for code in range(first, last + 1):
            found = _LATIN_LETTER_WITH.match(unicodedata.name(chr(code), ""))
            if found:
                bases[chr(code)] = found.group(1).lower()
    return bases


_LATIN_BASES = _latin_bases()


def _look_alike(char: str) -> str:
    """``char`` as the Latin letter(s) it passes for, else ``char``: the project's own
    tables first (letters Unicode's data maps to another look-alike rather than to
    Latin, such as Cyrillic ``в`` to small capital ``ʙ``, and "fancy text" letters it
    lacks), then Unicode's (:func:`_unicode_look_alikes`), then a Latin letter's plain
    letter (:func:`_latin_bases`)."""
    return (
        _LOOK_ALIKES_UPPER.get(char)
        or _LOOK_ALIKES.get(char)
        or _UNICODE_LOOK_ALIKES.get(char)
        or _LATIN_BASES.get(char)
        or char
    )


def _fold_char(char: str) -> str:
    """One character folded: letters, ``""`` (dropped) or spaces (separators)."""
    category = unicodedata.category(char)
    if char in _INVISIBLE or category == "Cf" or (category == "Cc" and char not in _SHOWN_SPACES):
        return ""
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part).startswith("M") or part in _INVISIBLE:
            continue  # accents (decomposed), variation selectors, combining joiners
        # capitals first (Greek "Η" passes for H, its small letter "η" for n), then the
        # small letters case folding gives (Cherokee small letters fold to capitals)
        for letter in unicodedata.normalize("NFKD", _look_alike(part).casefold()):
            kind = unicodedata.category(letter)
            if kind.startswith("M"):
                continue
            if kind not in _KEEP:
                out.append(" ")
                continue
            out.extend(_look_alike(letter).casefold())
    return "".join(out)


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Return ``text`` reduced to what a reader recognises: lower-case letters and spaces.

    Each character is decomposed (NFKD: full-width, mathematical and other
    compatibility letters become plain ones, accents come apart), then:

    - accents and other combining marks are dropped ("Núñez" becomes "nunez");
    - format and invisible characters are dropped, joining the letters either side
      (soft hyphen, zero-width space and joiners, word joiner, byte order mark, braille
      blank, Hangul fillers, control characters other than tab and line breaks);
    - look-alike letters become the Latin letter they pass for (Cyrillic "а", Greek
      omicron, Tifinagh "ⴹ"...: Unicode's confusables data and ``_LOOK_ALIKES``), and
      case is folded (``str.casefold``);
    - every other character (spaces of any kind, dashes, digits, punctuation, symbols)
      separates words: each run of them becomes one space, none at either end.

    So ``fold("PRYCE,\\u00a0A\\u00adled")`` is ``"pryce aled"``. The result only ever
    holds letters (Unicode categories L other than modifier letters) and single spaces.
    """
    return " ".join(text.translate(_TABLE).split())


def fold_split(parts: list[str]) -> tuple[str, str]:
    """``fold("".join(parts))`` and ``fold("".join(parts[::2]))``, each part folded once.

    For text split by a pattern with one group (``re.split``), so that every other part
    is what the pattern matched: the text folded whole, and with those parts deleted
    (tags: ``Al<b>ed</b>``), for the price of one :func:`fold`.
    """
    folded = [part.translate(_TABLE) for part in parts]
    return " ".join("".join(folded).split()), " ".join("".join(folded[::2]).split())


def fold_with_origins(text: str, origins: list[int] | None = None) -> tuple[str, list[int]]:
    """:func:`fold` that also returns, for each character of the result, the index in
    ``text`` it came from (or ``origins[index]`` when ``origins`` is given)."""
    chars: list[str] = []
    where: list[int] = []
    gap = False
    for index, char in enumerate(text):
        origin = origins[index] if origins is not None else index
        for folded in _TABLE[ord(char)]:
            if folded == " ":
                gap = bool(chars)
                continue
            if gap:
                chars.append(" ")
                where.append(origin)
                gap = False
            chars.append(folded)
            where.append(origin)
    return "".join(chars), where


# --- Which forms of a name are flagged --------------------------------------------------

COMMON_WORDS = frozenset(
    """
    abbey able acre alder amber ample angel apple april archer arrow aspen august
    autumn bacon bailey baker ball bank banks barber barley baron bass bean bear
    bell berry best bill birch bird bishop black blade bliss bloom blossom blue bolt
    bond booth bounty bowl brand bright brook brooke brooks brown buck buddy bull
    burn burns bush butcher butler cake camp candy cannon cape card carol carter
    carver cash castle chance chapel charity chase cherry chess christmas church
    clay clear cliff close cloud coal cole colt comfort cook cooper coral corn
    cotton court cove crane cross crow crown crystal daisy dale dance dark dash dawn
    deacon dean dear delight destiny diamond doe dove down downs drake drew duke
    dyer earl early earnest east easter england english even ever fair faith falcon
    farmer field fields finch fish fisher flint flower ford forest forward frank
    free freeman french frost fuller gale game garden gate gates gay gem gene gentle
    gibbon glass glen glow gold golden good gore grace grand grant gray green grey
    grove guard guest hale hall hand hardy harmony hart harvest hawk hazel head
    heath heather hedge hill hills holiday holly home honey honor honour hood hook
    hope horn house hunt hunter iris ivory ivy jack jade jay jewel jolly joy judge
    july june just keen king knight lake lamb lance land lane large law lawn leaf
    lemon liberty light lily lime little lock long lord love lovely low lucky major
    march mark marsh marshal marshall mason master may meadow meadows melody mercy
    merry middle miles mill miller mills mint mist money moon moor moore moss mount
    music nation new night noble north nurse oak oaks ocean olive opal orange page
    park parker parsons patience peace peach pearl penny pepper pike pine pink piper
    plum pool pope poppy porter potter power powers price prince prior quick rain
    ransom raven ray read reading rector reed rich ridge river rivers robin rock
    rocky rose rosemary royal ruby rush rust rusty sage salmon salt sand sands sandy
    savage sergeant shade sharp shepherd shore short silver sky slater small smart
    smith snow south spark sparrow speed spring squire stamp star steel sterling
    steward stone storm story strange street strong summer summers sun sunny swan
    sweet swift tanner temple thorn thorne tower town tree trinity trout true turner
    vale victor vine violet wade walker wall walls ward warden warren waters way
    weaver well wells west white wild will willow winter wise wolf wood woods wren
    wright yard young
    """.split()  # noqa: SIM905 - a block of words reads better than a list of strings
)
"""Everyday English words that are also given names or surnames ("Will", "May", "Hall",
"Green", "Ward"...): such a part of an officer's name is only flagged as part of the
whole name, never alone. A small built-in list, not a dictionary: a part missing from
it is flagged alone, so a gap errs on the side of privacy (the coordinator rewords)."""


TITLES = frozenset(
    """
    mr mrs ms miss mx dr doctor prof professor sir dame lady lord rev revd pc wpc dc ds
    dci sgt sergeant insp inspector pcso spc sc so student trainee probationer cadet
    special officer constable detective police
    """.split()  # noqa: SIM905 - as COMMON_WORDS
)
"""Titles and ranks a coordinator may write before a name ("PC", "Student Officer"):
leading parts made only of these are left out of the name's forms, and none of them is
ever flagged alone ("PC May" leaves only "May", an everyday word: not flagged). Not "DI"
(detective inspector), which is also a given name."""


INITIAL_MARK = "qxinitialqx"
"""Letters :mod:`placements.privacy` writes before a capital letter standing alone as an
initial ("A. Hill" is read once more as "qxinitialqxA. Hill"): folded, "qxinitialqxa
hill" can be told from "a hill" in a sentence, which folding alone cannot."""

SURNAME_TITLES = ("mr", "mrs", "ms", "mx", "dr", "pc", "wpc", "spc", "sgt", "pcso", "constable")
"""Titles that, before an everyday-word surname, make it a name ("PC Green", "Ms Hill")."""


def _distinctive(word: str, non_ascii: bool) -> bool:
    """Whether one folded word of a name is flagged alone.

    The rule: four letters or more ("Aled", "Pryce", "Ellis", "Reid"), or three when
    the part it comes from is spelled with a letter beyond ASCII ("Zoë"); and never a
    word of :data:`COMMON_WORDS` or :data:`TITLES`, however spelled ("Will", "May",
    "Green" are flagged only with the rest of the name).
    """
    if word in COMMON_WORDS or word in TITLES:
        return False
    return len(word) >= 4 or (non_ascii and len(word) >= 3)


def _orders(groups: list[list[str]]) -> Iterator[list[str]]:
    """The words of ``groups`` in every order of the groups (and of the words, for up
    to four words): whole names are written surname first as often as not."""
    words = [w for g in groups for w in g]
    if len(words) <= 4:
        yield from (list(p) for p in itertools.permutations(words))
    elif len(groups) <= 4:
        yield from ([w for g in p for w in g] for p in itertools.permutations(groups))
    else:
        yield words
        yield [w for g in reversed(groups) for w in g]


def _parts(name: str) -> tuple[list[str], list[list[str]]]:
    """``name``'s parts as written, leading titles dropped, and each part's folded words."""
    raw_parts = name.split()
    while len(raw_parts) > 1 and set(fold(raw_parts[0]).split()) <= TITLES:
        raw_parts = raw_parts[1:]
    return raw_parts, [fold(p).split() for p in raw_parts]


def _phrases_and_singles(name: str) -> tuple[set[str], set[str]]:
    """``(phrases, singles)``: the forms of :func:`name_forms` made of several words
    (with spaces, or run together), and the single distinctive words."""
    raw_parts, parts = _parts(name)
    groups = [words for words in parts if words]
    phrases: set[str] = set()

    def add(group_lists: list[list[str]], *, joined: bool) -> None:
        phrases.update(" ".join(order) for order in _orders(group_lists))
        if joined:  # as written, and last part first
            phrases.add("".join(w for g in group_lists for w in g))
            phrases.add("".join(w for g in reversed(group_lists) for w in g))

    if sum(len(g) for g in groups) >= 2:
        add(groups, joined=True)
    if len(groups) >= 3:
        add([groups[0], groups[-1]], joined=True)
    if len(groups) >= 2 and len(groups[-1]) == 1:
        phrases.update(_partial_forms(groups[0][0][0], groups[-1][0], raw_parts[-1]))
    singles: set[str] = set()
    for raw, words in zip(raw_parts, parts, strict=True):
        if len(words) >= 2:
            add([[w] for w in words], joined=False)
            phrases.add("".join(words))
        non_ascii = any(not c.isascii() and c.isalpha() for c in raw)
        singles.update(w for w in words if _distinctive(w, non_ascii))
    phrases = {p for p in phrases if len(p.replace(" ", "")) >= 4 and (" " in p or len(p) >= 6)}
    return phrases - singles, singles


def _partial_forms(initial: str, surname: str, raw_surname: str) -> set[str]:
    """An initial and an everyday-word surname ("W. Green", "Green, W."), or a title and
    it ("PC Green"): partial names that read plainly (the eighteenth security trial).
    Only for a surname not flagged alone anyway (:func:`_distinctive`); the initial is
    matched only where it is marked as one (:data:`INITIAL_MARK`)."""
    non_ascii = any(not c.isascii() and c.isalpha() for c in raw_surname)
    if _distinctive(surname, non_ascii):
        return set()
    marked = f"{INITIAL_MARK}{initial}"
    return {
        f"{marked} {surname}",
        f"{surname} {marked}",
        *(f"{t} {surname}" for t in SURNAME_TITLES),
    }


def name_forms(name: str) -> list[str]:
    """Every folded form of ``name`` that reveals it, longest first.

    ``name`` is split into parts at white space, leading titles dropped ("PC", "Student
    Officer": :data:`TITLES`), and each part folded (:func:`fold`), so a double-barrelled
    part gives two or more words. The forms, each matched as whole words with any
    separators (or none) in between:

    - the whole name, its words in any order ("Aled Pryce", "Pryce, Aled", "PRYCE
      Aled"), and written as one word, as written or last part first ("AledPryce",
      what a zero-width space between the words leaves);
    - for names of three parts or more, the first and last part in either order
      ("Mary Smith" for "Mary Jane Smith");
    - each double-barrelled part in any order, however short or common its words
      ("Ellis-Núñez", "Núñez Ellis"), and as one word as written ("EllisNúñez");
    - each distinctive single word (:func:`_distinctive`): "Pryce" or "Núñez" alone,
      but not "May" or "Will";
    - for a surname that is an everyday word, the first name's initial with it, either
      way round ("W. Green", "Green, W.", found where the initial is marked as one:
      :data:`INITIAL_MARK`), and a title with it ("PC Green", :data:`SURNAME_TITLES`).

    So for an officer "Will May", "you will be there in May" is not flagged but
    "in May will" is: the whole name, in either order, is always flagged, even where
    it happens to be ordinary words (reword the sentence). Forms of several words need
    four letters in all ("Al Ng"), forms run together six ("WillMay", not "BoLi":
    short runs make everyday words, such as "ling" from "Li Ng"); a name of one word is
    only flagged under the single-word rule, or a nickname such as "Will" would match
    everyday text everywhere.

    :class:`RosterName` also searches for the forms of several words written backwards
    and for :func:`run_together_forms`.
    """
    phrases, singles = _phrases_and_singles(name)
    return sorted(phrases | singles, key=lambda f: (-len(f), f))


RUN_TOGETHER_LETTERS = 8
"""The fewest letters a form of :func:`run_together_forms` has (see there), for names
not written in an alphabet without spaces (:data:`UNSPACED_SCRIPTS`)."""

UNSPACED_SCRIPTS = frozenset(
    {"HAN", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"}
)
"""Unicode scripts (``Scripts.txt``) whose words run on without spaces (Chinese,
Japanese, Thai...) or take endings joined to them (Korean particles: "김민준은"). A
name with a letter of one of them is searched for as letters anywhere in the text,
two or more (:func:`run_together_forms`): "田中太郎さん" holds "田中 太郎" and "王伟"
is a whole name. Found by the seventh security trial."""


def _unspaced(name: str) -> bool:
    """Whether ``name`` has a letter of :data:`UNSPACED_SCRIPTS`."""
    return any(not c.isascii() and unicode_scripts.alias(c) in UNSPACED_SCRIPTS for c in name)


def run_together_forms(name: str) -> list[str]:
    """The whole name as one run of letters, searched for with every space removed.

    The whole name without spaces, as written and last part first ("aledpryce",
    "prycealed"), and for names of three parts or more the first and last part the same
    way ("marysmith", "smithmary"), each written backwards too ("ecyrpdela"): the forms
    of :func:`name_forms` that survive a name spelt out letter by letter ("P r y c e")
    or cut into pieces by markup (``<text>Ruth</text> <text>Gann</text>``, which leaves
    "ruth gann away"). They are searched for as plain substrings of the folded text with
    its spaces removed, wherever they start or end: so only forms of at least
    :data:`RUN_TOGETHER_LETTERS` letters are kept, which everyday words next to each
    other hardly ever spell out. A single part spelt out ("P r y c e" alone) is not
    found: as a substring of text without spaces it would match everyday words ("halo
    maximum" holds "lomax").

    A name in a script written without spaces (:data:`UNSPACED_SCRIPTS`) is different:
    its whole name, even of one part ("王伟"), is a form from two letters up, as written
    and last part first (not backwards: too short to be told from other words).
    """
    _, parts = _parts(name)
    groups = [words for words in parts if words]
    unspaced = _unspaced(name)
    runs: set[str] = set()
    for chosen in [groups, [groups[0], groups[-1]]] if len(groups) >= 3 else [groups]:
        if sum(len(g) for g in chosen) >= 2 or (unspaced and chosen):
            runs.add("".join(w for g in chosen for w in g))
            runs.add("".join(w for g in reversed(chosen) for w in g))
    runs |= {run[::-1] for run in runs if len(run) >= RUN_TOGETHER_LETTERS}
    shortest = 2 if unspaced else RUN_TOGETHER_LETTERS
    return sorted((r for r in runs if len(r) >= shortest), key=lambda f: (-len(f), f))


_Needs = frozenset[tuple[frozenset[str], frozenset[str]]]


@dataclass(frozen=True)
class RosterName:
    """One officer's name and where it is recorded (for messages that do not repeat it)."""

    name: str
    where: str

    @cached_property
    def _forms(self) -> list[str]:
        phrases, singles = _phrases_and_singles(self.name)
        forms = phrases | singles | {p[::-1] for p in phrases}
        return sorted(forms, key=lambda f: (-len(f), f))

    @cached_property
    def _whole_orders(self) -> list[list[str]]:
        """The whole name's folded words in every order (:func:`_orders`), titles left out."""
        _, parts = _parts(self.name)
        groups = [words for words in parts if words]
        return list(_orders(groups)) if sum(len(g) for g in groups) >= 2 else []

    def near_miss_in(self, words: list[str]) -> bool:
        """Whether ``words`` (folded text split at spaces, e.g. what OCR read) hold the
        whole name, in any order, with each word of four letters or more at most one
        letter wrong (Levenshtein distance, :mod:`rapidfuzz`) and shorter words exact.

        OCR reads letters drawn with characters or in odd fonts nearly right ("ALEO
        FRYCE" for block letters spelling "ALED PRYCE", the twentieth security trial);
        only the whole name is matched so, never one word alone ("price" is one letter
        from "pryce").
        """
        from rapidfuzz.distance import Levenshtein

        def close(seen: str, wanted: str) -> bool:
            limit = 1 if len(wanted) >= 4 else 0
            return Levenshtein.distance(seen, wanted, score_cutoff=limit) <= limit

        for order in self._whole_orders:
            n = len(order)
            for start in range(len(words) - n + 1):
                if all(close(w, o) for w, o in zip(words[start : start + n], order, strict=True)):
                    return True
        return False

    @cached_property
    def needs_initials(self) -> bool:
        """Whether a form of this name has a marked initial (:data:`INITIAL_MARK`): only
        then must texts be read once more with their initials marked."""
        return any(INITIAL_MARK in form for form in self._forms)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The forms of the name (:func:`name_forms`) as whole words of *folded* text,
        and its forms of several words written backwards.

        Search ``fold(text)``, not ``text`` (or use :meth:`search`): the folded text has
        only letters and single spaces, so a form is a whole word when nothing but a
        space or either end of the text is next to it.

        Backwards: "ecyrP delA" is what a page shows of "Aled Pryce" after a template's
        ``reverse`` filter, or what is stored between bidirectional overrides (a
        right-to-left override shows it as "Aled Pryce"). Searching for the forms
        written backwards is searching ``fold(text)[::-1]`` for the forms (a whole word
        of one is a whole word of the other). Single words are left out: written
        backwards they are everyday words too often ("Aled" gives "dela", Portuguese
        for "of her", in the search engine's list of Portuguese stop words).
        """
        alternatives = "|".join(re.escape(f) for f in self._forms)
        return re.compile(rf"(?<![^ ])(?:{alternatives})(?![^ ])" if self._forms else "(?!)")

    @cached_property
    def runs(self) -> tuple[str, ...]:
        """:func:`run_together_forms` of the name."""
        return tuple(run_together_forms(self.name))

    @cached_property
    def _pieces(self) -> tuple[str, ...]:
        """The name's folded words, forwards and backwards: every form holds one."""
        words = set(fold(self.name).split())
        return tuple(sorted(words | {w[::-1] for w in words}))

    @cached_property
    def _needs(self) -> tuple[_Needs, _Needs]:
        """What a text must hold to hold a form: for each form of :attr:`pattern`, the
        pieces (:attr:`_pieces`) that start one of its words, to be found starting a
        word of the text, and the pieces it holds, to be found anywhere in the text with
        its spaces removed; for each form of :attr:`runs`, the pieces it holds."""

        def holds(form: str) -> frozenset[str]:
            return frozenset(p for p in self._pieces if p in form)

        def starts(form: str) -> frozenset[str]:
            return frozenset(p for p in self._pieces if f" {p}" in f" {form}")

        words = frozenset((starts(form), holds(form)) for form in self._forms)
        runs = frozenset((frozenset(), holds(run)) for run in self.runs)
        return words, runs

    def search(self, folded: str) -> re.Match[str] | None:
        """The first form of the name (:attr:`pattern`) in ``folded`` (text passed
        through :func:`fold`).

        A plain substring test comes first, so the pattern only runs where the name
        might be: every form starts a word of the text with a word of the name,
        forwards or backwards (" pryce", not "pryce" in "prycelands" alone).
        """
        padded = f" {folded}"
        if not any(f" {piece}" in padded for piece in self._pieces):
            return None
        return self.pattern.search(folded)

    def run_in(self, joined: str) -> bool:
        """Whether a form of :attr:`runs` is in ``joined`` (folded text, spaces removed)."""
        return any(run in joined for run in self.runs)

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """Where each form of the name is in ``folded``: :attr:`pattern`'s matches, and
        the runs of letters that spell a form of :attr:`runs` (spaces removed)."""
        found = [m.span() for m in self.pattern.finditer(folded)] if self.search(folded) else []
        joined = folded.replace(" ", "")
        if self.run_in(joined):
            letters = [i for i, char in enumerate(folded) if char != " "]
            for run in self.runs:
                start = joined.find(run)
                while start != -1:
                    found.append((letters[start], letters[start + len(run) - 1] + 1))
                    start = joined.find(run, start + 1)
        return sorted(found)

    def found_in(self, variants: Iterable[str]) -> bool:
        """Whether the name is in any of ``variants`` (folded texts)."""
        return bool(names_in([self], variants))


def names_in(names: Iterable[RosterName], variants: Iterable[str]) -> list[RosterName]:
    """The names of ``names`` found in any of ``variants`` (folded texts): a form of
    :attr:`RosterName.pattern` as whole words, or a form of :attr:`RosterName.runs` once
    the spaces are removed.

    Built for speed on a whole site: each variant's spaces are removed once, and for
    each name a few plain substring tests of the pieces of the name (its words, forwards
    and backwards) over all the variants at once tell whether it may be there; only then
    is it searched for in earnest.
    """
    texts = list(variants)
    joined = [text.replace(" ", "") for text in texts]
    all_joined = "\n".join(joined)
    all_spaced = " " + " ".join(texts)
    found = []
    for name in names:
        anywhere = {p for p in name._pieces if p in all_joined}
        if not anywhere:
            continue
        starting = frozenset(p for p in anywhere if f" {p}" in all_spaced)
        word_needs, run_needs = (
            any(start <= starting and held <= anywhere for start, held in needs)
            for needs in name._needs
        )
        if (word_needs and any(name.pattern.search(t) for t in texts)) or (
            run_needs and any(name.run_in(j) for j in joined)
        ):
            found.append(name)
    return found
