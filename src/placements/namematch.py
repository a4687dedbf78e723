"""Whether a text holds an officer's name, however it is spelt or disguised.

Two parts, both used by :mod:`placements.privacy` (which decides where to look):

- :func:`fold` reduces any text to lower-case letters and single spaces, so that case,
  accents, look-alike letters from other scripts, invisible characters and punctuation
  cannot hide a name;
- :func:`name_forms` lists the forms of a name that are flagged (the whole name in any
  order, a double-barrelled part, a single distinctive part), and :class:`RosterName`
  searches folded text for them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

# --- Folding -------------------------------------------------------------------------

_INVISIBLE = frozenset("\u2800\u3164\u115f\u1160\uffa0")
"""Characters that show nothing although Unicode does not class them as format
characters: the braille blank and the Hangul fillers (which are even letters)."""

_LOOK_ALIKES_UPPER = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True))
"""Greek capitals that look like a Latin capital but whose small letter looks like
another Latin letter (``Η``/``η``: H and n), mapped before case is folded."""

_LOOK_ALIKES = {
    # Cyrillic (small letters; capitals are case-folded to these first)
    **dict(zip("авсеһіјкмнорѕтухԁԛԝӏүѵ", "abcehijkmhopstyxdqwlyv", strict=True)),
    # Greek small letters (capitals: above, or case-folded to these)
    **dict(zip("αβεηικνορτυχωϲϳγμ", "abenikvoptuxwcjyu", strict=True)),
    # Armenian
    **dict(zip("օոսհզց", "onuhqg", strict=True)),
    # Latin letters that look like another, or whose mark is part of the letter (no
    # decomposition strips it): "Łukasz" and "Lukasz", "Øyvind" and "Oyvind" must meet.
    **dict(zip("ıȷɑɡɩłøđðħŧƀɨĸ", "ijagiloddhtbik", strict=True)),
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}
"""The common look-alike letters mapped to the Latin letter they pass for.

A small explicit table (Cyrillic, Greek, Armenian and a few Latin letters), not
Unicode's full confusables list: enough for the substitutions that keep a name readable.
Full-width, mathematical and other compatibility letters need no entry: NFKD maps them.
"""

_KEEP = frozenset({"Ll", "Lu", "Lt", "Lo"})


def _fold_char(char: str) -> str:
    """One character folded: letters, ``""`` (dropped) or spaces (separators)."""
    category = unicodedata.category(char)
    if char in _INVISIBLE or category == "Cf" or (category == "Cc" and not char.isspace()):
        return ""
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part).startswith("M") or part in _INVISIBLE:
            continue  # accents (decomposed), variation selectors, combining joiners
        for letter in unicodedata.normalize("NFKD", _LOOK_ALIKES_UPPER.get(part, part).casefold()):
            kind = unicodedata.category(letter)
            if not kind.startswith("M"):
                out.append(_LOOK_ALIKES.get(letter, letter) if kind in _KEEP else " ")
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
      blank, Hangul fillers, control characters);
    - look-alike letters become the Latin letter they pass for (Cyrillic "а", Greek
      omicron...: see ``_LOOK_ALIKES``), and case is folded (``str.casefold``);
    - every other character (spaces of any kind, dashes, digits, punctuation, symbols)
      separates words: each run of them becomes one space, none at either end.

    So ``fold("PRYCE,\\u00a0A\\u00adled")`` is ``"pryce aled"``. The result only ever
    holds letters (Unicode categories L other than modifier letters) and single spaces.
    """
    return " ".join(text.translate(_TABLE).split())


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
      but not "May" or "Will".

    So for an officer "Will May", "you will be there in May" is not flagged but
    "in May will" is: the whole name, in either order, is always flagged, even where
    it happens to be ordinary words (reword the sentence). Forms of several words need
    four letters in all ("Al Ng"), forms run together six ("WillMay", not "BoLi":
    short runs make everyday words, such as "ling" from "Li Ng"); a name of one word is
    only flagged under the single-word rule, or a nickname such as "Will" would match
    everyday text everywhere.
    """
    raw_parts = name.split()
    while len(raw_parts) > 1 and set(fold(raw_parts[0]).split()) <= TITLES:
        raw_parts = raw_parts[1:]
    parts = [fold(p).split() for p in raw_parts]
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
    singles: set[str] = set()
    for raw, words in zip(raw_parts, parts, strict=True):
        if len(words) >= 2:
            add([[w] for w in words], joined=False)
            phrases.add("".join(words))
        non_ascii = any(not c.isascii() and c.isalpha() for c in raw)
        singles.update(w for w in words if _distinctive(w, non_ascii))
    phrases = {p for p in phrases if len(p.replace(" ", "")) >= 4 and (" " in p or len(p) >= 6)}
    return sorted(phrases | singles, key=lambda f: (-len(f), f))


@dataclass(frozen=True)
class RosterName:
    """One officer's name and where it is recorded (for messages that do not repeat it)."""

    name: str
    where: str

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The forms of the name (:func:`name_forms`) as whole words of *folded* text.

        Search ``fold(text)``, not ``text`` (or use :meth:`search`): the folded text has
        only letters and single spaces, so a form is a whole word when nothing but a
        space or either end of the text is next to it.
        """
        forms = "|".join(re.escape(f) for f in name_forms(self.name))
        return re.compile(rf"(?<![^ ])(?:{forms})(?![^ ])" if forms else "(?!)")

    @cached_property
    def _words(self) -> tuple[str, ...]:
        return tuple(sorted(set(fold(self.name).split())))

    def search(self, folded: str) -> re.Match[str] | None:
        """The first form of the name in ``folded`` (text passed through :func:`fold`).

        A plain substring test of each word comes first (every form holds one), so the
        pattern only runs where the name might be.
        """
        if not any(word in folded for word in self._words):
            return None
        return self.pattern.search(folded)

    def found_in(self, variants: Iterable[str]) -> bool:
        """Whether the name is in any of ``variants`` (folded texts)."""
        return any(self.search(folded) for folded in variants)
