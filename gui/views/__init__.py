"""Qt views and dialogs of the window: layout and gestures only, no engine logic."""
