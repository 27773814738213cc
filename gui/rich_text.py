"""A cue's styled text in Qt's rich-text documents, and back, for the cue table and its editor.

The document keeps styling as canonical markup (engine.subtitles.markup: ``<i>``, ``<b>``,
``<u>``, ``<s>``, ``<font color="#rrggbb">``). The editor shows the styles, not the tags, so a
position the user sees (the text cursor) is a position in the plain text; :func:`tagged_position`
turns it into one in the tagged text, which is what Document.split takes.

    cue.text --to_rich_text()--> QTextDocument (what the user sees and edits)
    QTextDocument --markup_of()--> canonical text --> setData (the single edit path)
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFont, QTextCharFormat, QTextDocument

from engine.subtitles import markup

__all__ = ["load_markup", "markup_of", "rich_html", "tagged_position"]

# The canonical tags as engine.subtitles.markup writes them (its module docstring);
# tests check that removing these gives exactly markup.plain_text().
_TAG = re.compile(r"</?(?:[ibus]|font)(?: [^<>]*)?>")


def overlaps_a_tag(text: str, start: int, end: int) -> bool:
    """True when [start, end) of a cue's tagged text touches a styling tag (Find & Replace
    must not match 'color' in '<font color=...>' nor replace across a tag)."""
    return any(tag.start() < end and start < tag.end() for tag in _TAG.finditer(text))


def tagged_position(text: str, visible: int) -> int:
    """The position in tagged ``text`` just before character ``visible`` of its plain text
    (after any tags in front of it), so a cut there falls on the character itself: the space
    markup.split_markup drops is at the cut, and it closes and reopens the styles open there."""
    seen = pos = 0
    for match in _TAG.finditer(text):
        gap = match.start() - pos
        if seen + gap > visible:
            return pos + (visible - seen)
        seen += gap
        pos = match.end()
    return min(pos + (visible - seen), len(text))


def rich_html(text: str, *, one_line: bool = False) -> str:
    """HTML for a QTextDocument showing ``text``'s styles; spaces kept as typed. ``one_line``
    joins lines with " / " as the table's Text column shows them."""
    body = markup.to_rich_text(text)
    if one_line:
        body = body.replace("<br>", " / ")  # to_rich_text escapes a literal "<br>" in the text
    return f'<span style="white-space: pre-wrap">{body}</span>'


def load_markup(document: QTextDocument, text: str) -> None:
    """Show ``text`` in ``document`` styled, with the tags hidden; the document is left unmodified."""
    document.setHtml(rich_html(text))
    document.setModified(False)


_STYLES = ("i", "b", "u", "s")


def _style_of(fmt: QTextCharFormat) -> dict[str, str | None]:
    colour = (
        fmt.foreground().color().name() if fmt.hasProperty(QTextCharFormat.Property.ForegroundBrush) else None
    )
    return {
        "i": "i" if fmt.fontItalic() else None,
        "b": "b" if fmt.fontWeight() >= QFont.Weight.DemiBold else None,
        "u": "u" if fmt.fontUnderline() else None,
        "s": "s" if fmt.fontStrikeOut() else None,
        "font": colour,
    }


def markup_of(document: QTextDocument) -> str:
    """Canonical text of what ``document`` shows: each style change becomes a tag, and
    markup.canonical() balances them. Text that looks like a tag is a tag, as it is in a cue."""
    parts: list[str] = []
    state: dict[str, str | None] = {"i": None, "b": None, "u": None, "s": None, "font": None}
    block = document.begin()
    first = True
    while block.isValid():
        if not first:
            parts.append("\n")
        first = False
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                style = _style_of(fragment.charFormat())
                for name in (*_STYLES, "font"):
                    if style[name] != state[name]:
                        if state[name] is not None:
                            parts.append(f"</{name}>")
                        if style[name] is not None:
                            parts.append(f"<{name}>" if name != "font" else f'<font color="{style[name]}">')
                parts.append(fragment.text().replace("\u2028", "\n").replace("\u2029", "\n"))
                state = style
            it += 1
        block = block.next()
    for name in (*_STYLES, "font"):
        if state[name] is not None:
            parts.append(f"</{name}>")
    joined = "".join(parts)
    text, alignment = markup.canonical(joined)
    shown = document.toPlainText().replace("\u2028", "\n").replace("\u2029", "\n")
    if alignment is not None or markup.plain_text(text) != markup.plain_text(shown):
        # What the user typed holds something canonical() would drop or change ("<Ana>",
        # "{\an8}", "C:\new"): keep every typed character rather than lose one silently.
        return joined
    return text
