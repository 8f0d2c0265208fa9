"""Permission-matrix cases of the attributes, translations and media root fields.

They rely on the demo data holding the demo attribute types and mapped attributes
(mercato.catalog.attributes_demo, loaded by the demo loader); the product they need is made
by the setup, so it is product 1 and its first media is media 1."""

from __future__ import annotations

from tests.permission_cases import Case

PRODUCT = (
    'mutation { createProduct(input: {name: "Matrix", productNumber: "MATRIX-1"}) '
    "{ userErrors { message } } }"
)
MEDIA = (
    'mutation { createMediaBatch(input: {productMedia: [{productId: 1, url: "https://x.com/a.jpg"}]}) '
    "{ userErrors { message } } }"
)

CASES: dict[str, Case] = {
    "attributeTypes": Case("{ attributeTypes { name } }", ("Attribute:read",)),
    "mappedAttributes": Case("{ mappedAttributes { id name } }", ("Attribute:read",)),
    "translatableFields": Case(
        "{ translatableFields { objectType fields } }", ("Translation:read",)
    ),
    "mediaSizes": Case("{ mediaSizes { name } }", ()),
    "mediaBatch": Case(
        '{ mediaBatch(queueId: "batch-1-1") { status } }',
        ("MediaBatch:read",),
        setup=(PRODUCT, MEDIA),
    ),
    "createAttribute": Case(
        'mutation { createAttribute(input: {name: "Linen", attributeTypeName: "pr_materials", '
        'stringElements: [{key: "text", value: "Linen"}]}) { userErrors { message } } }',
        ("Attribute:write",),
    ),
    "updateAttribute": Case(
        'mutation { updateAttribute(id: 1, input: {name: "Oak"}) { userErrors { message } } }',
        ("Attribute:write",),
    ),
    "assignAttributes": Case(
        "mutation { assignAttributes(input: {objectType: Product, objectId: 1, "
        'mappedAttributes: [{attributeTypeName: "pr_materials", attributeId: 1}]}) '
        "{ userErrors { message } } }",
        ("Attribute:write",),
        setup=(PRODUCT,),
    ),
    "unassignAttributes": Case(
        "mutation { unassignAttributes(input: {objectType: Product, objectId: 1, "
        'dynamicAttributes: [{attributeTypeName: "pr_long_name"}]}) { userErrors { message } } }',
        ("Attribute:write",),
        setup=(PRODUCT,),
    ),
    "setTranslations": Case(
        "mutation { setTranslations(input: {objectType: Product, objectId: 1, "
        'language: {code: "sv"}, translations: [{field: "name", value: "Matris"}]}) '
        "{ userErrors { message } } }",
        ("Translation:write",),
        setup=(PRODUCT,),
    ),
    "createMediaBatch": Case(
        'mutation { createMediaBatch(input: {productMedia: [{productId: 1, url: "https://x.com/b.png"}]}) '
        "{ userErrors { message } } }",
        ("MediaBatch:write",),
        setup=(PRODUCT,),
    ),
    "updateProductMedia": Case(
        'mutation { updateProductMedia(id: 1, input: {metaDataJSON: "{}", position: 1}) '
        "{ userErrors { message } } }",
        ("ProductMedia:write",),
        setup=(PRODUCT, MEDIA),
    ),
    "deleteProductMedia": Case(
        "mutation { deleteProductMedia(id: 1) { userErrors { message } } }",
        ("ProductMedia:write",),
        setup=(PRODUCT, MEDIA),
    ),
}
