"""The GraphQL documents the Occtoo formatter for Centra sends
(Occtoo/Occtoo.Formatter.Centra, src/Formatter/Services/CentraService.cs, commit abeb936).

The formatter writes a product hierarchy: it reads stores and markets, finds or creates the
season's collection, creates (or updates) the product, each variant and its sizes, assigns
mapped attributes (creating missing ones), replaces the variants' media by a media batch, then
creates (or updates) the product's display. It builds each document with string interpolation
and sends it without variables: the texts below are those documents, spacing included, with
the values it interpolates left as ``{name}`` placeholders (``occtoo_provider.document`` fills
them). Queries are ``query { <entity> (<arguments>) { <fields>  }  }``; list reads page by 200
(``limit: 200, page: N ``); every mutation selects ``userErrors { message }``.
"""

from __future__ import annotations

STORES = "query { stores (limit: 200, page: {page} ) { id name  }  }"
MARKETS = "query { markets (limit: 200, page: {page} ) { id name store { id name }  }  }"
COLLECTION_BY_NAME = 'query { collections (where: { name: { equals: "{season}" } }) { id name  }  }'
CREATE_COLLECTION = (
    'mutation { createCollection (input: { name: "{season}", status: ACTIVE }) '
    "{ collection { id name } userErrors { message } } }"
)
PRODUCT_ID_BY_NUMBER = (
    'query { products (where: { productNumber: { equals: "{product_number}" }, status: ACTIVE }) '
    "{ id  }  }"
)
CREATE_PRODUCT = (
    "mutation { createProduct (input: { brand: { id: {brand} }, collection: { id: {collection} }, "
    "assignDynamicAttributes: [], assignMappedAttributes: [], folder: { id: {folder} }, "
    "measurementTable: { inherited: true measurementChart: { id: {chart} } }  "
    'name: "{name}", productNumber: "{product_number}", status: ACTIVE, weight: { unit: '
    'KILOGRAMS, value: {weight} }, internalComment: "{comment}" }) { product { id } userErrors '
    "{ message } } }"
)
UPDATE_PRODUCT = (
    "mutation { updateProduct (id: {product}, input: { brand: { id: {brand} }, collection: { id: "
    "{collection} }, assignDynamicAttributes: [], assignMappedAttributes: [], folder: { id: "
    "{folder} }, measurementTable: { inherited: true measurementChart: { id: {chart} } }  "
    'name: "{name}", productNumber: "{product_number}", status: ACTIVE, weight: { unit: '
    'KILOGRAMS, value: {weight} }, internalComment: "{comment}" }) { product { id } userErrors '
    "{ message } } }"
)
CREATE_PRODUCT_VARIANT = (
    "mutation { createProductVariant (input: { product: { id: {product} }, sizeChart: { id: "
    '{chart} }, name: "{name}", variantNumber: "{variant_number}", internalName: '
    '"{internal_name}", assignMappedAttributes: [], assignDynamicAttributes: [], status: ACTIVE }) '
    "{ productVariant { id } userErrors { message } } }"
)
UPDATE_PRODUCT_VARIANT = (
    'mutation { updateProductVariant (id: {variant}, input: { name: "{name}", variantNumber: '
    '"{variant_number}", internalName: "{internal_name}", assignMappedAttributes: [], '
    "assignDynamicAttributes: [], status: ACTIVE }) { productVariant { id } userErrors "
    "{ message } } }"
)
VARIANT_ATTRIBUTES = (
    "query { productVariants (where: {id: {variant}}) { attributes { type { name } elements "
    "{ key ... on AttributeStringElement { value } } }  }  }"
)
CREATE_PRODUCT_SIZE = (
    "mutation { createProductSize (input: { productVariant: { id: {variant} }, size: { id: "
    '{size}, }, sizeNumber: "{size_number}", ean: "{ean}" }) { productSize { id } userErrors '
    "{ message } } }"
)
MAPPED_ATTRIBUTE_ID = (
    'query { mappedAttributes (where: { typeName: {equals: "{type_name}"} name: { equals: '
    '"{name}"} objectType: ProductVariant}) { id  }  }'
)
CREATE_ATTRIBUTE = (
    'mutation { createAttribute (input: { name: "{name}", attributeTypeName: "{type_name}", '
    'stringElements: { key: "text", value: "{name}"  } }) { attribute { id } userErrors '
    "{ message } } }"
)
CREATE_COLOR_ATTRIBUTE = (
    'mutation { createAttribute (input: { name: "{name}", attributeTypeName: "filter_color", '
    'stringElements:[ { key: "name", value: "{name}"  } { key: "color", value: "{name}"  } ]}) '
    "{ attribute { id } userErrors { message } } }"
)
ASSIGN_ATTRIBUTE = (
    "mutation { assignAttributes (input: { objectId: {variant}, objectType: ProductVariant, "
    'mappedAttributes: { attributeTypeName: "{type_name}", attributeId: {attribute} } }) '
    "{ userErrors { message } } }"
)
UNASSIGN_ATTRIBUTE = (
    "mutation { unassignAttributes (input: { objectId: {variant}, objectType: ProductVariant, "
    'mappedAttributes: { attributeTypeName: "{type_name}", attributeId: {attribute} } }) '
    "{ userErrors { message } } }"
)
VARIANT_MEDIA = "query { productVariants (where: { id: [{variant}] }) { id media { id }  }  }"
DELETE_PRODUCT_MEDIA = "mutation { deleteProductMedia (id: {media}) { userErrors { message } } }"
#: One media of a batch; the batch joins them with ", ".
MEDIA_ITEM = '{ mediaType: IMAGE, productId: {product}, variantId: {variant}, url: "{url}" }'
CREATE_MEDIA_BATCH = (
    "mutation { createMediaBatch (input: { productMedia: [{media_items}] }) "
    "{ userErrors { message } } }"
)
#: Items of a list as the formatter joins them: markets, media (", "), variants and
#: categories (each followed by a blank).
MARKET_ITEM = "{ id: {market} }"
DISPLAY_MEDIA_ITEM = "{ productMedia: { id: {media} } }"
VARIANT_ITEM = "{ productVariant: { id: {variant} } } "
CATEGORY_ITEM = "{ id: {category} } "
DISPLAY_ID = "query { displays (where: { productId: {product}, status: ACTIVE }) { id  }  }"
DISPLAY_CATEGORIES = (
    "query { displays (limit: 200, page: 1 ,where: { id: {display}}) { canonicalCategory { id } "
    "categories { id }  }  }"
)
DISPLAY_MARKETS = (
    "query { displays (limit: 200, page: 1 ,where: { id: {display}}) { markets { id }  }  }"
)
CREATE_DISPLAY = (
    "mutation { createDisplay (input: { store: { id: {store} } addMarkets: [{markets}] product: "
    '{ id: {product} } name: "{name}" description: "{description}" status: ACTIVE tags: [] '
    "addProductVariants: [{variants}] addCategories: [ {categories} ] canonicalCategory: { id: "
    '{category} } uri: "{uri}" addProductMedia: [{media}] }) { userErrors { message } } }'
)
UPDATE_DISPLAY = (
    "mutation { updateDisplay (id: {display}, input: { addMarkets: [{markets}] "
    "removeMarkets: [{removed_markets}] "
    'name: "{name}" description: "{description}" status: ACTIVE tags: [] addProductVariants: '
    "[{variants}] removeCategories: [{removed_categories} ] addCategories: [ {categories} ] "
    'canonicalCategory: { id: {category} } uri: "{uri}" addProductMedia: [{media}] }) '
    "{ userErrors { message } } }"
)
SIZE_CHART_SIZES = (
    "query { sizeCharts (limit: 200, page: 1 ,where: { id: {chart} }) { id name sizes { id name }"
    "  }  }"
)
PRODUCT_INVENTORY = (
    'query { products (where: { productNumber: { equals: "{product_number}" }, status: ACTIVE }) '
    "{ id variants { id productSizes { id SKU size { id name } } }  }  }"
)
VARIANT_QUANTITIES = (
    "query { productVariants (where: { id: {variant} }) { stock(limit: 200) { productSize { id "
    "SKU } availableNowQuantity physicalQuantity }  }  }"
)
PRODUCT_GRAPH = (
    "query { products (where: { id: {product} }) { id variants { id variantNumber productSizes "
    "{ id sizeNumber SKU } }   }  }"
)
