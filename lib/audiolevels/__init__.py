"""Audio Levels Lab helpers."""
