"""``imnet``: the IM Network catalogue on top of CKAN, scheming, spatial and DCAT."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.imnet import (
    backports,
    empty_uploads,
    facets,
    index,
    input_guard,
    place_search,
    site_texts,
    table_requests,
)
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import gate, notify, policy, reclassification, redaction
from ckanext.imnet.assessments import index as assessment_index
from ckanext.imnet.assessments import links as assessment_links
from ckanext.imnet.assessments import listing as assessment_listing
from ckanext.imnet.assessments import status as assessment_status
from ckanext.imnet.curation import endorsement, freshness, link_checks, review
from ckanext.imnet.dcat import turtle
from ckanext.imnet.gaps import index as gap_index
from ckanext.imnet.harvesting import (
    local_edits,
    lookup,
    mapping,
    network,
    provenance,
    source_internals,
    unchanged,
    withdrawn,
)
from ckanext.imnet.logic import action, auth
from ckanext.imnet.search import rebuild

# Actions that change datasets' access without the IPackageController hooks.
_BULK_ACTIONS = ("bulk_update_private", "bulk_update_public", "bulk_update_delete")


@tk.blanket.actions(action.get_actions)
@tk.blanket.auth_functions(auth.get_auth_functions)
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
class ImnetPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ISignal)
    p.implements(p.IDomainObjectModification, inherit=True)
    p.implements(p.ITranslation)
    p.implements(p.IPermissionLabels)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(IDCATRDFHarvester, inherit=True)

    # IConfigurer

    def update_config(self, config: Any) -> None:
        backports.install()
        turtle.install()
        lookup.install()
        rebuild.install()
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "imnet")

    # IConfigurable

    def configure(self, config: Any) -> None:
        notify.listen_for_commits()

    # IPackageController: a change of access on any path that writes a dataset
    # is acted upon in the writer's transaction (``reclassification``).

    # A new dataset, or one whose IM fields changed, enters the review queue
    # first: review may hold it private (``review``).

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        review.dataset_written(pkg_dict, _actor_id(context), created=True)
        reclassification.dataset_changed(pkg_dict["id"], _actor_id(context))

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        review.dataset_written(pkg_dict, _actor_id(context), created=False)
        reclassification.dataset_changed(pkg_dict["id"], _actor_id(context))

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        # Announced before CKAN sets the state; committed with it.
        reclassification.dataset_changed(
            pkg_dict["id"], _actor_id(context), state="deleted"
        )
        withdrawn.record(context, pkg_dict["id"])

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        fields = freshness.index_fields(index.index_im_fields(pkg_dict))
        fields = assessment_index.index_fields(fields)
        fields = gap_index.index_fields(fields)
        fields = endorsement.index_fields(review.index_fields(fields))
        fields = assessment_status.index_fields(fields)
        return assessment_links.for_index(
            source_internals.for_index(
                redaction.for_index(link_checks.index_fields(fields))
            )
        )

    def after_dataset_show(
        self, context: Any, pkg_dict: dict[str, Any]
    ) -> dict[str, Any]:
        return assessment_links.for_user(
            context,
            source_internals.for_user(
                context,
                provenance.for_show(context, redaction.for_user(context, pkg_dict)),
            ),
        )

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        # Endorsed datasets first when the caller asked for relevance.
        relevance = endorsement.is_relevance(search_params.get("sort"))
        params = place_search.before_search(index.query_fields(search_params))
        params = assessment_listing.datasets_only_on_group_pages(params)
        return endorsement.ranked_first(params, relevance)

    def after_dataset_search(
        self, search_results: dict[str, Any], search_params: dict[str, Any]
    ) -> dict[str, Any]:
        results = endorsement.after_search(facets.label_facet_items(search_results))
        return place_search.after_search(results)

    # IFacets

    def dataset_facets(self, facets_dict: Any, package_type: str) -> Any:
        return facets.dataset_facets(facets_dict, package_type)

    def group_facets(
        self, facets_dict: Any, group_type: str, package_type: str | None
    ) -> Any:
        return facets.dataset_facets(facets_dict, package_type)

    def organization_facets(
        self, facets_dict: Any, organization_type: str, package_type: str | None
    ) -> Any:
        return facets.organization_facets(facets_dict, package_type)

    # IDCATRDFHarvester: a partner's dataset made an IM dataset (``mapping``),
    # a record unchanged since its last import not written again (``unchanged``)

    def update_session(self, session: Any) -> Any:
        return network.with_timeout(session)

    def before_create(
        self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: Any
    ) -> None:
        lookup.refuse_taken(harvest_object)
        unchanged.before_create(harvest_object)
        if not withdrawn.skip(harvest_object, dataset_dict):
            mapping.for_dcat(harvest_object, dataset_dict)

    def before_update(
        self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: Any
    ) -> None:
        unchanged.before_update(harvest_object, dataset_dict)
        if dataset_dict:  # emptied when unchanged: nothing to write
            mapping.for_dcat(harvest_object, dataset_dict)

    # IPermissionLabels

    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return policy.PermissionLabels().get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return policy.PermissionLabels().get_user_dataset_labels(user_obj)

    # IDomainObjectModification: a purge, in the purging transaction

    def notify(self, entity: Any, operation: str) -> None:
        if operation == "deleted" and imnet_model.is_dataset(entity):
            reclassification.dataset_purged(entity.id, None)

    # ISignal: bulk actions and owner changes write without the hooks above;
    # new or changed links are checked by a job once a write has succeeded

    def get_signal_subscriptions(self) -> Any:
        return {
            tk.signals.action_succeeded: [
                *(
                    {"sender": name, "receiver": _datasets_changed}
                    for name in (*_BULK_ACTIONS, "package_owner_org_update")
                ),
                *(
                    {"sender": name, "receiver": link_checks.on_write}
                    for name in link_checks.WRITES
                ),
            ]
        }

    # IMiddleware

    def make_middleware(self, app: Any, config: Any) -> Any:
        # before_request functions run in this order; the site texts first, so
        # that the error pages of the others show them too; the access gate
        # before the table requests' shape check; harvested datasets' edit
        # forms are refused after the gate has hidden what may not be seen;
        # a form's empty file fields are dropped last, for the view.
        return empty_uploads.register(
            table_requests.register(
                local_edits.register(
                    gate.register(input_guard.register(site_texts.register(app)))
                )
            )
        )


def _actor_id(context: Any) -> str | None:
    user = redaction.context_user(context)
    return user.id if user is not None else None


def _datasets_changed(sender: str, **kwargs: Any) -> None:
    """After a bulk action or an owner change (both commit on their own)."""
    data_dict = kwargs.get("data_dict") or {}
    context = kwargs.get("context") or {}
    if context.get("defer_commit"):
        # Within a caller's transaction (``package_update`` moves datasets this
        # way): the caller's own hooks see the change.
        return
    state = None
    if sender in _BULK_ACTIONS:
        # Bulk actions update rows behind the session's back: read them afresh
        # (they have committed, so nothing pending is lost).
        imnet_model.session().expire_all()
        state = "deleted" if sender == "bulk_update_delete" else None
    ids = data_dict.get("datasets") or [data_dict.get("id")]
    for package_id in ids:
        if package_id:
            review.keep_held(package_id)
            reclassification.dataset_changed(package_id, _actor_id(context), state)
            if state == "deleted":
                withdrawn.record(context, package_id)
    imnet_model.session().commit()
