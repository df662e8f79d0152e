"""The ``imnet`` RDF profile: DCAT-AP 3 plus the IM metadata standard.

ckanext-dcat's ``euro_dcat_ap_3`` extended in two halves: ``serialise``
writes a dataset of the IM standard as DCAT-AP 3 (valid whatever the schema
accepts, no link to data that is not public), ``parse`` reads that output --
and other portals' DCAT -- back into the same IM fields, so one IM portal can
harvest another.
"""

from __future__ import annotations

from .parse import ImnetParser
from .serialise import ImnetSerialiser

__all__ = ["ImnetDCATProfile"]


class ImnetDCATProfile(ImnetSerialiser, ImnetParser):
    """DCAT-AP 3 (ckanext-dcat's ``euro_dcat_ap_3``) with the IM metadata standard."""
