"""The GQLProductsFetcher's display document (products_fetcher.py), verbatim, sent the way
graphql-request sends it (``variables: []``)."""

from __future__ import annotations

from tests.clients.conftest import sent
from tests.clients.products_fetcher import DISPLAYS, VARIABLES
from tests.support import Api


def test_the_first_display_reads_with_prices_media_and_items(catalog_api: Api) -> None:
    (display,) = sent(catalog_api, DISPLAYS, VARIABLES)["displays"]

    assert display["prices"]
    assert display["prices"][0]["pricelist"]["name"]
    assert display["displayItems"]
    assert display["media"] == []  # the generated catalog has no media


def test_an_empty_variables_list_means_no_variables_and_others_are_refused(
    catalog_api: Api,
) -> None:
    refused = catalog_api.client.post(
        "/graphql",
        json={"query": DISPLAYS, "variables": [1]},
        headers={"Authorization": f"Bearer {catalog_api.qa_token}"},
    )

    assert refused.status_code == 400
    assert refused.json()["errors"][0]["message"] == '"variables" must be a JSON object.'
