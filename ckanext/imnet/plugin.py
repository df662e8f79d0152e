"""``imnet``: the IM Network catalogue on top of CKAN, scheming, spatial and DCAT."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.imnet import facets, index
from ckanext.imnet.access import gate, policy, redaction
from ckanext.imnet.logic import action, auth


@tk.blanket.actions(action.get_actions)
@tk.blanket.auth_functions(auth.get_auth_functions)
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
class ImnetPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPermissionLabels)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)

    # IConfigurer

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "imnet")

    # IPackageController

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return redaction.for_index(index.index_im_fields(pkg_dict))

    def after_dataset_show(
        self, context: Any, pkg_dict: dict[str, Any]
    ) -> dict[str, Any]:
        return redaction.for_user(context, pkg_dict)

    def after_dataset_search(
        self, search_results: dict[str, Any], search_params: dict[str, Any]
    ) -> dict[str, Any]:
        return facets.label_facet_items(search_results)

    # IFacets

    def dataset_facets(self, facets_dict: Any, package_type: str) -> Any:
        return facets.dataset_facets(facets_dict)

    def group_facets(
        self, facets_dict: Any, group_type: str, package_type: str | None
    ) -> Any:
        return facets.dataset_facets(facets_dict)

    def organization_facets(
        self, facets_dict: Any, organization_type: str, package_type: str | None
    ) -> Any:
        return facets.organization_facets(facets_dict)

    # IPermissionLabels

    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return policy.PermissionLabels().get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return policy.PermissionLabels().get_user_dataset_labels(user_obj)

    # IMiddleware

    def make_middleware(self, app: Any, config: Any) -> Any:
        return gate.register(app)
