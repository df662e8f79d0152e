"""ckanext-harvest's CKAN harvester, bringing in IM datasets.

Registered as the ``imnet_ckan_harvester`` plugin in place of
``ckan_harvester`` (same source type, ``ckan``): the source's IM defaults and
mappings are applied to every dataset (``mapping.for_ckan``), its
configuration is checked with the IM keys, and a partner gets
``ckanext.imnet.harvest.timeout`` seconds to answer and must answer with
success (the original waits for ever and reads an error page as an empty
result). Only the partner's records of type ``dataset`` are harvested.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import requests

from ckanext.harvest.harvesters.ckanharvester import CKANHarvester, ContentFetchError

from . import lookup, mapping, network, source_config, withdrawn

__all__ = ["ImnetCKANHarvester"]

_ = tk._


class ImnetCKANHarvester(CKANHarvester):
    """Harvests a partner's CKAN site into IM datasets."""

    def validate_config(self, config: Any) -> Any:
        """The harvester's own checks, then the IM keys'."""
        config = super().validate_config(config)
        source_config.parse(config, "ckan")
        return config

    def import_stage(self, harvest_object: Any) -> Any:
        """ckanext-harvest's import, unless the record was withdrawn here (its
        dataset deleted by a curator: ``withdrawn``)."""
        if harvest_object.content and withdrawn.skip(harvest_object, {}):
            return "unchanged"  # as ckanext-harvest's own skip: object not current
        self._imnet_importing = harvest_object
        try:
            return super().import_stage(harvest_object)
        finally:
            self._imnet_importing = None

    def _find_existing_package(self, package_dict: dict[str, Any]) -> Any:
        """The local dataset of the remote one (same id), refused as a
        validation error of the record if another source holds it (a source
        updates only what it brought in: ``lookup``)."""
        found = super()._find_existing_package(package_dict)
        importing = getattr(self, "_imnet_importing", None)
        if importing is not None:
            try:
                lookup.refuse_held(found["id"], importing.harvest_source_id)
            except lookup.TakenByAnotherSource as taken:
                raise tk.ValidationError({"id": [str(taken)]}) from taken
        return found

    def _search_for_datasets(
        self, remote_ckan_base_url: str, fq_terms: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """The partner's datasets only: records of other types (an IM portal's
        planned assessments, harvest sources) are not data. Asked of the
        partner, and checked again for a partner that ignores the filter."""
        found = super()._search_for_datasets(
            remote_ckan_base_url, [*(fq_terms or []), "+dataset_type:dataset"]
        )
        return [d for d in found if (d.get("type") or "dataset") == "dataset"]

    def modify_package_dict(
        self, package_dict: dict[str, Any], harvest_object: Any
    ) -> dict[str, Any]:
        """The partner's dataset with the source's IM defaults and mappings."""
        return mapping.for_ckan(harvest_object, package_dict)

    def _get_content(self, url: str) -> str:
        headers = {}
        if self.config.get("user_agent"):
            headers["User-Agent"] = str(self.config["user_agent"])
        if self.config.get("api_key"):
            headers["Authorization"] = str(self.config["api_key"])
        try:
            response = requests.get(url, headers=headers, timeout=network.timeout())
            response.raise_for_status()
        except requests.Timeout as error:
            raise ContentFetchError(
                _("No answer within {seconds} s: {url}").format(
                    seconds=network.timeout(), url=url
                )
            ) from error
        except requests.HTTPError as error:
            raise ContentFetchError(
                _("The partner answered {status}: {url}").format(
                    status=error.response.status_code, url=url
                )
            ) from error
        except requests.RequestException as error:
            raise ContentFetchError(
                _("The partner could not be reached: {problem}").format(problem=error)
            ) from error
        return response.text
