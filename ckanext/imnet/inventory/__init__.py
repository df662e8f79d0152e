"""The inventory export: "what data is held by whom", as CSV or XLSX (issue 13).

``columns`` says what each column holds and how it is labelled, ``search``
pages through the exporter's own ``package_search``, ``writers`` writes the
two formats as streams, ``views`` serves them from the search and
organisation pages. The action is ``imnet_inventory_export``
(``logic/action/inventory.py``).
"""
