"""GUI test setup (and the shared fixtures: ``editor``, ``user_settings``, ``zh_tw``): the window's "nothing lost" questions (gui.views.recovery_dialog) are modal;
unless a test answers them itself, a window closed at teardown discards its unsaved work and a
file added twice is transcribed again, instead of waiting for a click that never comes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from tests.gui.editor_actions_helpers import editor  # noqa: F401  (the fixture, for every test here)


@pytest.fixture(autouse=True)
def _answer_nothing_lost_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.views import recovery_dialog

    monkeypatch.setattr(recovery_dialog, "ask_unsaved", lambda parent, names: "discard")
    monkeypatch.setattr(recovery_dialog, "ask_already_open", lambda parent, path: "again")


@pytest.fixture
def user_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings(ORGANIZATION, APPLICATION) kept under ``tmp_path``, not the user's own."""
    from PySide6.QtCore import QSettings

    fmt, scope = QSettings.Format.NativeFormat, QSettings.Scope.UserScope
    QSettings.setPath(fmt, scope, str(tmp_path / "config"))
    yield tmp_path / "config"
    QSettings.setPath(fmt, scope, str(Path.home() / ".config"))


@pytest.fixture
def zh_tw(qapp: QCoreApplication) -> Iterator[list[QTranslator]]:
    """The interface in Traditional Chinese (Taiwan) for one test: our translation and Qt's."""
    from gui.i18n import install_translators

    translators = install_translators(qapp, "zh_TW")
    assert translators, "the zh_TW translation did not load"
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)
