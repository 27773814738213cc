"""WebVTT cue text: the spans the editor's markup has no form for, rewritten for
:func:`~engine.subtitles.markup.canonical`, and what each rewrite lost, said once per kind.

:func:`cue_body` takes one cue's text (``\\n`` line ends) as the W3C WebVTT specification
writes it (section 4.2.2, "WebVTT cue text") and gives the text the editor reads plus the cue's
one voice; each loss is added to a :class:`Notes` (one sentence per kind, for the user):

- ``<c.loud>``: a class whose STYLE rule sets a colour, bold, italic, underline or
  line-through becomes that markup; a class with none of these is dropped (noted).
- ``<ruby>base<rt>reading</rt></ruby>`` becomes ``base (reading)`` (``漢字（かんじ）`` after
  CJK text), as plain-text formats write furigana; the editor has no ruby (noted).
- ``<lang fr>`` spans keep their text; the language is dropped (noted).
- One voice (``<v Ana>``) is the cue's speaker; a voice's classes (``<v.loud Ana>``) style its
  text as ``<c.loud>`` would. Two or more voices make a speaker-less cue whose voiced turns
  are dialogue lines (``- Hi`` / ``- Hello``, the subtitling convention for two speakers in one
  subtitle; text before the first voice keeps its line, undashed); the names are dropped
  (noted). Subtitle Edit drops voices, ruby readings' brackets and all classes without a
  colour, italic or bold rule.
- Inline timestamps are dropped from the text (noted: :mod:`engine.subtitles.webvtt` makes
  them word timings, which are not written back).
- Tags WebVTT does not have (``<username>``) are dropped with their text kept, as section 6.4
  says players do (noted; a literal ``<`` is ``&lt;``). ``<s>`` and ``<font color>`` are read as
  markup, but WebVTT output has no ``<s>`` and ``<font>`` face/size are lost (both noted).

Every pass is linear in the cue's length, whatever the text: no pattern here has two
quantifiers that can take the same characters, and text is gathered in lists and joined once
(a 20 MB hostile file is read in seconds; tests/engine/subtitles/test_fuzz_import.py).
"""

from __future__ import annotations

import re

from engine.subtitles.markup import VTT_COLOURS, unkept_attributes

__all__ = ["ANY_TAG", "INLINE_TIME", "TIME", "Notes", "cue_body"]

TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"  # [h+:]mm:ss.ttt, as section 4.3 writes timestamps
INLINE_TIME = re.compile(rf"<({TIME})>")
# Any tag left once voices, ruby and language spans are rewritten; [^<>]* stops at the next "<",
# and the name is taken whole before it (the two overlapping made a long name quadratic).
ANY_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*)(?![\w.-])[^<>]*>")
# One space or tab, then the name: "[ \t]+" before "[^<>]*" made "<v" and spaces quadratic.
_VOICE = re.compile(r"<v((?:\.[\w-]+)*)[ \t]([^<>]*)>")
_CLASS_TAG = re.compile(r"<c((?:\.[\w-]+)*)>|</c>")
_CLASSED_STYLE = re.compile(r"<(/?)([ibu])\.[\w.-]+>")  # <i.foo>: the class means nothing here
_RUBY = re.compile(r"<ruby(?:\.[\w.-]+)?>(.*?)(?:</ruby>|$)", re.DOTALL)
_RUBY_TEXT_TAG = re.compile(r"(<rt(?:\.[\w.-]+)?>|</rt>)")
_LANG = re.compile(r"<lang(?:\.[\w.-]+)?(?:[ \t][^<>]*)?>|</lang>")
_TAG = re.compile(r"<[^<>]*>")
_MARKUP_NAMES = ("i", "b", "u", "c", "s", "font")  # what markup.canonical reads
_MAX_NAMES = 5  # names listed in one note; the rest are counted

