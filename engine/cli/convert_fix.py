"""``convert --fix``: the preset's fixes on the editor's document, by the rules of the file's
language (``--preset auto``, the default) or the preset chosen.

``auto`` reads the language from the cues' text (:func:`engine.subtitles.text_language.text_language`)
and picks its preset through :func:`engine.subtitles.presets.resolve`, the rule ``transcribe``
and the window use with the language Whisper heard. The fixes, in order: CJK spacing as the
transcriber writes it, tiny cues merged, long ones split, over-long lines re-wrapped, short cues
lengthened, the minimum gap kept (:mod:`engine.subtitles.quality`; no fix moves a start).
"""

from __future__ import annotations

from engine.subtitles import quality
from engine.subtitles.document import Document
from engine.subtitles.markup import plain_text
from engine.subtitles.presets import Rules, resolve
from engine.subtitles.text_language import text_language

__all__ = ["FIXES", "apply_fixes", "fix_rules"]

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


def apply_fixes(doc: Document, rules: Rules) -> None:
    """Every fix of :data:`FIXES` on ``doc``, each one undo step, by ``rules``' preset."""
    for fix in FIXES:
        fix(doc, rules.preset)
