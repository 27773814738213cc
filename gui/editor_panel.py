"""The editor: the selected file's waveform above its cue table, playback, and timing by keyboard.

The table and the waveform show the same CueTableModel and keep their selection in step by cue id.
Playback plays the file's audio (decoded off the GUI thread); the playhead follows it on the
waveform. Keyboard timing as in Aegisub: play the cue, set its start or end at the playhead,
then commit and go to the next cue. The decoding job and the video pane's loading are in
gui.editor_media.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QToolButton, QVBoxLayout, QWidget

from engine.subtitles.markup import plain_text
from gui import confidence
from gui.editor_actions import EditorActions
from gui.editor_media import AudioJob, make_video_preview
from gui.models.cue_model import TEXT, TRANSLATION, CueTableModel
from gui.peaks import PeaksLoader, source_key
from gui.playback import Player
from gui.views.cue_delegate import CueTextDelegate
from gui.views.cue_table import CueTable
from gui.views.cue_text_box import CueTextBox
from gui.views.waveform import WaveformView

log = logging.getLogger(__name__)


class EditorPanel(QWidget):
    message = Signal(str)  # for the status bar
    # Every refusal of an edit, undo or redo of the file shown (its EditController.refused), in
    # words with the table's row numbers; also passed on to ``message``.
    edit_refused = Signal(str)
    actions: EditorActions  # type: ignore[assignment]  # the editor's commands; hides QWidget.actions()

    def __init__(self, parent: QWidget | None = None, peaks_cache: Path | None = None) -> None:
        super().__init__(parent)
        self.waveform = WaveformView()
        self.cue_view = CueTable()  # stays still while cues stream in; its follow_action to watch
        self.cue_view.setItemDelegateForColumn(TEXT, CueTextDelegate(self.cue_view))
        self.cue_view.setItemDelegateForColumn(TRANSLATION, CueTextDelegate(self.cue_view))
        self.video = make_video_preview()
        top = self._top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.waveform)
        if self.video is not None:
            top.addWidget(self.video)
            top.setStretchFactor(0, 3)
            top.setStretchFactor(1, 1)
            self.video.hide()
        # Under the table, as in Subtitle Edit: the selected cue's text with its counters.
        self.text_box = CueTextBox()
        self.unsure_threshold = confidence.threshold()  # the preference (gui.confidence)
        self.next_unsure_action, self.previous_unsure_action = self._make_unsure_actions()
        bar = QHBoxLayout()
        for action in (self.cue_view.follow_action, self.next_unsure_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        bar.addStretch(1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(bar)
        bottom_layout.addWidget(self.text_box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.cue_view)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.actions = EditorActions(self.cue_view, self, scope=self)  # keys live in the whole panel
        self.actions.message.connect(self.message)
        self.actions.selection_changed.connect(self.waveform.set_selected_ids)  # every selected cue
        self.edit_refused.connect(self.message)
        self._shown: CueTableModel | None = None
        self.player = Player(self)
        self.peaks = PeaksLoader(peaks_cache, parent=self)
        self._audio_jobs: list[AudioJob] = []  # kept alive until they report
        self._path: str | None = None  # source_key() of the audio shown
        self._path_only: str | None = None  # its file, which the video shows
        self.cursor_ms = 0
        self.playback_actions = self._make_playback_actions()
        self.addActions(self.playback_actions)
        self.addActions([self.next_unsure_action, self.previous_unsure_action])

        self.waveform.cue_clicked.connect(self._on_waveform_cue_clicked)
        self.waveform.seek_requested.connect(self._on_waveform_seek_requested)
        self.player.position_changed.connect(self._on_player_position_changed)
        self.player.playback_stopped.connect(self._on_player_playback_stopped)
        self.player.playback_failed.connect(self.message)
        self.peaks.peaks_ready.connect(self._on_peaks_ready)
        self.peaks.peaks_failed.connect(lambda _path, text: self.message.emit(text))

    # ---------------------------------------------------------------- the file shown

    def show_file(
        self, path: Path | None, model: CueTableModel | None, audio_stream: int | None = None
    ) -> None:
        """Show another file's cues; its waveform and audio (the stream ``audio_stream``, 1-based;
        None: the default choice) load in the background."""
        self.player.stop()
        if self._shown is not None:
            try:
                self._shown.controller.refused.disconnect(self.edit_refused)
            except (RuntimeError, TypeError):  # the model is gone already
                pass
        self.text_box.commit()  # what was typed for the file left behind
        self._shown = model
        if model is not None:
            model.controller.refused.connect(self.edit_refused)
            model.set_unsure_threshold(self.unsure_threshold)
        self.cue_view.setModel(model)
        self.text_box.set_model(model)
        self.waveform.set_model(model)
        if model is not None:  # its columns and rows' heights: CueTable.setModel
            self.cue_view.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
            self.cue_view.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.set_audio_source(path, audio_stream)

    def set_audio_source(self, path: Path | None, audio_stream: int | None = None) -> None:
        """Load the waveform and sound of ``path``'s audio stream ``audio_stream``, unless shown."""
        new_key = source_key(path, audio_stream) if path is not None else None
        if new_key != self._path:
            if path is None or str(path) != self._path_only:
                self._show_video(path)
            self._path, self._path_only = new_key, str(path) if path is not None else None
            self.waveform.set_peaks(None)
            self.player.set_audio(np.zeros(0, dtype=np.float32))
            if path is not None and Path(path).is_file():
                self.peaks.load(str(path), audio_stream)
                job = AudioJob(str(path), audio_stream)
                job.setAutoDelete(False)
                job.signals.loaded.connect(self._on_audio_loaded)
                job.signals.failed.connect(self._on_audio_failed)
                self._audio_jobs.append(job)
                QThreadPool.globalInstance().start(job)

    def _on_peaks_ready(self, path: str, peaks: object) -> None:
        if path == self._path:
            self.waveform.set_peaks(peaks)  # type: ignore[arg-type]

    def _on_audio_loaded(self, key: str, samples: object) -> None:
        self._audio_jobs = [j for j in self._audio_jobs if j.key != key]
        if key == self._path:
            self.player.set_audio(samples)  # type: ignore[arg-type]

    def _on_audio_failed(self, key: str, text: str) -> None:
        self._audio_jobs = [j for j in self._audio_jobs if j.key != key]
        if key == self._path:
            self.message.emit(self.tr("No playback for this file: {0}").format(text))

    # ---------------------------------------------------------------- selection in step

    def model(self) -> CueTableModel | None:
        model = self.cue_view.model()
        return model if isinstance(model, CueTableModel) else None

    def current_cue_id(self) -> int | None:
        model, row = self.model(), self.cue_view.currentIndex().row()
        return model.cue_id_at(row) if model is not None and row >= 0 else None

    def _on_table_current_changed(self, *_: object) -> None:
        cue_id = self.current_cue_id()
        model = self.model()
        if cue_id is not None and model is not None:
            self.waveform.select_cue(cue_id)
            if not self.player.is_playing:
                self._follow_video(model.document.get(cue_id).start_ms, playing=False)

    def _on_table_selection_changed(self, *_: object) -> None:
        self.text_box.show_cues(self.actions.selected_ids())

    def _on_waveform_cue_clicked(self, cue_id: int) -> None:
        self.actions.select_ids([cue_id], current=cue_id)
        model = self.model()
        if model is not None:
            self.cursor_ms = model.document.get(cue_id).start_ms

    def _on_waveform_seek_requested(self, ms: int) -> None:
        self.cursor_ms = ms
        self.waveform.set_playhead(ms)
        self._follow_video(ms, playing=False)

    def _on_player_position_changed(self, ms: int) -> None:
        self.waveform.set_playhead(ms)
        self._follow_video(ms, playing=True)

    def _on_player_playback_stopped(self) -> None:
        self._follow_video(self.player.position_ms, playing=False)

    # ---------------------------------------------------------------- muted video preview

    def _show_video(self, path: Path | None) -> None:
        if self.video is None:
            return
        from gui.views.video_preview import is_video_file

        is_video = path is not None and Path(path).is_file() and is_video_file(path)
        self.video.set_source(Path(path) if is_video and path is not None else None)
        was_visible = self.video.isVisible()
        self.video.setVisible(is_video)
        if is_video and not was_visible and self._top.width() > 0:
            # Opens at a usable size (about 480 px, 16:9 at 270 px high), the waveform keeping
            # the rest; afterwards the user's own drag of the splitter stands.
            video = min(480, self._top.width() // 2)
            self._top.setSizes([self._top.width() - video, video])

    def _follow_video(self, ms: int, playing: bool) -> None:
        """Keep the picture at the playhead with the cue under it drawn as the player will."""
        if self.video is None or not self.video.isVisible():
            return
        self.video.sync_to(ms, playing)
        model = self.model()
        cue = None
        if model is not None:
            cue = next((c for c in model.document.cues if c.start_ms <= ms < c.end_ms), None)
        # The preview draws plain text: the styling tags are not words to show over the picture.
        self.video.set_cue_text(plain_text(cue.text) if cue is not None else None)

    # ---------------------------------------------------------------- playback and timing

    def _make_playback_actions(self) -> list[QAction]:
        def action(text: str, shortcut: str, slot: object) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(shortcut))
            # Active while focus is in the editor (table, waveform or a cell editor), not in the queue.
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            return act

        self.play_cue_action = action(self.tr("Play cue"), "Ctrl+P", lambda: self.play_cue(loop=False))
        self.loop_cue_action = action(self.tr("Loop cue"), "Ctrl+L", lambda: self.play_cue(loop=True))
        self.play_from_action = action(self.tr("Play from cursor"), "Ctrl+Shift+P", self.play_from_cursor)
        self.stop_action = action(self.tr("Stop"), "Ctrl+.", self.player.stop)
        self.set_start_action = action(
            self.tr("Set start at playhead"), "Ctrl+1", lambda: self.set_edge("start")
        )
        self.set_end_action = action(self.tr("Set end at playhead"), "Ctrl+2", lambda: self.set_edge("end"))
        self.next_action = action(self.tr("Commit and play next cue"), "Ctrl+3", self.commit_and_next)
        return [
            self.play_cue_action,
            self.loop_cue_action,
            self.play_from_action,
            self.stop_action,
            self.set_start_action,
            self.set_end_action,
            self.next_action,
        ]

    def play_cue(self, loop: bool) -> None:
        model, cue_id = self.model(), self.current_cue_id()
        if model is None or cue_id is None:
            self.message.emit(self.tr("Select a cue to play."))
            return
        cue = model.document.get(cue_id)
        self.player.play_range(cue.start_ms, cue.end_ms, loop=loop)

    def play_from_cursor(self) -> None:
        self.player.play_from(self.cursor_ms)

    def playhead_ms(self) -> int:
        return self.player.position_ms if self.player.is_playing else self.waveform.playhead_ms()

    def set_edge(self, edge: str) -> None:
        """Set the current cue's start or end at the playhead, as one undo step."""
        model, cue_id = self.model(), self.current_cue_id()
        if model is None or cue_id is None:
            return
        cue, at = model.document.get(cue_id), self.playhead_ms()
        start, end = (at, cue.end_ms) if edge == "start" else (cue.start_ms, at)
        model.controller.set_times(cue_id, start, end)  # a refusal reaches edit_refused

    def commit_and_next(self) -> None:
        model = self.model()
        row = self.cue_view.currentIndex().row()
        if model is None or row + 1 >= model.rowCount():
            self.player.stop()
            return
        next_id = model.cue_id_at(row + 1)
        self.actions.select_ids([next_id], current=next_id)
        self.play_cue(loop=False)

    # ---------------------------------------------------------------- confidence marks

    def _make_unsure_actions(self) -> tuple[QAction, QAction]:
        # F8 / Shift+F8: "next / previous problem" in VS Code and Visual Studio's "next location";
        # free here, and not an editing key, so it works from the table and the text box alike.
        next_action = QAction(self.tr("Next unsure word"), self)
        next_action.setShortcut(QKeySequence("F8"))
        next_action.setToolTip(
            self.tr("Go to the next word the model was unsure of (F8; Shift+F8 goes back).")
        )
        previous_action = QAction(self.tr("Previous unsure word"), self)
        previous_action.setShortcut(QKeySequence("Shift+F8"))
        for action, forward in ((next_action, True), (previous_action, False)):
            action.setObjectName(f"{'next' if forward else 'previous'}_unsure_action")  # gui.shortcuts
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, forward=forward: self.go_to_unsure_word(forward))
        return next_action, previous_action

    def set_unsure_threshold(self, below: float) -> None:
        """Mark the words with a probability below ``below`` (0-1) from now on, in every file
        shown; keeping it as the preference is gui.confidence.set_threshold's."""
        self.unsure_threshold = below
        model = self.model()
        if model is not None:
            model.set_unsure_threshold(below)
        self.text_box.refresh()

    def go_to_unsure_word(self, forward: bool = True) -> bool:
        """Select the next (previous) cue holding an unsure word after the text cursor and put
        the text box's cursor on the word; False when there is none (said on ``message``)."""
        model = self.model()
        if model is None:
            self.message.emit(self.tr("No subtitles to check."))
            return False
        self.text_box.commit()
        row, position = self.cue_view.currentIndex().row(), -1
        if row >= 0 and self.text_box.cue_id == model.cue_id_at(row):
            cursor = self.text_box.editor.textCursor()
            if self.text_box.editor.hasFocus() or cursor.hasSelection():
                position = cursor.selectionStart()
            elif not forward:
                position = len(self.text_box.editor.toPlainText()) + 1
        found = confidence.next_unsure(
            model.document.cues, row, position, model.unsure_threshold, forward=forward
        )
        if found is None:
            self.message.emit(
                self.tr("No unsure words: every word's probability is {0} or more.").format(
                    f"{model.unsure_threshold:g}"
                )
            )
            return False
        found_row, (start, end), wrapped = found
        cue_id = model.cue_id_at(found_row)
        self.actions.select_ids([cue_id], current=cue_id)
        self.text_box.show_cues([cue_id])
        self.text_box.select_span(start, end)
        if wrapped:
            self.message.emit(
                self.tr("Back to the first unsure word.")
                if forward
                else self.tr("Back to the last unsure word.")
            )
        return True
