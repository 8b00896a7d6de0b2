"""Custom Rasa components (loaded by the Rasa server environment only)."""
