"""The translation view's Qt-free side: its rules, its checks, and the cues an export writes.

Each :class:`~engine.subtitles.cue.Cue` may carry a ``translation`` (same times, another
language); the :class:`~engine.subtitles.document.Document` keeps which language that is. The
translation is checked against its own language's preset (:func:`translation_preset`, the one
home of that choice being :func:`engine.subtitles.presets.resolve`), and a file is exported as
the original, the translation alone, or both in one cue (:func:`export_cues`): the original's
line(s) above the translation's, as fansub teams make bilingual subtitles.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Sequence

from engine.subtitles import quality
from engine.subtitles.cue import Cue
from engine.subtitles.markup import plain_text
from engine.subtitles.presets import Preset, resolve

__all__ = [
    "ExportText",
    "NoTranslationError",
    "check_translation",
    "export_cues",
    "has_translation",
    "translation_preset",
]

# The rules that are about the text a viewer reads; times, gaps and overlaps are the cue's own,
# shared with the original and checked there.
_TEXT_RULES = frozenset({quality.Rule.CPS, quality.Rule.LINE_LENGTH, quality.Rule.LINE_COUNT})


class ExportText(str, enum.Enum):
    """Which text an export writes for each cue."""

    ORIGINAL = "original"
    TRANSLATION = "translation"  # the translation alone, at the same times
    BOTH = "both"  # the original's line(s), then the translation's, in one cue


class NoTranslationError(ValueError):
    """An export of the translation from a file none of whose cues has one."""


def _translated(cue: Cue) -> bool:
    return bool(plain_text(cue.translation).strip())  # styling tags alone are not a translation


def has_translation(cues: Iterable[Cue]) -> bool:
    """Whether any cue has translated text (styling tags or spaces alone do not count)."""
    return any(_translated(c) for c in cues)


def translation_preset(language: str | None, custom: Preset | None = None) -> Preset:
    """The reading rules of the translation's ``language`` ("fr", "ja", "zh-TW"; None: the
    fallback preset, Netflix English), as :func:`~engine.subtitles.presets.resolve` picks them
    for a file detected in that language. ``custom`` as there."""
    return resolve(None, language, custom=custom).preset


def check_translation(cues: Iterable[Cue], preset: Preset) -> list[quality.Issue]:
    """Reading speed (characters/s over the cue's own duration), characters per line and line
    count of each cue's translation, against ``preset`` (the target language's, from
    :func:`translation_preset`). Issues name the cue's id and the same :class:`quality.Rule`
    as the original's checks; untranslated cues have none."""
    issues: list[quality.Issue] = []
    for cue in cues:
        if _translated(cue):
            as_text = dataclasses.replace(cue, text=cue.translation)
            issues += [i for i in quality.check_cue(as_text, preset) if i.rule in _TEXT_RULES]
    return issues


def export_cues(cues: Sequence[Cue], which: ExportText | str) -> list[Cue]:
    """The cues an export of ``which`` text writes, at their own times.

    ORIGINAL: ``cues`` as they are. TRANSLATION: each translated cue with its translation as its
    text; an untranslated cue is left out (it would be an empty cue on screen). BOTH: each cue's
    text, then on the next line its translation (the original alone where there is none). The
    model's word timings belong to the original's words, so those cues go without them (no
    karaoke timing of a translation).
    NoTranslationError (a ValueError, a sentence saying what to do) for TRANSLATION or BOTH when
    no cue has translated text.
    """
    which = ExportText(which)
    if which is ExportText.ORIGINAL:
        return list(cues)
    if not has_translation(cues):
        raise NoTranslationError(
            "No cue has a translation, so there is no translation to export. Type the translation"
            " in the Translation column first, or export the original text."
        )
    if which is ExportText.TRANSLATION:
        return [dataclasses.replace(c, text=c.translation, words=()) for c in cues if _translated(c)]
    return [
        dataclasses.replace(c, text=f"{c.text}\n{c.translation}" if _translated(c) else c.text, words=())
        for c in cues
    ]
