# -*- coding: utf-8 -*-
from setuptools import find_namespace_packages, setup

setup(
    name="ckanext-imnet",
    version="0.1.0",
    description=(
        "Data catalogue of Myanmar's inter-agency Information Management Network"
    ),
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.10",
    packages=find_namespace_packages(include=["ckanext", "ckanext.*"]),
    include_package_data=True,
    zip_safe=False,
    entry_points={
        "ckan.plugins": [
            "imnet = ckanext.imnet.plugin:ImnetPlugin",
            "imnet_search = ckanext.imnet.search.plugin:ImnetSearchPlugin",
            "imnet_ckan_harvester = "
            "ckanext.imnet.harvesting.ckan_harvester:ImnetCKANHarvester",
        ],
        "ckan.rdf.profiles": [
            "imnet = ckanext.imnet.dcat.profile:ImnetDCATProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
