"""The window's side of each file's translation language (issue 15, point 7): the rules bar's
"Translation:" box shows the current file's and sets it.

The language is the document's (engine.subtitles.document.Document.translation_language, kept
in the file's project); the cue model checks the Translation column with that language's
preset (CueTableModel.set_translation_language, engine.subtitles.translation). A choice counts
as a change of the file (SessionStore.touch: autosaved, and the close asks about it), not as an
undo step, like the file's preset and frame rate (gui.window_rules).

    rules bar: translation_language_chosen(code) -> the current session's model, touched
               rules_shown (another file shown)  -> the box shows that file's language
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.main_window import MainWindow

__all__ = ["choose_translation_language", "connect_translation_language", "show_translation_language"]

_CONNECTED = "translation_language_connected"  # FileRulesBar property: connected once


def connect_translation_language(window: MainWindow) -> None:
    """Wire ``window.rules_bar``'s Translation box to the window's current file; once per
    window (a second call does nothing). The window calls it after making its rules bar."""
    bar = window.rules_bar
    if bar.property(_CONNECTED):
        return
    bar.setProperty(_CONNECTED, True)
    bar.translation_language_chosen.connect(lambda code: choose_translation_language(window, code))
    bar.rules_shown.connect(lambda: show_translation_language(window))
    show_translation_language(window)


def choose_translation_language(window: MainWindow, code: str | None) -> None:
    """The user chose ``code`` ("fr"; None: none) for the current file: its Translation column
    is checked with that language's preset from now on, and the file counts as changed."""
    session = window.current_session()
    if session is None or session.model.translation_language == code:
        return
    session.model.set_translation_language(code)
    window.sessions.touch(session)  # kept in its autosave and its project; the close asks


def show_translation_language(window: MainWindow) -> None:
    """The box shows the current file's translation language (none when no file is shown)."""
    session = window.current_session()
    window.rules_bar.show_translation_language(
        session.model.translation_language if session is not None else None
    )
