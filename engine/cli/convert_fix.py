"""``convert --fix``: the preset's fixes on the editor's document, by the rules of the file's
language (``--preset auto``, the default) or the preset chosen.

``auto`` reads the language from the cues' text (:func:`engine.subtitles.text_language.text_language`)
and picks its preset through :func:`engine.subtitles.presets.resolve`, the rule ``transcribe``
and the window use with the language Whisper heard. The fixes, in order: CJK spacing as the
transcriber writes it, tiny cues merged, long ones split, over-long lines re-wrapped, short cues
lengthened, the minimum gap kept (:mod:`engine.subtitles.quality`; no fix moves a start).
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.subtitles import quality
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document, format_ms
from engine.subtitles.markup import plain_text
from engine.subtitles.overlaps import overlap_note, resolve_and_count
from engine.subtitles.presets import Preset, Rules, resolve
from engine.subtitles.quality import cps
from engine.subtitles.text_language import text_language

__all__ = ["FIXES", "apply_fixes", "fix_notes", "fix_rules", "overlap_lines", "still_outside"]

FIXES = (
    quality.space_latin_words,
    quality.merge_tiny_cues,
    quality.split_long_cues,
    quality.rewrap_long_lines,
    quality.extend_short_cues,
    quality.apply_min_gap,
)


def fix_rules(doc: Document, choice: str) -> tuple[Rules, str]:
    """The rules ``--fix`` applies to ``doc`` and the line that names them for the user:
    ``language ja (from the text), preset Netflix Japanese (13 full-width characters a line,
    4 cps)`` for auto, ``preset Netflix German (...)`` for a chosen one; when the text tells no
    clear language (user test 6), ``language unclear from the text; preset Netflix English
    (...): pass --preset to choose``. Never converts the
    Chinese script (``convert`` keeps the text's own)."""
    if choice != "auto":
        rules = resolve(choice, None, "none")
        return rules, f"preset {rules.describe()}"
    language = text_language(plain_text(cue.text) for cue in doc.cues)
    rules = resolve("auto", language, "none")
    if language is None:  # no letters, or words of no clear language: English, and say so
        return rules, f"language unclear from the text; preset {rules.describe()}: pass --preset to choose"
    return rules, f"language {language} (from the text), preset {rules.describe()}"


_QUOTED = 40  # characters of a cue's text quoted in a line


def overlap_lines(
    as_read: Sequence[Cue], before: Sequence[Cue], after: Sequence[Cue], preset: Preset
) -> list[str]:
    """What ``--fix`` did to overlapping cues, for the user: one line with the counts, and one
    per cue cut to end where the next starts that now reads faster than ``preset.max_cps``
    (user test 6: 1-4 s and 2-5 s made the first 0.9 s long, 27 characters a second against
    20, in silence). ``as_read`` are the file's cues, ``before`` the editor's document made
    apart (:func:`~engine.subtitles.overlaps.resolve_overlaps`), ``after`` the cues after the
    fixes; a cut cue is found after them by its start and its text (fixes re-wrap lines)."""
    _, merged, shortened = resolve_and_count(as_read)
    if not merged and not shortened:
        return []
    lines = [overlap_note(as_read, merged, shortened, convert=True)]

    def key(cue: Cue) -> tuple[int, str]:
        return cue.start_ms, " ".join(plain_text(cue.text).split())

    read_end = {key(cue): cue.end_ms for cue in as_read}
    cut = {key(cue) for cue in before if read_end.get(key(cue), cue.end_ms) > cue.end_ms}
    for number, cue in enumerate(after, 1):
        speed = cps(cue, preset)
        if key(cue) not in cut or speed <= preset.max_cps:
            continue
        text = key(cue)[1]
        text = text if len(text) <= _QUOTED else text[: _QUOTED - 1] + "…"
        lines.append(
            f"cue {number} ({format_ms(cue.start_ms)} {text!r}) now reads at {speed:.0f} characters a "
            f"second, over the preset's {preset.max_cps:g}: it was cut short for the next cue and ends at "
            f"{format_ms(cue.end_ms)}; lengthen it, join the two as one cue with a dash before each "
            "speaker's line, or convert without --fix to keep the overlap"
        )
    return lines


def apply_fixes(doc: Document, rules: Rules) -> None:
    """Every fix of :data:`FIXES` on ``doc``, each one undo step, by ``rules``' preset."""
    for fix in FIXES:
        fix(doc, rules.preset)


def still_outside(cues: Sequence[Cue], preset: Preset) -> list[str]:
    """After the fixes, the cues still outside ``preset``'s rules, in one line for the user ([]
    when none): ``2 cues are still outside the preset's rules, which --fix cannot mend without changing
    words: cue 1 (0:00:01.000): 3 lines (limit 2); ...``. Three are quoted, in time order (a cue
    of three speakers' lines, a line too long to break between words, speech too fast)."""
    issues = quality.check(cues, preset)
    if not issues:
        return []
    numbers = {cue.id: n for n, cue in enumerate(sorted(cues, key=lambda c: (c.start_ms, c.end_ms)), 1)}
    starts = {cue.id: cue.start_ms for cue in cues}
    by_cue: dict[int, list[str]] = {}
    for issue in issues:
        by_cue.setdefault(issue.cue_id, []).append(issue.message)
    count = len(by_cue)
    shown = [
        f"cue {numbers[cue_id]} ({format_ms(starts[cue_id])}): {', '.join(messages)}"
        for cue_id, messages in list(by_cue.items())[:3]
    ]
    more = f"; and {count - 3} more" if count > 3 else ""
    verb = "are" if count > 1 else "is"
    return [
        f"{count} cue{'s' if count > 1 else ''} {verb} still outside the preset's rules, which --fix "
        f"cannot mend without changing words: {'; '.join(shown)}{more}. Edit {'them' if count > 1 else 'it'} "
        "in the window, where each is marked with why, or reword"
    ]


def fix_notes(
    as_read: Sequence[Cue], before: Sequence[Cue], after: Sequence[Cue], preset: Preset
) -> list[str]:
    """Every line ``--fix`` says after its fixes: :func:`overlap_lines`, then :func:`still_outside`."""
    return [*overlap_lines(as_read, before, after, preset), *still_outside(after, preset)]
