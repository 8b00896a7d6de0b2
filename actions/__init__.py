"""Schakel's action server (rasa-sdk): thin actions that call into ``assistant``."""
