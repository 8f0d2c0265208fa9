"""The document of the TypeScript ``GQLProductsFetcher`` (graphql-request; repository not named
by the search index, file ``GQLProductsFetcher.ts``): one display with its texts, prices,
media and items. graphql-request sends it with ``variables: []`` (the client passes ``[]``)."""

from __future__ import annotations

DISPLAYS = """
            query {
                displays (limit: 1) {
                    id
                    name
                    status
                    uri
                    minimumOrderQuantity
                    orderQuantityDenominator
                    description
                    shortDescription
                    metaTitle
                    metaDescription
                    metaKeywords
                    comment
                    tags
                    updatedAt
                    prices{
                        id
                        price {
                            value
                            currency {
                                id
                                name
                                code
                            }
                        }
                        recommendedRetailPrice {
                            value,
                            currency {
                                id
                                name
                                code
                            }
                        }
                        pricelist {
                            id
                            name
                            status
                            comment
                            isDefaultForCurrency
                            updatedAt
                        }
                    }
                    media {
                        id
                        source {
                            mediaSize {
                                name
                                maxWidth
                                maxHeight
                                mimeType
                                quality
                            }
                        }
                        product {
                            id
                        }

                    }
                    displayItems {
                        id
                    }
                }
            }"""

#: What graphql-request puts in the body beside the query.
VARIABLES: list[object] = []
