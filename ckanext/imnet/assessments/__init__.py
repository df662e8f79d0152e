"""The assessment registry: planned, ongoing and completed assessments.

An assessment is a CKAN dataset of type ``assessment`` (``schemas/assessment.yaml``)
whose sensitivity decides who may see it, as for datasets (``access/policy.py``).
"""
