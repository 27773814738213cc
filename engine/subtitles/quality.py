"""Per-cue quality checks against a preset, and the fixes as undoable document edits.

Each :class:`Issue` names its :class:`Rule`, so the editor can colour a cell and explain it in a
tooltip. No fix moves an existing cue's start (starts are synced to speech): fixes change ends,
and a split's later parts start between its words. Each fix computes the whole corrected cue list
first and applies it through :meth:`Document.replace`, so one fix is one undo step and a fix that
cannot help a cue (no silence to extend into, no room for the gap) leaves that cue alone rather
than breaking another.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from engine.protocol import Segment
from engine.subtitles.chinese import normalize_spacing
from engine.subtitles.cue import Cue, Edit
from engine.subtitles.dialogue import is_dialogue
from engine.subtitles.document import Document
from engine.subtitles.markup import outer_style, plain_text
from engine.subtitles.presets import Preset, counts_full_width_twice, line_lengths, text_length
from engine.subtitles.segmentation import segments_to_cues, wrap_text
from engine.subtitles.words import align_words

__all__ = [
    "Issue",
    "Rule",
    "apply_min_gap",
    "check",
    "check_cue",
    "cps",
    "extend_short_cues",
    "merge_tiny_cues",
    "rewrap_long_lines",
    "space_latin_words",
    "split_long_cues",
]


class Rule(str, enum.Enum):
    CPS = "cps"
    LINE_LENGTH = "line_length"
    LINE_COUNT = "line_count"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    OVERLAP = "overlap"
    GAP = "gap"


@dataclass(frozen=True)
class Issue:
    cue_id: int
    rule: Rule
    value: float
    limit: float
    message: str


# Said beside a figure that counts full-width characters two (a Chinese line under an English
# preset: engine.subtitles.presets.char_units), so that 44 is not read as 44 characters typed.
_WIDE = "; full-width characters count two"


def cps(cue: Cue, preset: Preset) -> float:
    """Characters per second as the preset counts them: styling tags and line breaks are not
    counted (the viewer reads :func:`~engine.subtitles.markup.plain_text`)."""
    return text_length(plain_text(cue.text), preset) * 1000 / cue.duration_ms


def _reading_ms(cue: Cue, preset: Preset) -> int:
    need = max(
        preset.min_duration_ms,
        math.ceil(text_length(plain_text(cue.text), preset) * 1000 / preset.max_cps),
    )
    return min(need, preset.max_duration_ms)


def check_cue(cue: Cue, preset: Preset, next_cue: Cue | None = None) -> list[Issue]:
    """The rules ``cue`` breaks; ``next_cue`` (the one after it) for overlap and gap."""
    issues: list[Issue] = []

    def add(rule: Rule, value: float, limit: float, message: str) -> None:
        issues.append(Issue(cue.id, rule, value, limit, message))

    speed = cps(cue, preset)
    plain = plain_text(cue.text)
    wide = counts_full_width_twice(plain, preset)
    if speed > preset.max_cps + 1e-9:
        add(
            Rule.CPS,
            speed,
            preset.max_cps,
            f"{speed:.1f} characters/s (limit {preset.max_cps:g}{_WIDE if wide else ''})",
        )
    lengths = line_lengths(plain, preset)
    if max(lengths) > preset.max_chars_per_line:
        add(
            Rule.LINE_LENGTH,
            max(lengths),
            preset.max_chars_per_line,
            f"a line of {max(lengths):g} characters (limit {preset.max_chars_per_line}{_WIDE if wide else ''})",
        )
    if len(lengths) > preset.max_lines:
        add(
            Rule.LINE_COUNT,
            len(lengths),
            preset.max_lines,
            f"{len(lengths)} lines (limit {preset.max_lines})",
        )
    if cue.duration_ms < preset.min_duration_ms:
        add(
            Rule.TOO_SHORT,
            cue.duration_ms,
            preset.min_duration_ms,
            f"on screen {cue.duration_ms} ms (minimum {preset.min_duration_ms} ms)",
        )
    if cue.duration_ms > preset.max_duration_ms:
        add(
            Rule.TOO_LONG,
            cue.duration_ms,
            preset.max_duration_ms,
            f"on screen {cue.duration_ms} ms (maximum {preset.max_duration_ms} ms)",
        )
    if next_cue is not None:
        gap = next_cue.start_ms - cue.end_ms
        if gap < 0:
            add(Rule.OVERLAP, -gap, 0, f"overlaps the next cue by {-gap} ms")
        elif gap < preset.min_gap_ms:
            add(
                Rule.GAP,
                gap,
                preset.min_gap_ms,
                f"{gap} ms before the next cue (minimum {preset.min_gap_ms} ms)",
            )
    return issues


def check(cues: Iterable[Cue], preset: Preset) -> list[Issue]:
    """Issues of every cue (a Document, or any cues, taken in time order)."""
    ordered = sorted(cues, key=lambda c: (c.start_ms, c.end_ms))
    nexts: list[Cue | None] = [*ordered[1:], None]
    return [i for cue, nxt in zip(ordered, nexts) for i in check_cue(cue, preset, nxt)]


def _commit(doc: Document, final: Sequence[Cue]) -> Edit:
    """Apply the difference between the document and ``final`` as one edit."""
    before = {c.id: c for c in doc.cues}
    added = [c for c in final if before.get(c.id) != c]
    kept = {c.id for c in final}
    removed = [i for i, c in before.items() if i not in kept or c.id in {a.id for a in added}]
    if not added and not removed:
        return Edit()
    return doc.replace(removed, added)


def apply_min_gap(doc: Document, preset: Preset) -> Edit:
    """Pull ends back so every gap is at least the minimum (when the cue stays non-empty)."""
    cues = list(doc.cues)
    for k in range(len(cues) - 1):
        cue, nxt = cues[k], cues[k + 1]
        end = nxt.start_ms - preset.min_gap_ms
        if cue.end_ms > end > cue.start_ms:
            cues[k] = dataclasses.replace(cue, end_ms=end)
    return _commit(doc, cues)


def extend_short_cues(doc: Document, preset: Preset) -> Edit:
    """Lengthen cues shorter than the minimum or their reading time (ms) into the silence after
    them, up to the minimum gap before the next cue. Only ends move: starts are synced to speech,
    and a subtitler lengthens a cue at its end (Netflix Timed Text Style Guide, "Timing")."""
    cues = list(doc.cues)
    for k, cue in enumerate(cues):
        need = _reading_ms(cue, preset)
        if cue.duration_ms >= need:
            continue
        limit = cues[k + 1].start_ms - preset.min_gap_ms if k + 1 < len(cues) else math.inf
        end = max(cue.end_ms, int(min(cue.start_ms + need, limit)))
        cues[k] = dataclasses.replace(cue, end_ms=end)
    return _commit(doc, cues)


def _too_big(cue: Cue, preset: Preset) -> bool:
    rules = {i.rule for i in check_cue(cue, preset)}
    return bool(rules & {Rule.TOO_LONG, Rule.LINE_COUNT, Rule.LINE_LENGTH})


def split_long_cues(doc: Document, preset: Preset) -> Edit:
    """Re-segment cues that are too long or hold too much text, inside their own time span
    (word timings when they still match the text, else in proportion); the first part keeps
    the id and the start (synced to speech, even when the first word is timed later). Styling that covers the whole cue covers each part; a cue styled in places is
    left alone (cutting it could split a tag)."""
    final: list[Cue] = []
    for cue in doc.cues:
        styled = outer_style(cue.text)
        if not _too_big(cue, preset) or styled is None:
            final.append(cue)
            continue
        opening, inner, closing = styled
        words = cue.words if align_words(inner, cue.words) is not None else ()
        segment = Segment(cue.start_ms, cue.end_ms, inner.replace("\n", " "), words)
        parts: list[Cue] = []
        for part in segments_to_cues([segment], preset):
            start, end = max(part.start_ms, cue.start_ms), min(part.end_ms, cue.end_ms)
            if not parts:
                start = cue.start_ms
            elif start < parts[-1].end_ms:
                start = parts[-1].end_ms
            if end <= start:
                parts = []
                break
            part_id = doc.new_id() if parts else cue.id
            parts.append(
                dataclasses.replace(
                    cue,
                    id=part_id,
                    start_ms=start,
                    end_ms=end,
                    text=opening + part.text + closing,
                    words=part.words,
                    translation=cue.translation
                    if not parts
                    else "",  # as Document.split: whole on the first part
                )
            )
        final.extend(parts if len(parts) > 1 else [cue])
    return _commit(doc, final)


def _merged(a: Cue, b: Cue, preset: Preset) -> Cue | None:
    """``a`` and ``b`` as one re-wrapped cue, when both have the same whole-cue styling,
    position and speaker (wrapping text styled in places could break inside a tag). Their translations are
    joined as they are, on two lines unless either has two already (not re-wrapped: the
    translation's rules are another language's)."""
    style_a, style_b = outer_style(a.text), outer_style(b.text)
    if style_a is None or style_b is None or style_a[0] != style_b[0] or a.alignment != b.alignment:
        return None
    if (a.speaker or None) != (b.speaker or None):
        return None  # one speaker's name would go over the other's words
    joiner = "\n" if is_dialogue(style_b[1]) else " "  # "- Hello." starts its own line
    text = wrap_text(f"{style_a[1]}{joiner}{style_b[1]}", preset)
    if text is None or b.end_ms - a.start_ms > preset.max_duration_ms:
        return None
    translations = [t for t in (a.translation, b.translation) if t]
    joiner = " " if any("\n" in t for t in translations) else "\n"
    return dataclasses.replace(
        a,
        end_ms=b.end_ms,
        text=style_a[0] + text + style_a[2],
        words=a.words + b.words,
        translation=joiner.join(translations),
    )


def merge_tiny_cues(doc: Document, preset: Preset) -> Edit:
    """Merge a cue shorter than the minimum into its nearest neighbour when they are close
    (no longer than a pause apart) and the result still fits the lines and maximum duration.
    The merged cue keeps the earlier cue's id and start and ends where the later one ended."""
    cues = list(doc.cues)
    k = 0
    while k < len(cues):
        cue = cues[k]
        if cue.duration_ms >= preset.min_duration_ms:
            k += 1
            continue
        options = []
        if k + 1 < len(cues):
            options.append((cues[k + 1].start_ms - cue.end_ms, k))
        if k > 0:
            options.append((cue.start_ms - cues[k - 1].end_ms, k - 1))
        for gap, first in sorted(options):
            merged = _merged(cues[first], cues[first + 1], preset) if gap <= preset.pause_ms else None
            if merged is not None:
                cues[first : first + 2] = [merged]
                k = first
                break
        else:
            k += 1
    return _commit(doc, cues)


