"""What this catalogue adds to ckanext-harvest and ckanext-dcat's harvesters."""
