"""Subtitle files in and out of the window: reading off the GUI thread with the user's say on
an unsure encoding and on a missing frame rate, writing as the Export dialog asked, and every
refusal shown in a dialog, never on stderr.

    SubtitleImport.start():
      worker: io.read(path)  -- FrameRateNeededError (MicroDVD, no rate line)? io.read(path, rate=preset)
      GUI:    unsure encoding? EncodingDialog;  rate missing? FrameRateDialog (video's rate first);
              a SAMI file of several languages? choose_sami_class
      worker: io.read(path, encoding=pick, frame_rate=pick, sami_class=pick)   (only when a pick changed the reading)
      GUI:    finished(LoadedFile | None); the window opens it and calls show_notes()
    export(): what the format cannot hold? ask: export anyway / choose another format (Export dialog)
              sessions.export -> SubtitleFileError? -> message naming the cue, and "Save as
              SubRip/WebVTT" where those formats would take the cues (the format was the cause)

Each import is its own SubtitleImport with its own results; the reads run one at a time on a
reading thread (see _Reader), and dialogs and sessions stay on the GUI thread. The
file formats, encodings and limits are engine.subtitles.io's; nothing here clamps or rewrites
a cue, and io.save writes atomically, so a refused export leaves no file behind. The export
side lives in gui.subtitle_export (``export`` is re-exported here).
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from engine.subtitles.encodings import EncodingGuess
from engine.subtitles.io import LoadedFile
from engine.subtitles.sami_read import LANGUAGES_NOTE, SamiClass
from gui.sessions import FileSession
from gui.subtitle_export import export
from gui.views.subtitle_dialogs import (
    EncodingDialog,
    FrameRateDialog,
    ImportNotesDialog,
)

__all__ = [
    "SubtitleImport",
    "choose_encoding",
    "choose_frame_rate",
    "choose_sami_class",
    "export",
    "show_notes",
]

log = logging.getLogger(__name__)


def choose_encoding(parent: QWidget | None, file_name: str, guess: EncodingGuess) -> str | None:
    """Ask which reading of an unsure file is right; None when the user cancels."""
    dialog = EncodingDialog(file_name, guess, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_frame_rate(
    parent: QWidget | None, file_name: str, preselected: float, from_video: bool
) -> float | None:
    """Ask the frame rate (fps) a file that counts frames was made for; None when cancelled."""
    dialog = FrameRateDialog(file_name, preselected, from_video, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def show_notes(parent: QWidget | None, file_name: str, notes: tuple[str, ...]) -> ImportNotesDialog | None:
    """The reader's notes on one import, every one in full, in a window that does not block."""
    if not notes:
        return None
    dialog = ImportNotesDialog(file_name, notes, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


@dataclass(frozen=True)
class _FirstReading:
    """The worker's first look: ``loaded`` as the file says; ``rate_missing`` when the file counts
    frames without saying the rate (then ``loaded`` was read at the fallback rate, and
    ``video_rate`` is the paired video's own rate, fps, when there is one)."""

    loaded: LoadedFile
    rate_missing: bool = False
    video_rate: float | None = None
    sami_classes: tuple[SamiClass, ...] = ()  # a SAMI file's languages, when it holds several


def _first_reading(path: Path, fallback_rate: float, video: Path | None) -> _FirstReading:
    """io.read with no frame rate, so a rate the file declares is the one used (a given rate
    would override it); a file that needs one (FrameRateNeededError) is read again at
    ``fallback_rate`` to learn its encoding before the user is asked."""
    from engine.subtitles.io import FrameRateNeededError, read

    try:
        loaded = read(path)
        return _FirstReading(loaded, sami_classes=_sami_classes(path, loaded))
    except FrameRateNeededError:
        probe = read(path, frame_rate=fallback_rate)
    from engine.audio import probe_frame_rate

    return _FirstReading(probe, True, probe_frame_rate(video) if video is not None else None)


def _sami_classes(path: Path, loaded: LoadedFile) -> tuple[SamiClass, ...]:
    """The language classes of a SAMI file holding several, in the reader's order (the first is
    the one read); () for one language or another format."""
    if loaded.format != "sami":
        return ()
    from engine.subtitles.sami_read import classes

    found = classes(path.read_bytes().decode(loaded.encoding, "replace"))
    return tuple(found) if len(found) > 1 else ()


def choose_sami_class(parent: QWidget | None, file_name: str, found: tuple[SamiClass, ...]) -> str | None:
    """Ask which language of a SAMI file to open (its ``<P Class>``); None when cancelled."""
    labels = [str(c) for c in found]
    label, ok = QInputDialog.getItem(
        parent,
        QCoreApplication.translate("SubtitleFiles", "Choose the language"),
        QCoreApplication.translate(
            "SubtitleFiles", "{0} holds subtitles in {1} languages. Which one do you want to edit?"
        ).format(file_name, len(found)),
        labels,
        0,
        False,
    )
    return found[labels.index(label)].name if ok and label in labels else None


class _Signals(QObject):
    done = Signal(object)  # the task's result, or the exception it raised


class _Task:
    """One call on the reading thread; its result (or exception) comes back through ``signals``.

    ``signals`` has no Qt parent: this task owns it and keeps it until ``run`` has returned, so
    closing the window (which deletes its SubtitleImport) can never delete the sender while the
    reading thread is inside ``emit``. It is made on the GUI thread, and the receiver lives
    there, so the call is queued to the GUI thread; when the receiver is deleted first, Qt drops
    the queued call and the result with it. ``signals`` is a sender only: it never receives an
    event, so the last reference may go on either thread (Qt's rule against deleting an object
    from another thread is about events still pending for it)."""

    def __init__(self, call: Callable[[], object]) -> None:
        self.call, self.signals = call, _Signals()

    def run(self) -> None:
        try:
            result: object = self.call()
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread, which shows it
            result = error
        self.signals.done.emit(result)


class _Reader:
    """One reading thread for all imports, tasks run in the order given.

    One, because io.read records pysubs2's warnings with warnings.catch_warnings, which swaps
    process-wide state, so two reads at once could swap each other's notes: a second import
    waits its turn. Not Qt's global pool either, so the editor's audio jobs never wait behind a
    long read. A Python daemon thread, not a QThreadPool: the engine's read cannot be interrupted,
    and a QThreadPool's destructor (run by QCoreApplication for the global pool, by PySide at exit
    for any other) waits for the running task, so a long read kept the app from quitting. A
    daemon thread is not waited for at exit ("daemon threads are abruptly stopped at shutdown",
    Python's threading docs): a read still under way when the app quits finishes in the
    background, or is stopped with the process, and its result is dropped."""

    def __init__(self) -> None:
        self._tasks: queue.SimpleQueue[_Task] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self, task: _Task) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="subtitle-reader", daemon=True)
                self._thread.start()
        self._tasks.put(task)

    def _work(self) -> None:
        while True:
            task = self._tasks.get()
            task.run()
            del task  # the task and its signals go before the next wait, not after it


