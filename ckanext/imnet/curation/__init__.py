"""Curation: what MIMU admins and data owners need to keep the catalogue true."""
