"""The catalog, stock and supply documents of the TypeScript ``CentraConnector`` of a sales
dashboard (repository not named by the search index; file
``src/lib/connectors/centra.ts``-style module exporting ``CentraConnector``, found by its
``fetchPurchaseOrderDeliveries`` and ``fetchStockChangeLines`` methods). Each document is the
template literal it sends, whitespace included, with the variables it sends beside it
(``{"page": n}``, pages of 100 and 200 until a page holds fewer)."""

from __future__ import annotations

PURCHASE_ORDER_DELIVERIES = """
      query GetPODeliveries($page: Int!) {
        purchaseOrderDeliveries(
          limit: 100
          page: $page
          where: { status: INSERTED }
        ) {
          id
          number
          status
          createdAt
          supplier { id name }
          warehouse { id name }
          purchaseOrder { id createdAt }
          lines {
            quantity
            unitCost { value currency { code } }
            landedCost { value currency { code } }
            customsValue { value currency { code } }
            productSize { id EAN SKU sizeNumber }
            product { id name }
            productVariant { id name variantNumber }
          }
        }
      }
    """

STOCK_CHANGE_LINES = """
      query GetStockChangeLines($page: Int!) {
        stockChangeLines(
          limit: 200
          page: $page
        ) {
          id
          deliveredQuantity
          unitCost { value currency { code } }
          currencyBaseRate
          productSize {
            id
            EAN
            SKU
            sizeNumber
            productVariant {
              id
              name
              variantNumber
              product {
                id
                name
              }
            }
          }
          stockChange {
            id
            createdAt
            comment
            type
            warehouse { id name }
          }
        }
      }
    """
