"""Partner catalogues into the Network catalogue (README "Harvesting").

``source_config`` reads and checks a harvest source's IM defaults and
mappings; ``mapping`` applies them to each partner dataset, for both
harvesters; ``places`` finds Myanmar places by name; ``network`` bounds how
long a partner may take to answer; ``ckan_harvester`` is ckanext-harvest's
CKAN harvester with these; ``unchanged`` keeps a record that has not changed
since its last import from being written again; ``provenance`` says where a
harvested dataset came from; ``local_edits`` refuses local edits of one;
``lookup`` finds the local copy of a record whatever its access level;
``withdrawn`` keeps a harvested dataset deleted here from coming back.
"""