_CLASS_NOTE = "classes with no colour, bold, italic or underline rule ({details}) were dropped, their text kept ({where})"
_RUBY_NOTE = "the editor has no ruby: the readings are kept in brackets after their text ({where})"
_LANG_NOTE = "language spans ({details}) were dropped, their text kept ({where})"
_TIMES_NOTE = (
    "inline timestamps became word timings (used for ASS karaoke); they are not written back "
    "into the text ({where})"
)
_UNKNOWN_NOTE = (
    "tags WebVTT does not have ({details}) were dropped, their text kept, as WebVTT players do; "
    'write a literal "<" as &lt; ({where})'
)
_STRIKE_NOTE = (
    "<s> is not WebVTT: the text is struck out in the editor and in formats that have it "
    "(SubRip, ASS), but a WebVTT export leaves the strike-out out ({where})"
)
_FONT_NOTE = "<font> attributes ({details}) cannot be kept, only its colour; the text was kept ({where})"
_VOICES_NOTE = (
    'cues with several voices ({details}) became dialogue lines starting with "- ", '
    "without the names ({where})"
)


class Notes:
    """What a file lost, gathered per kind: how many cues, the first one's time, details."""

    def __init__(self) -> None:
        self.kinds: dict[str, tuple[int, str, dict[str, None]]] = {}

    def add(self, kind: str, at: str, *details: str) -> None:
        count, first, known = self.kinds.get(kind, (0, at, {}))
        known.update(dict.fromkeys(details))
        self.kinds[kind] = (count + 1, first, known)

    def sentences(self) -> tuple[str, ...]:
        """One sentence per kind, in the order first met; at most ``_MAX_NAMES`` details are
        named ("<lang a>, <lang b> and 3 more"), as ass_style's effects note does."""
        out = []
        for kind, (count, first, details) in self.kinds.items():
            where = f"first at {first}" + (f", {count} cues" if count > 1 else "")
            names = list(details)
            listed = ", ".join(names[:_MAX_NAMES])
            if len(names) > _MAX_NAMES:
                listed += f" and {len(names) - _MAX_NAMES} more"
            out.append(kind.format(details=listed, where=where))
        return tuple(out)


def _with_reading(base: str, reading: str) -> str:
    """``base`` with its ruby reading after it in brackets (full-width after CJK, no space)."""
    reading = reading.strip()
    if not reading:
        return base
    plain = _TAG.sub("", base).rstrip()
    wide = bool(plain) and ord(plain[-1]) >= 0x2E80
    return base + (f"（{reading}）" if wide else f" ({reading})")


def _ruby(match: re.Match[str]) -> str:
    """One ``<ruby>`` span as its bases, each followed by its reading in brackets. A reading
    ends at ``</rt>``, the next ``<rt>`` or the span's end; a stray ``</rt>`` is dropped.
    One split and one pass (finding each ``<rt>`` by "(.*?)<rt>" was quadratic)."""
    pieces = _RUBY_TEXT_TAG.split(match.group(1))
    out: list[str] = []
    base: list[str] = []
    reading: list[str] | None = None
    for k, piece in enumerate(pieces):
        if k % 2 == 0:
            (base if reading is None else reading).append(piece)
            continue
        if reading is not None:
            out.append(_with_reading("".join(base), "".join(reading)))
            base, reading = [], None
        if piece != "</rt>":
            reading = []
    if reading is not None:  # a reading the span's end closes leaves a last line break outside
        last = "".join(reading)
        out.append(_with_reading("".join(base), last.removesuffix("\n")) + "\n" * last.endswith("\n"))
    else:
        out += base
    return "".join(out)


def _classes(body: str, colours: dict[str, str], styles: dict[str, str], notes: Notes, at: str) -> str:
    """``<c.a.b>`` spans with only the colour classes kept and the others' styles as markup."""
    stack: list[str] = []
    dropped: list[str] = []

    def tag(match: re.Match[str]) -> str:
        if match.group(0) == "</c>":
            return stack.pop() if stack else "</c>"
        names = [n for n in match.group(1).split(".") if n]
        kept = [n for n in names if n in colours or n in VTT_COLOURS]
        extra = "".join(styles.get(n, "") for n in names)
        dropped.extend(f".{n}" for n in names if n not in kept and not styles.get(n))
        closing = "".join(f"</{t}>" for t in reversed(re.findall(r"<(\w+)>", extra)))
        stack.append(closing + "</c>")
        return "<c" + "".join(f".{n}" for n in kept) + ">" + extra

    out = _CLASS_TAG.sub(tag, body)
    if dropped:
        notes.add(_CLASS_NOTE, at, *dropped)
    return out


