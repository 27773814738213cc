"""The window's side of each file's rules: the FileRulesBar, the frames view and the splitter layout.

Each file is segmented and checked by its own preset at its own frame rate (gui.file_rules);
this part keeps the bar above the editor showing the current file's choice, applies a choice
made there (kept in the file's autosave) and shows times as frames at each file's own rate
when View › Times as frames is on. The queue | editor splitter's sizes are kept across runs in
QSettings ("window/splitter"), beside, not inside, the Preferences (gui.settings). Strings keep
the "MainWindow" translation context they had there.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QSplitter

from engine.subtitles.presets import PRESETS, Preset
from gui.file_rules import effective_preset, file_frame_rate, file_rules, rate_source
from gui.sessions import FileSession
from gui.views.file_rules_bar import ShownRules

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "literal") calls

SPLITTER_KEY = "window/splitter"  # QSettings key: the queue | editor splitter's saveState()


def restore_layout(splitter: QSplitter, window_state: QSettings | None) -> None:
    """The splitter's sizes as the user left them, if ``window_state`` has them and they read."""
    if window_state is not None:
        state = window_state.value(SPLITTER_KEY)
        if state is not None and not splitter.restoreState(state):
            log.info("the saved splitter layout could not be read; the default is used")


def save_layout(splitter: QSplitter, window_state: QSettings | None) -> None:
    """Keep the splitter's sizes for the next run (nowhere when ``window_state`` is None: tests)."""
    if window_state is not None:
        window_state.setValue(SPLITTER_KEY, splitter.saveState())


class WindowRules:
    """Acts for one MainWindow: connected to its rules bar at construction."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        window.rules_bar.preset_chosen.connect(self._on_rules_bar_preset_chosen)
        window.rules_bar.frame_rate_chosen.connect(self._on_rules_bar_frame_rate_chosen)

    def rules(self, session: FileSession) -> tuple[Preset, str]:
        """The preset and Chinese mode the file is segmented by: its own preset if the user chose
        one, else the Preferences' for its language, as the CLI resolves them (gui.file_rules)."""
        rules = file_rules(self.window.settings, session)
        return rules.preset, rules.chinese

    def apply(self, session: FileSession) -> None:
        """Check the file against its own preset at its own frame rate (gui.file_rules), show
        its times as frames at that rate when the frames view is on, and the bar follows."""
        window = self.window

        def change() -> None:
            session.model.set_preset(effective_preset(window.settings, session))
            if window.frames_action.isChecked():
                session.model.set_frame_rate(file_frame_rate(window.settings, session))

        window.sessions.restyle(session, change)
        if session is window.current_session():
            self.show(session)

    def show(self, session: FileSession | None) -> None:
        """The bar shows ``session``'s choices and what automatic would give (empty for None)."""
        bar, settings = self.window.rules_bar, self.window.settings
        if session is None:
            bar.show_rules(None)
            return
        rate, source = rate_source(settings, session)
        bar.show_rules(
            ShownRules(
                session.preset_choice,
                settings.subtitle_preset(session.language).name,  # what automatic gives
                session.rate_choice,
                rate,
                source,
                settings.preset not in PRESETS,  # "auto" (or unknown): by the file's language
            ),
            session.path.name,
        )

    def frames_toggled(self, on: bool) -> None:
        """Start and end as H:MM:SS:FF at each file's own frame rate, for every open file."""
        window = self.window
        for session in window.sessions.sessions:
            session.model.set_frame_rate(file_frame_rate(window.settings, session) if on else None)
        current = window.current_session()
        if on and current is not None:
            rate = file_frame_rate(window.settings, current)
            window.statusBar().showMessage(
                translate("MainWindow", "Times in frames at {0:g} fps").format(rate), 5000
            )

    def _on_rules_bar_preset_chosen(self, preset_id: str | None) -> None:
        session = self.window.current_session()
        if session is not None:
            session.preset_choice = preset_id
            self.apply(session)
            self.window.sessions.touch(session)  # kept in its autosave

    def _on_rules_bar_frame_rate_chosen(self, rate: float | None) -> None:
        session = self.window.current_session()
        if session is not None:
            session.rate_choice = rate
            self.apply(session)
            self.window.sessions.touch(session)
