"""Guard against the PySide6 build that leaks references to None/True (6.12.0 on Python 3.11).

That release assumes None, True and False are immortal (true only from Python 3.12): every call of
a void method drops a reference to None, and the interpreter aborts with "none_dealloc" after a few
thousand Qt calls, i.e. seconds into using the waveform. pyproject.toml pins PySide6 below 6.12.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QRectF, QTimer


def test_void_qt_calls_keep_none_alive() -> None:
    rect = QRectF()
    before = sys.getrefcount(None)
    for _ in range(1000):
        rect.setWidth(1.0)
    assert sys.getrefcount(None) >= before - 10


def test_python_overrides_returning_true_keep_true_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    class Filter(QObject):
        def eventFilter(self, watched: QObject, event: object) -> bool:  # noqa: N802 (Qt's name)
            return True

    target = QObject()
    target.installEventFilter(Filter(target))
    gc.collect()  # garbage left by earlier tests must not free references to True while we count
    gc.disable()
    before = sys.getrefcount(True)
    timer = QTimer()
    for _ in range(500):
        QTimer.singleShot(0, lambda: None)
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(1000):
        QCoreApplication.sendEvent(target, QEvent(QEvent.Type.User))
    del timer
    after = sys.getrefcount(True)
    gc.enable()
    assert after >= before - 10
