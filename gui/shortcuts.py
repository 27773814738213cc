"""Every command's keys: a stable name per action, its default keys, the user's own choices
(Preferences › Shortcuts) and applying them.

An action takes part once it has a name (its ``objectName``) and default keys (the property
``default_keys``): :func:`register` gives both; :func:`registered` also names every still
unnamed ``*_action`` attribute of the window's objects after that attribute (``play_cue_action``)
with the keys it has as its defaults, so a menu command made anywhere in the window is listed.

The user's choices are kept in ``AppSettings.shortcuts`` as JSON, only for the actions whose
keys differ from the defaults: ``{"merge_next_action": ["Ctrl+M"], "delete_action": []}``
(portable key text; an empty list is no key). A name this version does not know is kept
unused, so a newer version's choices survive an older one.

A key is refused for an action when another listed action that could be live at the same time
has it (:func:`owner_of`, :func:`can_clash`): two actions on one key would both be ambiguous to
Qt, and neither would run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

log = logging.getLogger(__name__)

DEFAULT_KEYS = "default_keys"  # QAction property: the portable texts of its default keys

Key = QKeySequence | QKeySequence.StandardKey | str


def key_texts(keys: Iterable[Key]) -> list[str]:
    """Portable texts ("Ctrl+Shift+Z") of ``keys``, each once, empty ones left out, in order."""
    out: list[str] = []
    for key in keys:
        sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
        text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text not in out:
            out.append(text)
    return out


def set_keys(action: QAction, keys: Iterable[Key]) -> None:
    """Give ``action`` these keys, each once: the same key twice on one action makes Qt call
    the key ambiguous ("Ambiguous shortcut overload") and run nothing."""
    action.setShortcuts([QKeySequence(text) for text in key_texts(keys)])


def register(action: QAction, name: str, keys: Sequence[Key] = ()) -> QAction:
    """Name ``action`` (a stable id for the settings) and give it its default ``keys``."""
    action.setObjectName(name)
    defaults = key_texts(keys)
    action.setProperty(DEFAULT_KEYS, defaults)
    set_keys(action, defaults)
    return action


def defaults_of(action: QAction) -> list[str]:
    value = action.property(DEFAULT_KEYS)
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def current_keys(action: QAction) -> list[str]:
    return key_texts(action.shortcuts())


def label_of(action: QAction) -> str:
    """The action's menu text without its mnemonic ampersand ("S&plit" -> "Split")."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name_attributes(owner: QObject) -> None:
    for attribute, value in list(vars(owner).items()):
        if (
            attribute.endswith("_action")
            and isinstance(value, QAction)
            and value.property(DEFAULT_KEYS) is None
        ):
            register(value, value.objectName() or attribute, value.shortcuts())


def registered(root: QObject) -> list[QAction]:
    """The named actions of ``root`` and its children, one per name, in the order made (the
    ``*_action`` attributes named first, see the module docstring)."""
    for owner in [root, *root.findChildren(QObject)]:
        _name_attributes(owner)
    seen: dict[str, QAction] = {}
    for action in root.findChildren(QAction):
        if action.property(DEFAULT_KEYS) is not None and action.objectName() not in seen:
            seen[action.objectName()] = action
    return list(seen.values())


def parse_choices(text: str) -> dict[str, list[str]]:
    """The user's choices from ``AppSettings.shortcuts``; damaged text counts as none (logged)."""
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except ValueError:
        log.warning("shortcut settings are not JSON, using the defaults: %r", text[:200])
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        str(name): [str(k) for k in keys]
        for name, keys in raw.items()
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys)
    }


def format_choices(choices: Mapping[str, Sequence[str]]) -> str:
    """``AppSettings.shortcuts`` for these choices ("" for none)."""
    return json.dumps({name: list(keys) for name, keys in sorted(choices.items())}) if choices else ""


def apply_choices(root: QObject, text: str) -> None:
    """Give every listed action of ``root`` the user's keys (``AppSettings.shortcuts``), or its
    defaults where the user chose none. A chosen key that another action keeps is left off that
    one, so no key is ever on two actions."""
    choices = parse_choices(text)
    actions = registered(root)
    chosen = [a for a in actions if a.objectName() in choices]
    for action in actions:
        name = action.objectName()
        if name in choices:
            set_keys(action, choices[name])
            continue
        taken = {
            key
            for other in chosen
            if other is not action and can_clash(action, other)
            for key in choices[other.objectName()]
        }
        set_keys(action, [k for k in defaults_of(action) if k not in taken])


def _scopes(action: QAction, depth: int = 0) -> list[QWidget]:
    """The widgets whose focus (or window) makes ``action``'s keys live: those it is added to,
    and for a menu's action, where that menu hangs (up to the window's menu bar), as Qt's own
    shortcut matcher follows them."""
    out: list[QWidget] = []
    for item in action.associatedObjects():
        if isinstance(item, QMenu):
            if depth < 8:
                out += _scopes(item.menuAction(), depth + 1)
        elif isinstance(item, QWidget):
            out.append(item)
    return out


def can_clash(a: QAction, b: QAction) -> bool:
    """Whether one key on both could be live for both at once, which Qt answers with
    "Ambiguous shortcut overload" and runs neither: two window-wide actions of one window, or
    two whose focus scopes (``WidgetWithChildrenShortcut``) hold one another. The file queue's
    Delete and the editor's Delete never clash: no focus is in both."""
    local = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)
    scopes_a, scopes_b = _scopes(a), _scopes(b)
    if not scopes_a or not scopes_b:
        return False  # on no widget (in a context menu only): its key is never live
    if a.shortcutContext() not in local or b.shortcutContext() not in local:
        return bool({w.window() for w in scopes_a} & {w.window() for w in scopes_b})
    return any(x is y or x.isAncestorOf(y) or y.isAncestorOf(x) for x in scopes_a for y in scopes_b)


def owner_of(
    key: str,
    actions: Mapping[str, Sequence[str]],
    besides: str,
    clashes: Callable[[str], bool] = lambda _name: True,
) -> str | None:
    """The name of an action other than ``besides`` that has ``key`` among ``actions``
    ({name: keys}) and ``clashes`` with it (by name), or None when the key is free."""
    for name, keys in actions.items():
        if name != besides and key in keys and clashes(name):
            return name
    return None
