"""Issue 17: the envelope and errors as the reference shows them: deprecatedFieldsUsed,
createMediaBatch without userErrors, userError paths, variables sent as []."""

from __future__ import annotations

from tests.factories import make_product
from tests.support import Api

CHART = (
    'mutation { createSizeChart(input: {name: "Tops", horizontalLabels: ["S", "M"]}) '
    "{ sizeChart { id } userErrors { message } } }"
)


def test_a_deprecated_field_is_reported_once_with_its_reason(api: Api) -> None:
    api.ok(CHART)

    response = api.query("{ sizeCharts { isEnabled name } again: sizeCharts { isEnabled } }")

    assert response.status == 200
    assert response.data["sizeCharts"] == [{"isEnabled": True, "name": "Tops"}]
    assert response.extensions["deprecatedFieldsUsed"] == [
        "Field: SizeChart.isEnabled, reason: Always true., date of removal: not scheduled"
    ]
    assert "deprecatedFieldsUsed" not in api.query("{ sizeCharts { name } }").extensions


def test_create_media_batch_may_leave_user_errors_out(api: Api) -> None:
    product = make_product(api.database)

    response = api.query(
        "mutation($id: Int!) { createMediaBatch(input: {productMedia: [{productId: $id, "
        'url: "https://cdn.example.com/a.jpg"}]}) { queueId } }',
        {"id": product.product_id},
    )

    assert response.status == 200, response.body
    assert response.data["createMediaBatch"]["queueId"]
    # The other mutations still require it.
    refused = api.query('mutation { createBrand(input: {name: "B"}) { brand { id } } }')
    assert refused.status == 400


def test_an_unknown_root_id_names_the_argument_and_other_errors_have_an_empty_path(
    api: Api,
) -> None:
    by_id = api.ok(
        'mutation { updateBrand(id: 999, input: {name: "x"}) { userErrors { message path } } }'
    )["updateBrand"]
    by_external_id = api.ok(
        'mutation { updateBrand(externalId: "nope", input: {name: "x"}) '
        "{ userErrors { message path } } }"
    )["updateBrand"]
    neither = api.ok(
        'mutation { updateBrand(input: {name: "x"}) { userErrors { message path } } }'
    )["updateBrand"]

    assert by_id["userErrors"] == [{"message": "Could not find Brand with ID 999.", "path": ["id"]}]
    assert by_external_id["userErrors"] == [
        {"message": 'Could not find Brand with externalId "nope".', "path": ["externalId"]}
    ]
    assert neither["userErrors"] == [{"message": "Give id or externalId.", "path": ["id"]}]


def test_variables_sent_as_an_empty_list_mean_none(api: Api) -> None:
    response = api.client.post(
        "/graphql",
        json={"query": "{ stores { id } }", "variables": []},
        headers={"Authorization": f"Bearer {api.qa_token}"},
    )

    assert response.status_code == 200
    assert response.json()["data"]["stores"]
