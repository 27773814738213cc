"""The main window: a queue of files on top, the selected file's cues below, live as they arrive.

Layout only plus the wiring between the queue, the sessions and the engine controller; the
models, the engine and the subtitle rules live elsewhere (each file's own preset and frame
rate: gui.file_rules, shown and chosen in the bar through gui.window_rules).

    empty queue:  DropZone (drop files here, Open, Import)
    otherwise:    splitter [ QueueView (at least 4 rows) | FileRulesBar over EditorPanel ]
    status bar:   MessageBar (long messages end in "…", the whole text in the tooltip)

The splitter's sizes are kept across runs in QSettings ("window/splitter", gui.window_rules),
beside, not inside, the Preferences (gui.settings).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from engine.subtitles.presets import Preset
from gui import subtitle_files
from gui.editor_panel import EditorPanel
from gui.engine_client import ClientFactory, EngineController
from gui.engine_events import EngineEvents
from gui.exports import Exports
from gui.file_queue import FileQueue
from gui.models.queue_model import QueueModel
from gui.safekeeping import Safekeeping
from gui.sessions import FileSession, SessionStore
from gui.settings import APPLICATION, ORGANIZATION, AppSettings, save_settings
from gui.shortcuts import apply_choices
from gui.translation_language import connect_translation_language
from gui.views.drop_zone import DropZone
from gui.views.file_rules_bar import FileRulesBar
from gui.views.message_bar import MessageBar
from gui.views.queue_view import MEDIA_EXTENSIONS, QueueView
from gui.views.settings_dialog import SettingsDialog
from gui.views.subtitle_dialogs import ExportOptions
from gui.window_rules import SPLITTER_KEY, WindowRules, restore_layout, save_layout

log = logging.getLogger(__name__)

__all__ = ["SPLITTER_KEY", "MainWindow"]  # SPLITTER_KEY: re-exported from gui.window_rules


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: AppSettings,
        *,
        client_factory: ClientFactory | None = None,
        autosave_folder: Path | None = None,
        peaks_cache: Path | None = None,
        persist_settings: bool = True,
        window_state: QSettings | None = None,
    ) -> None:
        """``window_state``: where the layout (splitter sizes) is kept; by default the app's
        QSettings when ``persist_settings``, else nowhere (tests)."""
        super().__init__()
        self.settings = settings
        self._persist = persist_settings
        if window_state is None and persist_settings:
            window_state = QSettings(ORGANIZATION, APPLICATION)
        self._window_state = window_state
        self.resize(1200, 800)
        self.setAcceptDrops(True)

        if client_factory is None:
            self.engine = EngineController(settings.engine_config(), self)
        else:
            self.engine = EngineController(settings.engine_config(), self, client_factory=client_factory)
        self.sessions = SessionStore(autosave_folder, self)
        self.safekeeping = Safekeeping(self)  # recovery, a file added twice, saving, quitting
        self.exports = Exports(self)  # the Export dialog, export all, auto-export
        self.undo_group = QUndoGroup(self)
        # The modified marker shows exactly when Quit would ask (Safekeeping.confirm_close):
        # some file has cues neither exported nor saved since they last changed.
        self.sessions.unsaved_changed.connect(lambda: self.setWindowModified(bool(self.sessions.unsaved())))

        self.queue_model = QueueModel(self)
        self.queue_view = QueueView()
        self.queue_view.setModel(self.queue_model)
        self.editor = EditorPanel(peaks_cache=peaks_cache)
        self.cue_view = self.editor.cue_view
        self.setStatusBar(MessageBar())
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.rules_bar = FileRulesBar()
        self.window_rules = WindowRules(self)  # the bar, the frames view and the splitter layout
        connect_translation_language(self)  # the rules bar's Translation box (gui.translation_language)
        self.editor.set_unsure_threshold(settings.unsure_word_below)  # as AppSettings says

        editor_page = QWidget()
        editor_layout = QVBoxLayout(editor_page)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        editor_layout.addWidget(self.rules_bar)
        editor_layout.addWidget(self.editor, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.queue_view)
        self.splitter.addWidget(editor_page)
        self.splitter.setStretchFactor(0, 0)  # the queue keeps its height; the editor takes the rest
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.queue_view.minimumSizeHint().height() + 40, 10_000])
        restore_layout(self.splitter, self._window_state)
        self.splitter.splitterMoved.connect(lambda *_: save_layout(self.splitter, self._window_state))
        self.drop_zone = DropZone()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.drop_zone)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)
        self.engine_label = QLabel(self.tr("Engine: starting…"))
        self.memory_label = QLabel()
        self.import_busy = QProgressBar(textVisible=False)
        self.import_busy.setMaximumWidth(120)
        self.import_busy.setRange(0, 0)  # busy: a read has no progress to report
        self.import_busy.hide()
        self.statusBar().addPermanentWidget(self.import_busy)
        self.statusBar().addPermanentWidget(self.engine_label)
        self.statusBar().addPermanentWidget(self.memory_label)
        self._build_menus()
        apply_choices(self, settings.shortcuts)  # the user's keys (Preferences › Shortcuts)
        self._connect()
        self.engine.start()

    # ---------------------------------------------------------------- construction

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = file_menu.addAction(
            self.tr("&Open files…"), QKeySequence.StandardKey.Open, self.open_files
        )
        self.export_action = file_menu.addAction(
            self.tr("&Export subtitles…"), QKeySequence("Ctrl+E"), self.export_current
        )
        self.export_all_action = file_menu.addAction(self.tr("Export &all finished…"), self.export_all)
        file_menu.addSeparator()
        self.open_project_action = file_menu.addAction(
            self.tr("Open &project…"), QKeySequence("Ctrl+Shift+O"), self.open_project
        )
        self.save_project_action = file_menu.addAction(
            self.tr("&Save project…"), QKeySequence.StandardKey.Save, self.save_project
        )
        self.import_action = file_menu.addAction(self.tr("&Import subtitles…"), self.import_subtitles)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        # Both, once each: StandardKey.Redo is Ctrl+Shift+Z on KDE and GNOME and Ctrl+Y on
        # Windows, so adding it to either gave one key twice ("Ambiguous shortcut overload").
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.editor.next_unsure_action, self.editor.previous_unsure_action])
        edit_menu.addSeparator()
        timing_menu = self.menuBar().addMenu(self.tr("&Timing"))
        self.editor.actions.add_to_menus(edit_menu, timing_menu)
        playback_menu = self.menuBar().addMenu(self.tr("&Playback"))
        playback_menu.addActions(self.editor.playback_actions[:4])
        timing_menu.addSeparator()
        timing_menu.addActions(self.editor.playback_actions[4:])
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.frames_action = view_menu.addAction(self.tr("Times as &frames"))
        self.frames_action.setCheckable(True)
        self.frames_action.toggled.connect(self.window_rules.frames_toggled)
        view_menu.addAction(self.cue_view.follow_action)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.preferences_action: QAction = settings_menu.addAction(
            self.tr("&Preferences…"), self.edit_settings
        )
        self.models_action = settings_menu.addAction(self.tr("&Models…"), self.manage_models)

    def _connect(self) -> None:
        self.files = FileQueue(self)  # media, imports, projects and the queue's requests
        self.engine_events = EngineEvents(self)  # the engine's events to the queue, sessions, status bar
        self.queue_view.selectionModel().currentRowChanged.connect(self._on_queue_current_changed)
        self.drop_zone.files_dropped.connect(self.files.open_dropped)
        self.drop_zone.open_requested.connect(self.open_files)
        self.drop_zone.import_requested.connect(self.import_subtitles)
        for signal in (
            self.queue_model.rowsInserted,
            self.queue_model.rowsRemoved,
            self.queue_model.modelReset,
        ):
            signal.connect(self._show_page)
        self._show_page()
        self._update_title()

    @property
    def preset(self) -> Preset:
        return self.settings.subtitle_preset()

    # ---------------------------------------------------------------- files in (gui.file_queue)

    def open_files(self) -> None:
        self.files.open_files()

    def add_files(self, paths: Iterable[Path]) -> None:
        """Queue files (folders are expanded) and hand them to the engine at once (FileQueue.add_files)."""
        self.files.add_files(paths)

    def open_project(self) -> None:
        self.files.open_project()

    def import_subtitles(self) -> None:
        self.files.import_subtitles()

    def start_import(self, subtitle_file: Path) -> subtitle_files.SubtitleImport:
        """Read subtitles off the GUI thread and open them when read (FileQueue.start_import)."""
        return self.files.start_import(subtitle_file)

    def import_subtitle_file(self, subtitle_file: Path) -> FileSession | None:
        """:meth:`start_import`, waiting until the file is open (FileQueue.import_subtitle_file)."""
        return self.files.import_subtitle_file(subtitle_file)

    def load_project_file(self, project_file: Path) -> FileSession | None:
        """Open a saved project as a finished file in the queue (FileQueue.load_project_file)."""
        return self.files.load_project_file(project_file)

    def queue_finished(self, session: FileSession, tag: str, origin: str) -> None:
        """A transcript that needs no engine as a done row (FileQueue.queue_finished)."""
        self.files.queue_finished(session, tag, origin)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files dropped anywhere on the window, not only on the queue, are queued (as a copy:
        accepting a move would let a file manager delete the source)."""
        if event.mimeData().hasUrls() and event.possibleActions() & Qt.DropAction.CopyAction:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.files.open_dropped([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])

    # ---------------------------------------------------------------- layout

    def _show_page(self, *_: object) -> None:
        """The drop zone while the queue is empty, the queue and editor once a file is in it."""
        empty = self.queue_model.rowCount() == 0
        self.pages.setCurrentWidget(self.drop_zone if empty else self.splitter)

    def _update_title(self) -> None:
        """ "<file> [*] – Whisper for Subs": Qt shows the [*] as "*" while the file has unsaved edits."""
        session = self.current_session()
        if session is None:
            self.setWindowTitle(self.tr("Whisper for Subs") + " [*]")
        else:
            self.setWindowTitle(self.tr("{0} [*] – Whisper for Subs").format(session.path.name))

    # ---------------------------------------------------------------- the current file

    def current_session(self) -> FileSession | None:
        row = self.queue_view.currentIndex().row()
        if row < 0:
            return None
        job_id = self.queue_model.item(row).job_id
        return self.sessions.by_job(job_id) if job_id else None

    def _on_queue_current_changed(self, *_: object) -> None:
        self.show_current_file()

    def show_current_file(self) -> None:
        """The current row's transcript in the editor, its rules in the bar, its name in the title."""
        session = self.current_session()
        self._update_title()
        self.window_rules.show(session)
        if session is None:
            self.editor.show_file(None, None)
            return
        # subtitles imported with no media beside them (also once saved as a project and
        # reopened or recovered): nothing to play, not the subtitle file
        media = session.path if session.path.suffix.lower() in MEDIA_EXTENSIONS else None
        self.editor.show_file(media, session.model, session.audio_stream)
        self.undo_group.addStack(session.model.undo_stack)
        self.undo_group.setActiveStack(session.model.undo_stack)

    # ---------------------------------------------------------------- each file's rules (gui.window_rules)

    def _rules(self, session: FileSession) -> tuple[Preset, str]:
        """The preset and Chinese mode the file is segmented by (WindowRules.rules)."""
        return self.window_rules.rules(session)

    def apply_file_rules(self, session: FileSession) -> None:
        """The file's own preset and frame rate applied, the bar following (WindowRules.apply)."""
        self.window_rules.apply(session)

    # ---------------------------------------------------------------- export

    def save_project(self) -> None:
        session = self.current_session()
        if session is not None:
            self.safekeeping.save_project(session)

    def export_current(self) -> None:
        self.exports.export_current()

    def export_with(
        self, session: FileSession, target: Path, options: ExportOptions, overwrite: bool
    ) -> bool:
        return self.exports.export_with(session, target, options, overwrite)

    def export_all(self) -> None:
        self.exports.export_all()

    def export_finished(self, folder: Path, formats: list[str]) -> list[Path]:
        return self.exports.export_finished(folder, formats)

    # ---------------------------------------------------------------- settings and closing

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            self.apply_settings(dialog.settings())

    def manage_models(self) -> None:
        from gui.views.model_manager import ModelManagerDialog

        def lines(text: str) -> list[str]:
            return [line for line in text.splitlines() if line.strip()]

        dialog = ModelManagerDialog(
            self, lines(self.settings.model_folders), lines(self.settings.model_repos)
        )
        dialog.model_chosen.connect(lambda name: self.apply_settings(replace(self.settings, model=name)))
        dialog.folders_changed.connect(
            lambda: self.apply_settings(
                replace(
                    self.settings,
                    model_folders="\n".join(dialog.extra_folders()),
                    model_repos="\n".join(dialog.extra_repos()),
                )
            )
        )
        dialog.exec()

    def apply_settings(self, settings: AppSettings) -> None:
        old, self.settings = self.settings, settings
        if self._persist:
            save_settings(settings)
        for session in self.sessions.sessions:
            self.apply_file_rules(session)
        if settings.engine_config() != old.engine_config():
            self.engine.configure(settings.engine_config())

    def offer_recovery(self) -> None:
        """Damaged autosaves reported, then each transcript left unsaved offered back (gui.safekeeping)."""
        self.safekeeping.offer_recovery()

    def recover(self, project_files: Iterable[Path]) -> list[FileSession]:
        return self.safekeeping.recover(project_files)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Asks first when work is neither exported nor saved; what is kept is offered at the next start."""
        if not self.safekeeping.confirm_close():
            event.ignore()
            return
        save_layout(self.splitter, self._window_state)
        self.editor.player.stop()
        self.engine.shutdown()
        event.accept()
