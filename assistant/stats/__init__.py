"""Aggregated, non-personal figures for the regio-coördinator (issue 10).

``models``: the anonymous ``Gebeurtenis`` table. ``aggregate``: pure functions from
records to tables, with small groups suppressed. ``queries``: reads the stored records.
``events``: the action server's helper to post an event through the outbox.
"""
