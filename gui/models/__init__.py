"""Qt item models of the window; each wraps plain-Python state and never talks to the engine."""
