"""The gap matrix (issue 13): the Network's priority data categories by
State/Region, each cell complete, partial, empty or not applicable.

``recipe`` (the declared rules), ``index`` (the search field the matrix is
counted from), ``matrix`` (the counts as the viewer may see them, with MIMU
admins' overrides), ``export`` (CSV and XLSX) and ``views`` (the pages).
"""
