"""Harvesting: what this catalogue adds to ckanext-harvest and ckanext-dcat."""
