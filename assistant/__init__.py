"""Schakel's shared core: everything the action server and the API both need.

Pure Python, no Rasa imports: intake validation, the knowledge base and its search,
eligibility, the bedrijfsscan, database models and settings.
"""
