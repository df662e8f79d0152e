"""The demo catalogue's gap matrix shows every state."""

from __future__ import annotations

import pytest
from ckan.cli.cli import ckan

from tests.curation.conftest import act


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_demo_matrix_has_every_state_for_a_visitor(cli):
    result = cli.invoke(ckan, ["imnet", "demo", "load"])
    assert result.exit_code == 0, result.output
    matrix = act(None, "imnet_gap_matrix")
    states = {cell["state"] for row in matrix["rows"] for cell in row["cells"]}
    assert states == {"complete", "partial", "empty", "not_applicable"}
    [judged] = [
        cell for row in matrix["rows"] for cell in row["cells"] if cell["override"]
    ]
    assert judged["place"] == "MMR018"
    assert "Nay Pyi Taw" in judged["override"]["comment"]
    # Loading again adds no second judgement.
    assert cli.invoke(ckan, ["imnet", "demo", "load"]).exit_code == 0
