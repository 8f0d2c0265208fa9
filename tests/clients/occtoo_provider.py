"""The GraphQL documents the Occtoo provider for Centra sends
(Occtoo/Occtoo.Provider.Centra, src/Provider/Services/CentraService.cs, commit 1049bfe).

The provider builds each document as ``query { <entity> (<arguments>) { <fields>  }  }`` and
sends it without variables; the texts below are those documents, spacing included, with the
values it interpolates (page numbers, a product number) left as ``{page}`` and
``{product_number}``.
"""

from __future__ import annotations

#: The product fields of GetProductAsync and GetProductsByProductNumber.
PRODUCT_FIELDS = (
    "id name productNumber collection { id name uri status } weight { value unit formattedValue } "
    "harmonizedCommodityCodeDescription harmonizedCommodityCode countryOfOrigin { name "
    "translations { language { name } fields { value } } } folder { name childFolders { name } } "
    "displays { markets { name } displayItems { id display { name description } } name id status "
    "metaTitle metaKeywords metaDescription description productVariants { productSizes { id SKU "
    "description } } } brand { id name } productNumber media { source { url } } variants { prices{ "
    "id recommendedRetailPrice{value} price{value formattedValue valueInCents currency{code name}}} "
    "internalName supply { supplier { name } } attributes { elements { key description kind ... on "
    "AttributeStringElement { value } } description objectType type { name } } name variantNumber "
    "translations { language { name countryCode } fields { value } } stock { physicalQuantity "
    "availableNowQuantity productSize { id GTIN sizeNumber SKU } warehouse { id name status } } } "
    "media { source { url } }"
)

#: GetProductAsync: pages of 10 until a page holds fewer.
PRODUCTS_PAGE = "query { products (limit: 10, page: {page} ) { " + PRODUCT_FIELDS + "  }  }"

#: GetProductsByProductNumber: pages of 5 of one product number.
PRODUCTS_BY_NUMBER = (
    "query { products (limit: 5, page: {page} ,where: { productNumber: { equals: "
    '"{product_number}" } }) { ' + PRODUCT_FIELDS + "  }  }"
)

#: GetProductSkus: pages of 200.
PRODUCT_NUMBERS_PAGE = "query { products (limit: 200, page: {page} ) { productNumber  }  }"


def document(template: str, **values: object) -> str:
    """The template with the client's interpolated values (only ``{name}`` placeholders are
    replaced: the document's own braces stay)."""
    text = template
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text
