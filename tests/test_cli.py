"""``ckan imnet previews token``: the token `make dev` gives xloader."""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan
from ckan.lib import api_token


@pytest.mark.usefixtures("clean_db")
def test_previews_token_prints_a_token_of_the_site_user(cli):
    result = cli.invoke(ckan, ["imnet", "previews", "token"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    user = api_token.get_user_from_token(token)
    site_user = helpers.call_action("get_site_user")
    assert user is not None and user.name == site_user["name"]
    assert user.sysadmin
