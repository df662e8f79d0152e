"""Curation: what MIMU admins and data owners need to keep the catalogue true.

``freshness`` (is a dataset as current as its update frequency promises?),
with its confirmation action and daily reminders (``reminders``);
``completeness`` (how much of what the IM standard recommends its metadata
gives).
"""
