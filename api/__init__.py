"""Schakel's HTTP API (FastAPI): hand-offs, intakes, scans, regelingen, statistics, pages."""