def rewrap_long_lines(doc: Document, preset: Preset) -> Edit:
    """Lay out again, on the fewest balanced lines, each cue with a line over the preset's
    characters or more lines than it allows, when its text fits the preset's lines x characters:
    the transcriber's own line breaking (:func:`segmentation.wrap_text`: breaks between words,
    CJK words kept whole, a slightly shorter top line). Lines that fit keep the author's breaks;
    a cue styled in places is left alone (re-wrapping could cut a tag); times never change."""
    final: list[Cue] = []
    for cue in doc.cues:
        rules = {i.rule for i in check_cue(cue, preset)}
        styled = outer_style(cue.text)
        text = None
        if rules & {Rule.LINE_LENGTH, Rule.LINE_COUNT} and styled is not None:
            text = wrap_text(styled[1], preset)
        if text is None or styled is None:
            final.append(cue)
        else:
            final.append(dataclasses.replace(cue, text=styled[0] + text + styled[2]))
    return _commit(doc, final)


def space_latin_words(doc: Document, preset: Preset) -> Edit:
    """Space CJK text as the transcriber does (:func:`chinese.normalize_spacing`): no spaces
    between CJK characters, one on each side of a Latin word (用 iPhone15 拍照), in every cue,
    not only in those a split re-laid. Text without CJK, and cues styled in places, are left as
    they are; times never change. ``preset`` is taken for the fixes' common signature."""
    final: list[Cue] = []
    for cue in doc.cues:
        styled = outer_style(cue.text)
        if styled is None:
            final.append(cue)
            continue
        inner = "\n".join(normalize_spacing(line) for line in styled[1].split("\n"))
        final.append(dataclasses.replace(cue, text=styled[0] + inner + styled[2]))
    return _commit(doc, final)
