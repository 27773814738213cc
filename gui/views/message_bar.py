"""The window's status bar, whose messages are never cut off unread.

QStatusBar paints a temporary message in the space its permanent widgets leave and simply clips
it, so a long error ("... could not be transcribed: <reason>. Fix ..., then ...") lost its
end, which is where it says what to do. Here the message is a label that takes the free space:
what does not fit ends in "…", and the whole text is its tooltip (and stays readable there as
long as the message is shown). The QStatusBar API the window's parts already use is kept:
``showMessage(text, timeout_ms)``, ``currentMessage()``, ``clearMessage()`` and
``messageChanged``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

__all__ = ["ElidedLabel", "MessageBar"]


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when it does not fit; the whole text is the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        # Ignored: the label takes the width it is given, never widening the window for a message.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split("\n"))
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 0))
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


class MessageBar(QStatusBar):
    """A QStatusBar whose temporary message is an :class:`ElidedLabel` (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = ElidedLabel(self)
        self.addWidget(self.message_label, 1)
        self._clear = QTimer(self, singleShot=True)
        self._clear.timeout.connect(self.clearMessage)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:  # noqa: N802 (Qt's name)
        """Show ``text`` for ``timeout`` ms (0: until the next message), as QStatusBar does."""
        self._clear.stop()
        self.message_label.set_full_text(text)
        if timeout:
            self._clear.start(timeout)
        self.messageChanged.emit(text)

    def currentMessage(self) -> str:  # noqa: N802 (Qt's name)
        return self.message_label.full_text()

    def clearMessage(self) -> None:  # noqa: N802 (Qt's name)
        self._clear.stop()
        if self.message_label.full_text():
            self.message_label.set_full_text("")
            self.messageChanged.emit("")
