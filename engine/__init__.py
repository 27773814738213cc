"""Whisper for Subs engine: media file in, timed cues out. Never imports Qt."""