_reader = _Reader()


class SubtitleImport(QObject):
    """One import of ``path``: read on a pool thread, questions and result on the GUI thread.

    ``finished`` carries the LoadedFile, or None when the file could not be read (the reason
    was shown in a dialog) or the user cancelled a question. ``rate_chosen`` is the frame rate
    (fps) the user gave a MicroDVD file that declared none, else None."""

    finished = Signal(object)

    def __init__(
        self, parent: QWidget | None, path: Path, fallback_rate: float, video: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.parent_widget, self.path, self.fallback_rate, self.video = parent, path, fallback_rate, video
        self.loaded: LoadedFile | None = None
        self.rate_chosen: float | None = None
        self.sami_asked = False  # the user chose a SAMI file's language
        self.done = False
        self.session: FileSession | None = None  # set by the window once it opened the file
        self._step: Callable[[object], None] = self._on_first_reading

    def start(self) -> None:
        """Begin reading; returns at once."""
        path, rate, video = self.path, self.fallback_rate, self.video
        self._run(lambda: _first_reading(path, rate, video), self._on_first_reading)

    def _run(self, call: Callable[[], object], then: Callable[[object], None]) -> None:
        self._step = then
        task = _Task(call)
        task.signals.done.connect(self._on_signals_done)  # dropped by Qt if this import is deleted first
        _reader.start(task)

    def _on_signals_done(self, result: object) -> None:
        if isinstance(result, (OSError, ValueError)):  # SubtitleFileError and UnicodeError are ValueErrors
            self._fail(result)
        elif isinstance(result, BaseException):
            log.error("reading %s failed", self.path, exc_info=result)
            self._fail(result)
        else:
            self._step(result)

    def _on_first_reading(self, result: object) -> None:
        assert isinstance(result, _FirstReading)
        loaded, parent, name = result.loaded, self.parent_widget, self.path.name
        if not loaded.cues:  # empty or junk: refused before any question on its encoding
            return self._refuse_empty()
        encoding = loaded.encoding
        guess = loaded.encoding_guess
        if guess is not None and guess.unsure:
            picked = choose_encoding(parent, name, guess)
            if picked is None:
                return self._finish(None)
            encoding = picked
        sami_class = None
        if result.sami_classes:
            sami_class = choose_sami_class(parent, name, result.sami_classes)
            if sami_class is None:
                return self._finish(None)
            self.sami_asked = True
            if sami_class == result.sami_classes[0].name:
                sami_class = None  # the one already read
        rate = None
        if result.rate_missing:
            rate = choose_frame_rate(
                parent, name, result.video_rate or self.fallback_rate, result.video_rate is not None
            )
            if rate is None:
                return self._finish(None)
            self.rate_chosen = rate
        if encoding == loaded.encoding and (rate is None or rate == loaded.frame_rate) and sami_class is None:
            return self._finish(loaded)
        path = self.path
        from engine.subtitles.io import read

        self._run(
            lambda: read(path, frame_rate=rate, encoding=encoding, sami_class=sami_class),
            self._on_final_reading,
        )

    def _on_final_reading(self, result: object) -> None:
        assert isinstance(result, LoadedFile)
        if not result.cues:
            return self._refuse_empty()
        self._finish(result)

    def _refuse_empty(self) -> None:
        """A file with no cue opens nothing: an empty editor would look like a successful import."""
        text = QCoreApplication.translate(
            "SubtitleFiles",
            "{0} has no cue with text: nothing was imported. The file is empty or is not a subtitle file.",
        ).format(self.path.name)
        QMessageBox.warning(
            self.parent_widget, QCoreApplication.translate("SubtitleFiles", "Cannot import subtitles"), text
        )
        self._finish(None)

    def _fail(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            text = QCoreApplication.translate(
                "SubtitleFiles",
                "{0} cannot be read: {1}. Check that the file exists and that you may read it.",
            ).format(self.path.name, reason)
        else:
            text = str(error)
        title = QCoreApplication.translate("SubtitleFiles", "Cannot import subtitles")
        QMessageBox.warning(self.parent_widget, title, text)
        self._finish(None)

    def _finish(self, loaded: LoadedFile | None) -> None:
        if loaded is not None and self.sami_asked:  # the user chose: the note's CLI advice is moot
            kept = tuple(w for w in loaded.warnings if not w.startswith(LANGUAGES_NOTE))
            loaded = dataclasses.replace(loaded, warnings=kept)
        self.loaded, self.done = loaded, True
        self.finished.emit(loaded)
