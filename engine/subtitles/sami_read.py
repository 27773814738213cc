"""SAMI text made ready for pysubs2's reader: one language, and font colours it would drop.

A SAMI file may hold several languages at once (user test 7, fault 1): each ``<P Class=X>``
names a class its ``<STYLE>`` block defines (``.KOKRCC { Name: Korean; lang: ko-KR; }``, the
SAMI 1.0 specification, Microsoft 1998), and players show one class. pysubs2 1.8 reads every
SYNC as one cue whatever its class, so two languages became interleaved cues, each ending
where the other language's next SYNC starts (1 ms). :func:`prepare` keeps one class: the one
asked for (``sami_class``, any case), else the first the STYLE block defines that the text
uses, else the first used. SYNCs and ``<P>`` of the other classes are cut from the text before
pysubs2 reads it, so each cue ends at the next SYNC of its own class (its ``&nbsp;`` clear, or
its next text); one note names the languages left out and how to read them.

pysubs2 also drops ``<font>`` tags with their colour: :func:`prepare` writes each colour
change as an escaped canonical ``<font color="#rrggbb">`` (``&lt;font ...&gt;``), which the
reader decodes into the cue's text, where :func:`engine.subtitles.markup.canonical` reads it.
Colours are HTML's (names, ``#rgb``, ``#rrggbb``); a ``<font>`` nested in another returns to
the outer colour when it closes; every ``<SYNC>`` and ``<P>`` ends the fonts still open (HTML
ends a ``<font>`` with its paragraph; an unclosed one is common in Korean files, review 7,
finding 7). Faces and sizes cannot be kept, and one note says so.

Every scan is linear in the text's length (review 7, finding 6: a lazy ``(.*?)</style>`` read
to the end of the file from each unclosed ``<style>``, 112 KB in 17 s): STYLE blocks are found
with ``str.find`` on one lower-cased copy, their rules split on ``}`` and ``;``, and the tag
patterns are ``<name[^<>]*>``, which stop at the next ``<``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.subtitles.document import format_ms
from engine.subtitles.markup_tags import named_colour
from engine.subtitles.subtitle_formats import SubtitleFileError

__all__ = ["LANGUAGES_NOTE", "SamiClass", "classes", "prepare"]

# How the note on the languages left out begins (the window, having asked, leaves it out).
LANGUAGES_NOTE = "this SAMI file holds"

_STYLE_OPEN = re.compile(r"<style\b[^<>]*>")  # on the lower-cased text
_STYLE_CLOSE_END = re.compile(r"\s*>")
_CLASS_NAME = re.compile(r"[A-Za-z_][\w-]*")
_SYNC = re.compile(r"<sync\b[^<>]*>", re.IGNORECASE)
_START = re.compile(r"\bstart\s*=\s*[\"']?(\d+)", re.IGNORECASE)
_P = re.compile(r"<p(?=[\s>])[^<>]*>", re.IGNORECASE)
_CLASS_ATTRIBUTE = re.compile(r"\bclass\s*=\s*[\"']?([^\"'\s<>]+)", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
# a <font> tag, or a <SYNC> or <P>, which end the fonts still open
_FONT_OR_BLOCK = re.compile(r"<(/?)font\b([^<>]*)>|<(?:sync\b|p(?=[\s>]))[^<>]*>", re.IGNORECASE)
_FONT_COLOUR = re.compile(r"""\bcolor\s*=\s*["']?\s*([^"'\s<>]+)""", re.IGNORECASE)
_FONT_OTHER = re.compile(r"\b(?:face|size)\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class SamiClass:
    """One language class: its name as written (``KOKRCC``), and its STYLE rule's ``Name``
    and ``lang`` ("" when not defined)."""

    name: str
    label: str = ""
    lang: str = ""

    def __str__(self) -> str:
        said = ", ".join(p for p in (self.label, self.lang) if p)
        return f"{self.name} ({said})" if said else self.name


def classes(text: str) -> list[SamiClass]:
    """The language classes SAMI ``text``'s ``<P>`` tags use: those its STYLE block defines in
    that order, then any it does not define, in the order first used."""
    used: dict[str, str] = {}  # lower-case -> as written
    for p in _P.finditer(text):
        if m := _CLASS_ATTRIBUTE.search(p.group(0)):
            used.setdefault(m.group(1).lower(), m.group(1))
    found: dict[str, SamiClass] = {}
    for style in _style_blocks(text):
        for name, body in _class_rules(style):
            key = name.lower()
            if key in used and key not in found:
                properties = _properties(body)
                found[key] = SamiClass(used[key], properties.get("name", ""), properties.get("lang", ""))
    for key, name in used.items():
        found.setdefault(key, SamiClass(name))
    return list(found.values())


def _style_blocks(text: str) -> list[str]:
    """The text inside each ``<STYLE ...>...</STYLE>`` of ``text``; a block never closed, and
    all after it, are not read (there is no close left to find)."""
    low = text.lower()
    blocks: list[str] = []
    pos = 0
    while (opened := _STYLE_OPEN.search(low, pos)) is not None:
        close = low.find("</style", opened.end())
        ended = None
        while close >= 0 and (ended := _STYLE_CLOSE_END.match(low, close + 7)) is None:
            close = low.find("</style", close + 7)
        if ended is None:
            break
        blocks.append(text[opened.end() : close])
        pos = ended.end()
    return blocks


def _class_rules(style: str) -> list[tuple[str, str]]:
    """``(class name, properties)`` for each ``.NAME { properties }`` rule of a STYLE block."""
    rules = []
    for chunk in style.split("}")[:-1]:  # the last has no closing brace
        selector, brace, body = chunk.rpartition("{")
        if not brace:
            continue
        head, dot, name = selector.rstrip().rpartition(".")
        if dot and _CLASS_NAME.fullmatch(name):
            rules.append((name, body))
    return rules


def _properties(body: str) -> dict[str, str]:
    """A CSS rule's ``name: value;`` pairs, names lower-cased, values stripped."""
    found: dict[str, str] = {}
    for declaration in body.split(";"):
        key, colon, value = declaration.partition(":")
        words = key.split()
        if colon and words and re.fullmatch(r"[\w-]+", words[-1]):
            found.setdefault(words[-1].lower(), value.strip())
    return found


def _chosen(text: str, wanted: str | None, file_name: str) -> tuple[SamiClass | None, list[SamiClass]]:
    found = classes(text)
    if wanted is None:
        return (found[0] if len(found) > 1 else None), found
    match = next((c for c in found if c.name.lower() == wanted.strip().lower()), None)
    if match is None:
        if not found:
            return None, found  # one language, no classes: nothing to choose from
        names = ", ".join(str(c) for c in found)
        raise SubtitleFileError(
            f"{file_name} has no language class {wanted.strip()!r}: it has {names}; give one of them (--sami-class NAME)"
        )
    return match, found


def _keep_class(sync_body: str, keep: str) -> str:
    """A SYNC's text with only the ``<P>`` of class ``keep`` (and those without a class); ""
    when nothing of that class is left in it."""
    ps = list(_P.finditer(sync_body))
    if not ps:
        return sync_body
    kept = [sync_body[: ps[0].start()]]
    any_kept = False
    for p, following in zip(ps, ps[1:] + [None]):
        m = _CLASS_ATTRIBUTE.search(p.group(0))
        if m is None or m.group(1).lower() == keep:
            kept.append(sync_body[p.start() : following.start() if following else len(sync_body)])
            any_kept = True
    return "".join(kept) if any_kept else ""


def _one_class(text: str, keep: str) -> str:
    body_end = _BODY_END.search(text)
    end = body_end.start() if body_end else len(text)
    syncs = list(_SYNC.finditer(text, 0, end))
    if not syncs:
        return text
    out = [text[: syncs[0].start()]]
    for sync, following in zip(syncs, syncs[1:] + [None]):
        body = _keep_class(text[sync.end() : following.start() if following else end], keep)
        if body:
            out += [sync.group(0), body]
    out.append(text[end:])
    return "".join(out)


def _colours(text: str) -> tuple[str, int | None]:
    """``text`` with each ``<font>`` colour change written as an escaped canonical tag (see the
    module's docstring), and the start (ms) of the first SYNC whose fonts set a face or size."""
    if "font" not in text.lower():
        return text, None
    stack: list[str | None] = []
    other_at: int | None = None
    starts = [(m.start(), m.group(0)) for m in _SYNC.finditer(text)]

    def rewrite(m: re.Match[str]) -> str:
        nonlocal other_at
        before = stack[-1] if stack else None
        if m.group(2) is None:  # <SYNC> or <P>: the fonts still open end here
            stack.clear()
            return f"&lt;/font&gt;{m.group(0)}" if before else m.group(0)
        if m.group(1):  # </font>
            if not stack:
                return ""
            stack.pop()
            now = stack[-1] if stack else None
        else:
            colour = _FONT_COLOUR.search(m.group(2))
            now = (named_colour(colour.group(1)) if colour else None) or before
            stack.append(now)
            if other_at is None and _FONT_OTHER.search(m.group(2)):
                sync = next((tag for pos, tag in reversed(starts) if pos < m.start()), "")
                start = _START.search(sync)
                other_at = int(start.group(1)) if start else 0
        if now == before:
            return ""
        return f'&lt;font color="{now}"&gt;' if now else "&lt;/font&gt;"

    return _FONT_OR_BLOCK.sub(rewrite, text), other_at


def prepare(text: str, sami_class: str | None, file_name: str) -> tuple[str, list[str]]:
    """SAMI ``text`` as pysubs2 should read it (one class, colours kept; see the module's
    docstring), and the notes for the user: the languages left out, the font faces and sizes
    dropped. ``sami_class`` is the class to read (any case), None for the first defined; a
    class the file does not use is a :class:`SubtitleFileError` naming those it does."""
    notes: list[str] = []
    chosen, found = _chosen(text, sami_class, file_name)
    if chosen is not None:
        text = _one_class(text, chosen.name.lower())
        if len(found) > 1:
            others = [c for c in found if c is not chosen]
            one = len(others) == 1
            names = " and ".join(str(c) for c in others)
            how = " or ".join(f"--sami-class {c.name}" for c in others)
            notes.append(
                f"{LANGUAGES_NOTE} {len(found)} languages: {chosen} was read; {names} "
                f"{'was' if one else 'were'} left out: to read {'it' if one else 'another'}, "
                f"convert with {how}"
            )
    text, other_at = _colours(text)
    if other_at is not None:
        notes.append(
            "SAMI <font> faces and sizes cannot be kept, only colours; the text was kept "
            f"(first at {format_ms(other_at)})"
        )
    return text, notes
