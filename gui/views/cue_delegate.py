"""A cue's text, styled: the Text column paints italics, bold, underline and colour, and its
editor shows them too (the tags hidden), on several lines: Shift+Enter starts a new line, Enter
commits. The editor hands the model canonical markup (gui.rich_text), so styles typed around
survive an edit, and a cell closed without a change pushes nothing. Words Whisper was unsure of
(gui.confidence, the model's UNSURE_ROLE) have an amber wavy underline.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from engine.subtitles.markup import plain_text
from gui.confidence import one_line_spans
from gui.models.cue_columns import UNSURE_ROLE
from gui.rich_text import load_markup, markup_of, rich_html

AnyIndex = QModelIndex | QPersistentModelIndex
UNSURE_COLOUR = QColor(230, 126, 0)
DOC_MARGIN = 2  # pixels around a cell's text
MAX_LINES = 3  # a cell's text wraps to at most this many lines; the rest is in its tooltip
EDITOR_LINES = (2, 8)  # the cell editor shows the cue's lines, at least 2 and at most 8


def unsure_format() -> QTextCharFormat:
    """How an unsure word is marked (gui.confidence): an amber wavy underline, apart from the
    QC colours and from the red a spelling checker would use."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(UNSURE_COLOUR)
    return fmt


class CueTextDelegate(QStyledItemDelegate):
    def text_document(self, option: QStyleOptionViewItem, index: AnyIndex) -> QTextDocument:
        """The cell's text as painted: styled, on one line, its unsure words underlined."""
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(DOC_MARGIN)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        doc.setHtml(rich_html(text, one_line=True))
        spans = index.data(UNSURE_ROLE)
        if spans:
            cursor, fmt = QTextCursor(doc), unsure_format()
            for start, end in one_line_spans(plain_text(text), spans):
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self.text_document(opt, index)
        doc.setTextWidth(opt.rect.width())
        opt.text = ""  # the style draws the cell (background, selection, focus); we draw the text
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        colour = opt.palette.color(role) if selected or foreground is None else foreground.color()
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        painter.save()
        top = max(0.0, (opt.rect.height() - doc.size().height()) / 2)  # centred, as the other cells
        painter.translate(opt.rect.left(), opt.rect.top() + top)
        painter.setClipRect(0, 0, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self.text_document(opt, index)
        return QSize(int(doc.idealWidth()) + 4, max(int(doc.size().height()), option.fontMetrics.height()))

    def height_for_width(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> int:
        """Pixels the cell's text needs at ``width`` pixels: wrapped at spaces, at most
        MAX_LINES lines (more is cut in the cell and shown whole in its tooltip). Measured on
        the plain text with the font's metrics, not a laid-out document: a 2,000-cue file's
        rows fit in tens of milliseconds (styles change a line's width by a few pixels)."""
        metrics = option.fontMetrics
        one_line = metrics.height() + 2 * DOC_MARGIN
        shown = plain_text(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        room = width - 2 * DOC_MARGIN - 4  # the document's margins, and a little slack for styles
        if room <= 0 or metrics.horizontalAdvance(shown) <= room:
            return one_line
        lines = metrics.boundingRect(QRect(0, 0, room, 1 << 20), Qt.TextFlag.TextWordWrap, shown).height()
        return max(one_line, min(MAX_LINES * metrics.lineSpacing(), lines) + 2 * DOC_MARGIN)

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        """A cell cut after MAX_LINES lines shows its whole text in the tooltip, under any rule's."""
        if event is None or view is None or event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self.text_document(opt, index)
        doc.setTextWidth(option.rect.width())
        if doc.size().height() <= option.rect.height() + 1:
            return super().helpEvent(event, view, option, index)
        rule = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        whole = plain_text(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        QToolTip.showText(event.globalPos(), f"{rule}\n\n{whole}" if rule else whole, view)
        return True

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            if editor.document().isModified():
                # Typed and not committed: a streamed cue beside this one repaints the row
                # (dataChanged), which must not wipe what the user typed.
                return
            load_markup(editor.document(), str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            model = index.model()
            if (
                not editor.property("holds")
                and hasattr(model, "begin_editing")
                and hasattr(model, "cue_id_at")
            ):
                # Held by the live cues once the user types, not when the editor merely opens (an
                # editor opened and closed unchanged leaves the streamed cues as the CLI makes
                # them); connected after loading, which is not typing.
                editor.setProperty("holds", True)
                cue_id = model.cue_id_at(index.row())
                editor.textChanged.connect(lambda: model.begin_editing(cue_id))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            if editor.document().isModified():  # else the regenerated tags could differ in order only
                model.setData(index, markup_of(editor.document()), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """As wide as the cell and tall enough for all of the cue's lines (wrapped at the
        cell's width; EDITOR_LINES), kept inside the table's viewport: a two-line cue in the
        bottom row opens upwards instead of being cut to its last line."""
        rect = option.rect
        if not isinstance(editor, QPlainTextEdit):
            editor.setGeometry(rect)
            return
        metrics = editor.fontMetrics()
        margin = int(editor.document().documentMargin())
        chrome = 2 * (editor.frameWidth() + margin)
        width = max(1, rect.width() - chrome)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        lines = sum(
            max(1, -(-metrics.horizontalAdvance(line) // width)) for line in plain_text(text).split("\n")
        )
        lines = min(max(lines, EDITOR_LINES[0]), EDITOR_LINES[1])
        height = max(rect.height(), lines * metrics.lineSpacing() + chrome + 2)
        top = rect.top()
        parent = editor.parentWidget()
        room = parent.height() if parent is not None else 0
        if room > 0 and top + height > room:
            top = max(0, room - height)  # opens upwards from the bottom of the view
        editor.setGeometry(rect.left(), top, rect.width(), height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers()
            & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)
