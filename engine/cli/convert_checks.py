"""What ``convert`` refuses to write, read or not (user test 6): a file whose reading lost or
misplaced text, one with no cue, and one whose encoding the guess is unsure of. Each refusal
is one sentence naming what is wrong and what to do; the input is then not converted (exit 1).
"""

from __future__ import annotations

from engine.subtitles.encodings import EncodingGuess
from engine.subtitles.io import LoadedFile

__all__ = ["refusal_of"]

_PREVIEW_SHOWN = 60  # characters of each reading's text in the refusal


def refusal_of(loaded: LoadedFile, size_bytes: int) -> str:
    """Why ``loaded`` (a file of ``size_bytes`` bytes) must not be converted, or ``""``.

    In this order: damage (:attr:`~engine.subtitles.io.LoadedFile.damage`: a timecode that
    cannot be read, text in no cue; also when no cue was read, so a file whose only timecode
    is broken says so), no cue with text (junk gets this alone, not an encoding note first),
    and an unsure encoding guess (:func:`unsure_encoding`). UTF-8 with a few stray bytes is
    not refused: its own note says where they are.
    """
    if loaded.damage:  # never write a file with a cue lost or a timecode inside a cue's text
        them = "them" if len(loaded.damage) > 1 else "it"
        return f"{'; '.join(loaded.damage)}: fix {them} and convert again; nothing was written"
    if not loaded.cues:
        return f"no cue with text was found in it ({size_bytes} bytes); nothing was written"
    guess = loaded.encoding_guess
    if guess is not None and guess.unsure and not guess.note:
        return unsure_encoding(guess)
    return ""


def unsure_encoding(guess: EncodingGuess) -> str:
    """The refusal of a file whose encoding the guess is unsure of (user test 6: a short
    Shift-JIS file was written as cp1255 mojibake): the text as each likely encoding reads
    it (the guess and up to three alternatives, :data:`_PREVIEW_SHOWN` characters each), and
    how to choose."""
    readings = [(guess.encoding, guess.preview)] + [(a.encoding, a.preview) for a in guess.alternatives[:3]]
    shown = ", ".join(f"{preview[:_PREVIEW_SHOWN]!r} as {name}" for name, preview in readings)
    return (
        f"its text encoding is unclear: its text reads {shown}: pass --encoding NAME with the "
        f"one that reads right (e.g. --encoding {guess.encoding}) and convert again; nothing was written"
    )