def _voices(body: str, notes: Notes, at: str) -> tuple[str, str | None]:
    """The body without voice tags, and its speaker; several voices become dialogue lines.

    A voice's classes (``<v.loud Aiko>``) become a ``<c.loud>`` span over its text, so their
    STYLE rules apply as they do to ``<c>``. Text before the first voice is no voice's turn: it
    keeps its own line, without a dash."""
    found = list(_VOICE.finditer(body))
    names = list(dict.fromkeys(m.group(2).strip() for m in found))
    lead = body[: found[0].start()] if found else body
    spans: list[str] = []
    for n, m in enumerate(found):
        span = body[m.end() : found[n + 1].start() if n + 1 < len(found) else len(body)]
        if m.group(1):
            inner, closed, after = span.partition("</v>")
            span = f"<c{m.group(1)}>{inner}</c>{after}" if closed else f"<c{m.group(1)}>{span}</c>"
        spans.append(span.replace("</v>", ""))
    if len(names) <= 1:
        speaker = (names[0] or None) if names else None
        return lead.replace("</v>", "") + "".join(spans), speaker
    turns: list[list[str]] = []  # each turn's lines, joined once at the end
    lead = lead.replace("</v>", "").strip()
    if lead:
        turns.append([lead])
    last = None
    for m, span in zip(found, spans):
        text = span.strip()
        if not text:
            continue
        if last == m.group(2).strip() and turns:
            turns[-1].append(text)  # the same voice again: one turn
        else:
            turns.append([text if text.startswith("-") else "- " + text])
        last = m.group(2).strip()
    notes.add(_VOICES_NOTE, at, *names)
    return "\n".join("\n".join(turn) for turn in turns), None


def _unknown_tags(body: str, notes: Notes, at: str) -> str:
    """``body`` without the tags WebVTT does not have (section 6.4: an unknown start tag is
    ignored, its text kept); ``<s>`` and ``<font>``, which the editor reads, are kept and noted."""
    dropped: list[str] = []

    def tag(match: re.Match[str]) -> str:
        name = match.group(2).split(".", 1)[0].lower()
        if name in _MARKUP_NAMES:
            return match.group(0)
        if not match.group(1):
            dropped.append(f"<{name}>")
        return ""

    out = ANY_TAG.sub(tag, body) if "<" in body else body
    if dropped:
        notes.add(_UNKNOWN_NOTE, at, *dropped)
    if re.search(r"<s[\s.>]", out, re.IGNORECASE):
        notes.add(_STRIKE_NOTE, at)
    lost = unkept_attributes(out)
    if lost:
        notes.add(_FONT_NOTE, at, *lost)
    return out


def cue_body(
    body: str, colours: dict[str, str], styles: dict[str, str], notes: Notes, at: str
) -> tuple[str, str | None]:
    """A cue's text for markup.canonical (spans it has no form for rewritten), and its voice
    (None for none or several). ``colours``: class name -> ``#rrggbb`` from the file's STYLE
    blocks; ``styles``: class name -> the canonical tags its rules ask for (``<b><i>``);
    ``at``: the cue's start as written in notes (``00:00:01.000``)."""
    if INLINE_TIME.search(body):
        notes.add(_TIMES_NOTE, at)
    clean, speaker = _voices(INLINE_TIME.sub("", body), notes, at)
    if "<ruby" in clean:
        clean = _RUBY.sub(_ruby, clean)
        notes.add(_RUBY_NOTE, at)
    if "<lang" in clean:
        langs = [m.group(0) for m in _LANG.finditer(clean) if m.group(0) != "</lang>"]
        clean = _LANG.sub("", clean)
        notes.add(_LANG_NOTE, at, *langs)
    if "<c" in clean:
        clean = _classes(clean, colours, styles, notes, at)
    return _unknown_tags(_CLASSED_STYLE.sub(r"<\1\2>", clean), notes, at), speaker
