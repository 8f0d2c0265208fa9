"""The write matrix's cases: for every mutation of the schema, what a token restricted to
store 1 (holding every permission) tries against store 2, and what it may still do in its
own store.

- ``Shared(...)``: the mutation writes a type every store shares (products, size charts,
  warehouses, stock ...): refused to a restricted token whatever it names, with the write
  kernel's message, before anything runs.
- ``Foreign(...)``: the mutation names another store's object, by id and by the external id
  the token's integration has for it (``target``, put where ``$target`` stands): refused, and
  answered exactly as the same request naming an unknown object (no existence oracle).
  ``test_write_matrix.py`` checks, from the schema, that every input member referencing a
  store-scoped type and every ``id``/``externalId`` argument is named so by some attempt.
- ``Refused(...)``: an object the token sees but may not change that way (a brand another
  store shows too, a token outliving its creator): refused.
- ``Allowed(...)``: the token writes its own store's objects: no userErrors, and the payload,
  read with a selection generated from the schema, shows nothing of store 2.

Each attempt's ``call`` is the mutation field with its arguments; ``definitions`` declares the
variables it uses, and ``variables`` gives them (the target's value under ``target``).
``tests/store_restriction/test_write_matrix.py`` fails for a mutation without a case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tests.store_restriction.world import RETAIL, WHOLESALE, World

Variables = Callable[[World, Any], dict[str, Any]]


class Form(Enum):
    """How an attempt names its target."""

    #: A reference input ``{id}`` or ``{externalId}`` (both are tried).
    REFERENCE = "reference"
    #: A bare ``Int`` id argument.
    ID = "id"
    #: A bare ``String`` external id argument.
    EXTERNAL_ID = "externalId"
    #: A ``StoreInput`` (``{id}`` only).
    STORE = "store"


@dataclass(frozen=True)
class Target:
    """Store 2's object an attempt names: ``attribute`` of ``World.wholesale`` (its id), and
    the suffix of its external id (``s2-<suffix>``), if it has one."""

    type_name: str
    attribute: str
    external: str | None = None


STORE = Target("Store", "store")
MARKET = Target("Market", "market", "market")
RULE = Target("AllocationRule", "allocation_rule", "rule")
PRICELIST = Target("Pricelist", "pricelist", "pricelist")
ALTERATION = Target("PriceAlteration", "price_alteration", "alteration")
DISPLAY = Target("Display", "display", "display")
RELATED_DISPLAY = Target("Display", "related_display", "related-display")
CATEGORY = Target("Category", "category", "category")
BRAND = Target("Brand", "brand", "brand")
STORE_PLUGIN = Target("StorePlugin", "store_plugin")
TOKEN = Target("GraphQLAccess", "token")

#: An id no row has, and an external id the integration does not know.
UNKNOWN_ID = 987654
UNKNOWN_EXTERNAL_ID = "nothing-by-this-name"


@dataclass(frozen=True)
class Foreign:
    call: str
    definitions: str
    target: Target
    form: Form
    variables: Variables = lambda _world, target: {"target": target}
    #: Naming an unknown object is not an error here (removing what is not there): the
    #: foreign one must then be a no-op too, answered the same.
    idempotent: bool = False
    #: Whose token tries it; the target is then the other store's object (store 2 tries store
    #: 1's where only a wholesale store has the object changed: price alterations).
    by: int = RETAIL


@dataclass(frozen=True)
class Shared:
    call: str
    definitions: str = ""
    variables: Callable[[World], dict[str, Any]] = lambda _world: {}


@dataclass(frozen=True)
class Refused:
    call: str
    definitions: str = ""
    variables: Callable[[World], dict[str, Any]] = lambda _world: {}
    #: Words the userError says.
    says: str = ""


@dataclass(frozen=True)
class Allowed:
    call: str
    definitions: str = ""
    variables: Callable[[World], dict[str, Any]] = lambda _world: {}
    #: Whose token writes (price alterations belong to wholesale stores, store 2).
    store: int = RETAIL


Attempt = Foreign | Shared | Refused | Allowed


@dataclass(frozen=True)
class Case:
    attempts: tuple[Attempt, ...] = field(default_factory=tuple)


def case(*attempts: Attempt) -> Case:
    return Case(tuple(attempts))


def _by_id_and_external_id(mutation: str, rest: str, target: Target) -> tuple[Foreign, ...]:
    """``mutation(id: $target, <rest>)`` and ``mutation(externalId: $target, <rest>)``."""
    return (
        Foreign(f"{mutation}(id: $target{rest})", "$target: Int", target, Form.ID),
        Foreign(
            f"{mutation}(externalId: $target{rest})", "$target: String", target, Form.EXTERNAL_ID
        ),
    )


def _own(world: World) -> Any:
    return world.retail


# -- shared types: refused whatever the target ------------------------------------------


def _product(world: World) -> dict[str, Any]:
    return {"product": world.products[0], "variant": world.variants[0]}


SHARED_CASES: dict[str, Case] = {
    "createProduct": case(Shared('createProduct(input: {name: "X", productNumber: "X1"})')),
    "updateProduct": case(
        Shared('updateProduct(id: $product, input: {name: "X"})', "$product: Int", _product)
    ),
    "createProductVariant": case(
        Shared(
            'createProductVariant(input: {product: {id: $product}, name: "X", '
            'sizeChart: {externalId: "w-chart"}})',
            "$product: Int",
            _product,
        )
    ),
    "updateProductVariant": case(
        Shared('updateProductVariant(id: $variant, input: {name: "X"})', "$variant: Int", _product)
    ),
    "createProductSize": case(
        Shared(
            'createProductSize(input: {productVariant: {id: $variant}, size: {name: "M"}})',
            "$variant: Int",
            _product,
        )
    ),
    "updateProductSize": case(
        Shared(
            "updateProductSize(id: $size, input: {preorder: true})",
            "$size: Int!",
            lambda w: {"size": w.product_sizes[0]},
        )
    ),
    "createMediaBatch": case(
        Shared(
            'createMediaBatch(input: {productMedia: [{productId: $product, url: "https://x.com/a.jpg"}]})',
            "$product: Int!",
            _product,
        )
    ),
    "updateProductMedia": case(
        Shared(
            "updateProductMedia(id: $media, input: {position: 1})",
            "$media: Int!",
            lambda w: {"media": w.media},
        )
    ),
    "deleteProductMedia": case(
        Shared("deleteProductMedia(id: $media)", "$media: Int!", lambda w: {"media": w.media})
    ),
    "assignAttributes": case(
        Shared(
            "assignAttributes(input: {objectType: Product, objectId: $product, "
            'mappedAttributes: [{attributeTypeName: "pr_materials", attributeId: 1}]})',
            "$product: Int!",
            _product,
        )
    ),
    "unassignAttributes": case(
        Shared(
            "unassignAttributes(input: {objectType: Product, objectId: $product, "
            'dynamicAttributes: [{attributeTypeName: "pr_long_name"}]})',
            "$product: Int!",
            _product,
        )
    ),
    "createAttribute": case(
        Shared(
            'createAttribute(input: {name: "Linen", attributeTypeName: "pr_materials", '
            'stringElements: [{key: "text", value: "Linen"}]})'
        )
    ),
    "updateAttribute": case(Shared('updateAttribute(id: 1, input: {name: "Oak"})')),
    "createBundle": case(
        Shared(
            'createBundle(input: {product: {name: "B", productNumber: "B1"}, type: FIXED, '
            'priceType: STATIC, sizeChart: {externalId: "w-chart"}})'
        )
    ),
    "updateBundle": case(
        Shared(
            "updateBundle(id: $bundle, input: {type: FLEXIBLE})",
            "$bundle: Int!",
            lambda w: {"bundle": w.bundle},
        )
    ),
    "createSizeChart": case(
        Shared('createSizeChart(input: {name: "New", horizontalLabels: ["S"]})')
    ),
    "updateSizeChart": case(
        Shared('updateSizeChart(externalId: "w-chart", input: {displayUnit: "cm"})')
    ),
    "updateSizeChartLabels": case(
        Shared(
            'updateSizeChartLabels(externalId: "w-chart", input: {horizontalLabels: ["XS", "M"]})'
        )
    ),
    "deleteSizeChart": case(Shared('deleteSizeChart(externalId: "w-chart")')),
    "mergeSizeCharts": case(
        Shared(
            'mergeSizeCharts(input: {sizeCharts: [{externalId: "w-chart"}], '
            'into: {externalId: "w-chart"}})'
        )
    ),
    "createSizeLocalization": case(Shared('createSizeLocalization(input: {name: "New"})')),
    "updateSizeLocalization": case(
        Shared(
            'updateSizeLocalization(sizeLocalization: {name: "World sizes"}, input: {name: "X"})'
        )
    ),
    "setLocalizedSizes": case(
        Shared('setLocalizedSizes(sizeLocalization: {name: "World sizes"}, input: [])')
    ),
    "createMeasurementChart": case(
        Shared(
            'createMeasurementChart(input: {name: "New", horizontalLabels: ["S"], '
            'verticalLabels: ["Chest"]})'
        )
    ),
    "updateMeasurementChart": case(
        Shared(
            'updateMeasurementChart(id: $chart, input: {displayUnit: "cm"})',
            "$chart: Int!",
            lambda w: {"chart": w.measurement_chart},
        )
    ),
    "deleteMeasurementChart": case(
        Shared(
            "deleteMeasurementChart(id: $chart)",
            "$chart: Int!",
            lambda w: {"chart": w.measurement_chart},
        )
    ),
    "createCollection": case(Shared('createCollection(input: {name: "New"})')),
    "updateCollection": case(Shared('updateCollection(id: 1, input: {name: "X"})')),
    "createFolder": case(Shared('createFolder(input: {name: "New"})')),
    "updateFolder": case(Shared('updateFolder(id: 1, input: {name: "X"})')),
    "createWarehouse": case(Shared('createWarehouse(input: {name: "New"})')),
    "updateWarehouse": case(Shared("updateWarehouse(id: 1, input: {threshold: 5})")),
    "setStock": case(
        Shared(
            "setStock(input: {warehouse: {id: 1}, productVariants: [{productVariant: "
            '{id: $variant}, sizeStockLevels: [{size: {name: "S"}, quantity: 7}]}]})',
            "$variant: Int",
            _product,
        )
    ),
    "changeStock": case(
        Shared(
            "changeStock(input: {intoWarehouse: {id: 1}, productVariants: [{productVariant: "
            '{id: $variant}, sizeChanges: [{size: {name: "S"}, deliveredQuantity: 1}]}]})',
            "$variant: Int",
            _product,
        )
    ),
}

# -- store-owned types: another store's objects are unknown ------------------------------


def _with(**members: Any) -> Variables:
    """Variables: the target, and ``members`` (functions of the world)."""

    def variables(world: World, target: Any) -> dict[str, Any]:
        return {"target": target, **{k: f(world) for k, f in members.items()}}

    return variables


def _reversed_displays(world: World) -> list[dict[str, int]]:
    """Store 1's category's displays, last first (whatever the allowed writes put there)."""
    displays = world.api.ok(
        "query($id: Int!) { categories(where: {id: [$id]}) { displays { id } } }",
        {"id": world.retail.category},
    )["categories"][0]["displays"]
    return [{"id": d["id"]} for d in reversed(displays)]


OWN_MARKET = _with(own=lambda w: w.retail.market)
OWN_DISPLAY = _with(own=lambda w: w.retail.display)
OWN_CATEGORY = _with(own=lambda w: w.retail.category)
OWN_PRICELIST = _with(own=lambda w: w.retail.pricelist)
OWN_BRAND = _with(own=lambda w: w.retail.brand)
OWN_TOKEN = _with(own=lambda w: w.retail.token)

STORE_CASES: dict[str, Case] = {
    # -- markets --
    "createMarket": case(
        Foreign(
            'createMarket(input: {name: "X", store: $target})',
            "$target: StoreInput!",
            STORE,
            Form.STORE,
        ),
        Foreign(
            'createMarket(input: {name: "X", store: {id: 1}, allocationRule: $target})',
            "$target: AllocationRuleInput",
            RULE,
            Form.REFERENCE,
        ),
        Allowed(
            'createMarket(input: {name: "Own new market", store: {id: 1}, allocationRule: {id: 1}})'
        ),
    ),
    "updateMarket": case(
        *_by_id_and_external_id("updateMarket", ', input: {comment: "x"}', MARKET),
        Foreign(
            "updateMarket(id: $own, input: {allocationRule: $target})",
            "$own: Int, $target: AllocationRuleInput",
            RULE,
            Form.REFERENCE,
            OWN_MARKET,
        ),
        Allowed(
            'updateMarket(id: $own, input: {comment: "own"})',
            "$own: Int",
            lambda w: {"own": w.retail.market},
        ),
    ),
    "deleteMarket": case(
        *_by_id_and_external_id("deleteMarket", "", MARKET),
        # (a market of its own made for it: the world's own market stays for other cases)
        Allowed("deleteMarket(id: $own)", "$own: Int", lambda w: {"own": w.retail.spare_market}),
    ),
    # -- pricing --
    "createPricelist": case(
        Foreign(
            'createPricelist(input: {name: "X", status: ACTIVE, store: $target, currencyIsoCode: "EUR"})',
            "$target: StoreInput!",
            STORE,
            Form.STORE,
        ),
        Allowed(
            'createPricelist(input: {name: "Own new prices", status: ACTIVE, store: {id: 1}, '
            'currencyIsoCode: "SEK"})'
        ),
    ),
    "updatePricelist": case(
        *_by_id_and_external_id("updatePricelist", ', input: {comment: "x"}', PRICELIST),
        Allowed(
            'updatePricelist(id: $own, input: {comment: "own"})',
            "$own: Int",
            lambda w: {"own": w.retail.pricelist},
        ),
    ),
    "deletePricelist": case(
        *_by_id_and_external_id("deletePricelist", "", PRICELIST),
        Allowed(
            "deletePricelist(id: $own)", "$own: Int", lambda w: {"own": w.retail.spare_pricelist}
        ),
    ),
    "setPrices": case(
        Foreign(
            "setPrices(input: {pricelist: $target, productPrices: [{product: {id: $product}, "
            'price: {value: 1, currencyIsoCode: "EUR"}}]})',
            "$target: PricelistInput!, $product: Int",
            PRICELIST,
            Form.REFERENCE,
            _with(product=lambda w: w.products[0]),
        ),
        Allowed(
            "setPrices(input: {pricelist: {id: $own}, productPrices: [{product: {id: $product}, "
            'price: {value: 12, currencyIsoCode: "SEK"}}]})',
            "$own: Int, $product: Int",
            lambda w: {"own": w.retail.pricelist, "product": w.products[0]},
        ),
    ),
    "createPriceAlteration": case(
        Foreign(
            'createPriceAlteration(input: {name: "X", status: ACTIVE, store: $target, '
            'startDate: "2031-01-01"})',
            "$target: StoreInput!",
            STORE,
            Form.STORE,
        ),
        Allowed(
            'createPriceAlteration(input: {name: "Own new alteration", status: INACTIVE, '
            'store: {id: 2}, startDate: "2031-01-01"})',
            store=WHOLESALE,
        ),
    ),
    "updatePriceAlteration": case(
        Foreign(
            'updatePriceAlteration(id: $target, input: {name: "X"})',
            "$target: Int!",
            ALTERATION,
            Form.ID,
        ),
        Foreign(
            "updatePriceAlteration(id: $own, input: {store: $target})",
            "$own: Int!, $target: StoreInput",
            STORE,
            Form.STORE,
            _with(own=lambda w: w.wholesale.price_alteration),
            by=WHOLESALE,
        ),
        Allowed(
            'updatePriceAlteration(id: $own, input: {name: "Own alteration"})',
            "$own: Int!",
            lambda w: {"own": w.wholesale.price_alteration},
            store=WHOLESALE,
        ),
    ),
    "setAlteredPrices": case(
        Foreign(
            "setAlteredPrices(input: {priceAlteration: $target, pricelist: {id: $own}, "
            "productPrices: []})",
            "$target: PriceAlterationInput!, $own: Int",
            ALTERATION,
            Form.REFERENCE,
            OWN_PRICELIST,
        ),
        Foreign(
            "setAlteredPrices(input: {priceAlteration: {id: $alteration}, pricelist: $target, "
            "productPrices: []})",
            "$target: PricelistInput!, $alteration: Int",
            PRICELIST,
            Form.REFERENCE,
            _with(alteration=lambda w: w.wholesale.price_alteration),
        ),
        Allowed(
            "setAlteredPrices(input: {priceAlteration: {id: $alteration}, pricelist: {id: $own}, "
            'productPrices: [{product: {id: $product}, price: {value: 9, currencyIsoCode: "EUR"}}]})',
            "$alteration: Int, $own: Int, $product: Int",
            lambda w: {
                "alteration": w.wholesale.price_alteration,
                "own": w.wholesale.pricelist,
                "product": w.products[1],
            },
            store=WHOLESALE,
        ),
    ),
    # -- displays --
    "createDisplay": case(
        Foreign(
            'createDisplay(input: {store: $target, product: {id: $product}, name: "X", status: ACTIVE})',
            "$target: StoreInput!, $product: Int",
            STORE,
            Form.STORE,
            _with(product=lambda w: w.products[2]),
        ),
        *(
            Foreign(
                "createDisplay(input: {store: {id: 1}, product: {id: $product}, "
                f'name: "X", status: ACTIVE, {member}}})',
                f"$target: {input_type}, $product: Int",
                target,
                Form.REFERENCE,
                _with(product=lambda w: w.products[2]),
            )
            for member, input_type, target in (
                ("addMarkets: [$target]", "MarketInput!", MARKET),
                ("addCategories: [$target]", "CategoryInput!", CATEGORY),
                ("canonicalCategory: $target", "CategoryInput", CATEGORY),
            )
        ),
        Allowed(
            'createDisplay(input: {store: {id: 1}, product: {id: $product}, name: "Own new display", '
            "status: ACTIVE, addMarkets: [{id: $market}], canonicalCategory: {id: $category}, "
            "addProductVariants: [{productVariant: {id: $variant}}]})",
            "$product: Int, $market: Int, $category: Int, $variant: Int",
            lambda w: {
                "product": w.products[2],
                "variant": w.variants[2],
                "market": w.retail.market,
                "category": w.retail.category,
            },
        ),
    ),
    "updateDisplay": case(
        Foreign(
            'updateDisplay(id: $target, input: {name: "X"})', "$target: Int!", DISPLAY, Form.ID
        ),
        *(
            Foreign(
                f"updateDisplay(id: $own, input: {{{member}}})",
                f"$own: Int!, $target: {input_type}",
                target,
                Form.REFERENCE,
                OWN_DISPLAY,
            )
            for member, input_type, target in (
                ("addMarkets: [$target]", "MarketInput!", MARKET),
                ("removeMarkets: [$target]", "MarketInput!", MARKET),
                ("addCategories: [$target]", "CategoryInput!", CATEGORY),
                ("removeCategories: [$target]", "CategoryInput!", CATEGORY),
                ("canonicalCategory: $target", "CategoryInput", CATEGORY),
            )
        ),
        Allowed(
            'updateDisplay(id: $own, input: {name: "Own display", addCategories: [{id: $category}]})',
            "$own: Int!, $category: Int",
            lambda w: {"own": w.retail.display, "category": w.retail.child_category},
        ),
    ),
    "setMarketDisplays": case(
        Foreign(
            "setMarketDisplays(input: {market: $target, displays: [{id: $own}]})",
            "$target: MarketInput!, $own: Int",
            MARKET,
            Form.REFERENCE,
            OWN_DISPLAY,
        ),
        Foreign(
            "setMarketDisplays(input: {market: {id: $own}, displays: [$target]})",
            "$target: DisplayInput!, $own: Int",
            DISPLAY,
            Form.REFERENCE,
            OWN_MARKET,
        ),
        Allowed(
            "setMarketDisplays(input: {market: {id: $market}, displays: [{id: $display}]})",
            "$market: Int, $display: Int",
            lambda w: {"market": w.retail.market, "display": w.retail.related_display},
        ),
    ),
    "unsetMarketDisplays": case(
        Foreign(
            "unsetMarketDisplays(input: {market: $target, displays: [{id: $own}]})",
            "$target: MarketInput!, $own: Int",
            MARKET,
            Form.REFERENCE,
            OWN_DISPLAY,
        ),
        Foreign(
            "unsetMarketDisplays(input: {market: {id: $own}, displays: [$target]})",
            "$target: DisplayInput!, $own: Int",
            DISPLAY,
            Form.REFERENCE,
            OWN_MARKET,
        ),
        Allowed(
            "unsetMarketDisplays(input: {market: {id: $market}, displays: [{id: $display}]})",
            "$market: Int, $display: Int",
            lambda w: {"market": w.retail.market, "display": w.retail.related_display},
        ),
    ),
    "addDisplayRelation": case(
        Foreign(
            'addDisplayRelation(input: {display: $target, relatedDisplays: [{id: $own}], relationType: "Standard"})',
            "$target: DisplayInput!, $own: Int",
            DISPLAY,
            Form.REFERENCE,
            OWN_DISPLAY,
        ),
        Foreign(
            'addDisplayRelation(input: {display: {id: $own}, relatedDisplays: [$target], relationType: "Variant"})',
            "$target: DisplayInput!, $own: Int",
            RELATED_DISPLAY,
            Form.REFERENCE,
            OWN_DISPLAY,
        ),
        Allowed(
            'addDisplayRelation(input: {display: {id: $own}, relatedDisplays: [{id: $other}], relationType: "Variant"})',
            "$own: Int, $other: Int",
            lambda w: {"own": w.retail.display, "other": w.retail.related_display},
        ),
    ),
    "removeDisplayRelation": case(
        Foreign(
            'removeDisplayRelation(input: {display: $target, relatedDisplays: [{id: $own}], relationType: "Standard"})',
            "$target: DisplayInput!, $own: Int",
            DISPLAY,
            Form.REFERENCE,
            OWN_DISPLAY,
        ),
        Foreign(
            'removeDisplayRelation(input: {display: {id: $own}, relatedDisplays: [$target], relationType: "Standard"})',
            "$target: DisplayInput!, $own: Int",
            RELATED_DISPLAY,
            Form.REFERENCE,
            OWN_DISPLAY,
        ),
        Allowed(
            'removeDisplayRelation(input: {display: {id: $own}, relatedDisplays: [{id: $other}], relationType: "Variant"})',
            "$own: Int, $other: Int",
            lambda w: {"own": w.retail.display, "other": w.retail.related_display},
        ),
    ),
    # -- categories --
    "createCategory": case(
        Foreign(
            'createCategory(input: {store: $target, name: "X"})',
            "$target: StoreInput!",
            STORE,
            Form.STORE,
        ),
        Foreign(
            'createCategory(input: {store: {id: 1}, name: "X", parent: $target})',
            "$target: CategoryInput",
            CATEGORY,
            Form.REFERENCE,
        ),
        Allowed(
            'createCategory(input: {store: {id: 1}, name: "Own new shelf", parent: {id: $own}})',
            "$own: Int",
            lambda w: {"own": w.retail.category},
        ),
    ),
    "updateCategory": case(
        Foreign(
            'updateCategory(id: $target, input: {name: "X"})', "$target: Int!", CATEGORY, Form.ID
        ),
        Foreign(
            "updateCategory(id: $own, input: {parent: $target})",
            "$own: Int!, $target: CategoryInput",
            CATEGORY,
            Form.REFERENCE,
            _with(own=lambda w: w.retail.child_category),
        ),
        Allowed(
            'updateCategory(id: $own, input: {metaTitle: "Own"})',
            "$own: Int!",
            lambda w: {"own": w.retail.child_category},
        ),
    ),
    "deleteCategory": case(
        Foreign(
            "deleteCategory(id: $target, input: {deleteChildrenStrategy: DELETE_CHILDREN})",
            "$target: Int!",
            CATEGORY,
            Form.ID,
        ),
        Allowed(
            "deleteCategory(id: $own, input: {})",
            "$own: Int!",
            lambda w: {"own": w.retail.spare_category},
        ),
    ),
    **{
        mutation: case(
            Foreign(
                f"{mutation}(input: {{category: $target, displays: [{{id: $own}}]}})",
                "$target: CategoryInput!, $own: Int",
                CATEGORY,
                Form.REFERENCE,
                OWN_DISPLAY,
            ),
            Foreign(
                f"{mutation}(input: {{category: {{id: $own}}, displays: [$target]}})",
                "$target: DisplayInput!, $own: Int",
                DISPLAY,
                Form.REFERENCE,
                OWN_CATEGORY,
            ),
            Allowed(
                f"{mutation}(input: {{category: {{id: $own}}, displays: $displays}})",
                "$own: Int, $displays: [DisplayInput!]!",
                allowed,
            ),
        )
        for mutation, allowed in (
            (
                "setCategoryDisplays",
                lambda w: {
                    "own": w.retail.child_category,
                    "displays": [{"id": w.retail.related_display}],
                },
            ),
            (
                "sortCategoryDisplays",
                lambda w: {"own": w.retail.category, "displays": _reversed_displays(w)},
            ),
            (
                "unsetCategoryDisplays",
                lambda w: {
                    "own": w.retail.child_category,
                    "displays": [{"id": w.retail.related_display}],
                },
            ),
        )
    },
    # -- brands (store-linked) --
    "createBrand": case(
        Foreign(
            'createBrand(input: {name: "X", addToStores: [$target]})',
            "$target: StoreInput!",
            STORE,
            Form.STORE,
        ),
        Allowed('createBrand(input: {name: "Own new brand", addToStores: [{id: 1}]})'),
        # (active in the token's store when no store is named: it could not see it otherwise)
        Allowed('createBrand(input: {name: "Own brand without stores"})'),
    ),
    "updateBrand": case(
        *_by_id_and_external_id("updateBrand", ', input: {name: "X"}', BRAND),
        Foreign(
            "updateBrand(id: $own, input: {addToStores: [$target]})",
            "$own: Int, $target: StoreInput!",
            STORE,
            Form.STORE,
            OWN_BRAND,
        ),
        Foreign(
            "updateBrand(id: $own, input: {removeFromStores: [$target]})",
            "$own: Int, $target: StoreInput!",
            STORE,
            Form.STORE,
            OWN_BRAND,
        ),
        Refused(
            'updateBrand(id: $brand, input: {name: "Renamed"})',
            "$brand: Int",
            lambda w: {"brand": w.shared_brand},
            says="other stores",
        ),
        Allowed(
            'updateBrand(id: $own, input: {name: "Own brand"})',
            "$own: Int",
            lambda w: {"own": w.retail.brand},
        ),
    ),
    # -- caller-owned: ID conversions, access tokens --
    "setIdConversions": case(
        *(
            Foreign(
                f'setIdConversions(input: [{{objectType: {target.type_name}, internalId: $target, externalId: "mine"}}])',
                "$target: Int!",
                target,
                Form.ID,
            )
            for target in (MARKET, RULE, PRICELIST, ALTERATION, DISPLAY, CATEGORY, BRAND, STORE)
        ),
        Refused(
            'setIdConversions(input: [{objectType: Market, internalId: $own, externalId: "s2-market"}])',
            "$own: Int!",
            lambda w: {"own": w.retail.market},
            says="s2-market",
        ),
        Allowed(
            'setIdConversions(input: [{objectType: Market, internalId: $own, externalId: "own-market"}])',
            "$own: Int!",
            lambda w: {"own": w.retail.market},
        ),
    ),
    "unsetIdConversions": case(
        *(
            Foreign(
                f"unsetIdConversions(input: [{{objectType: {target.type_name}, idConversion: {{internalId: $target}}}}])",
                "$target: Int",
                target,
                Form.ID,
                idempotent=True,
            )
            for target in (MARKET, PRICELIST, DISPLAY, CATEGORY, BRAND)
        ),
        *(
            Foreign(
                f"unsetIdConversions(input: [{{objectType: {target.type_name}, idConversion: {{externalId: $target}}}}])",
                "$target: String",
                target,
                Form.EXTERNAL_ID,
                idempotent=True,
            )
            for target in (MARKET, PRICELIST, DISPLAY, CATEGORY, BRAND)
        ),
        Allowed(
            'unsetIdConversions(input: [{objectType: Category, idConversion: {externalId: "s1-child-category"}}])'
        ),
    ),
    "createAccessToken": case(
        Foreign(
            'createAccessToken(input: {name: "X", permissions: ["Market:read"], restrictions: {store: $target}})',
            "$target: StoreInput",
            STORE,
            Form.STORE,
        ),
        Refused(
            'createAccessToken(input: {name: "X", permissions: ["Market:read"], expiresAt: "2099-01-01T00:00:00Z"})',
            says="expire",
        ),
        Refused(
            'createAccessToken(input: {name: "X", permissions: ["Market:read"], integrationName: "store-2"})',
            says="integration",
        ),
        Allowed(
            'createAccessToken(input: {name: "Own new token", permissions: ["Market:read"], integrationName: "qa"})'
        ),
    ),
    "updateAccessToken": case(
        Foreign(
            'updateAccessToken(accessToken: {id: $target}, input: {name: "X"})',
            "$target: Int!",
            TOKEN,
            Form.ID,
        ),
        Refused(
            'updateAccessToken(accessToken: {id: $own}, input: {expiresAt: "2099-01-01T00:00:00Z"})',
            "$own: Int!",
            lambda w: {"own": w.retail.token},
            says="expire",
        ),
        Refused(
            'updateAccessToken(accessToken: {id: $own}, input: {integrationName: "store-2"})',
            "$own: Int!",
            lambda w: {"own": w.retail.token},
            says="integration",
        ),
        Allowed(
            'updateAccessToken(accessToken: {id: $own}, input: {name: "Own token"})',
            "$own: Int!",
            lambda w: {"own": w.retail.token},
        ),
    ),
    "revokeAccessToken": case(
        Foreign("revokeAccessToken(accessToken: {id: $target})", "$target: Int!", TOKEN, Form.ID),
        Allowed(
            "revokeAccessToken(accessToken: {id: $own})",
            "$own: Int!",
            lambda w: {"own": w.retail.spare_token},
        ),
    ),
    # -- translations: of a display, store-owned; of a product, shared --
    "setTranslations": case(
        Foreign(
            'setTranslations(input: {objectType: Display, objectId: $target, language: {code: "sv"}, '
            'translations: [{field: "name", value: "X"}]})',
            "$target: Int!",
            DISPLAY,
            Form.ID,
        ),
        Shared(
            'setTranslations(input: {objectType: Product, objectId: $product, language: {code: "sv"}, '
            'translations: [{field: "name", value: "X"}]})',
            "$product: Int!",
            _product,
        ),
        Allowed(
            'setTranslations(input: {objectType: Display, objectId: $own, language: {code: "sv"}, '
            'translations: [{field: "name", value: "Egen"}]})',
            "$own: Int!",
            lambda w: {"own": w.retail.display},
        ),
    ),
}

#: Issue 17's additions: store plugins (store-owned), brick-and-mortar shops (shared), media
#: uploads (the caller's until completed onto a shared product), the permission migration
#: (the caller's own tokens).
ADDED_CASES: dict[str, Case] = {
    "createStorePlugin": case(
        Foreign(
            'createStorePlugin(input: {store: $target, name: "X", type: FEED})',
            "$target: StoreInput!",
            STORE,
            Form.STORE,
        ),
        Allowed('createStorePlugin(input: {store: {id: 1}, name: "Own feed", type: FEED})'),
    ),
    "updateStorePlugin": case(
        Foreign(
            'updateStorePlugin(id: $target, input: {name: "X"})',
            "$target: Int!",
            STORE_PLUGIN,
            Form.ID,
        ),
        Allowed(
            'updateStorePlugin(id: $own, input: {name: "Own payments, renamed"})',
            "$own: Int!",
            lambda w: {"own": w.retail.store_plugin},
        ),
    ),
    "createBrickAndMortar": case(
        Shared('createBrickAndMortar(input: {name: "X"})'),
    ),
    "updateBrickAndMortar": case(Shared('updateBrickAndMortar(id: 1, input: {name: "X"})')),
    "createMediaUpload": case(Allowed("createMediaUpload(input: {mediaType: IMAGE})")),
    "completeMediaUpload": case(
        Shared(
            'completeMediaUpload(input: {UUID: "00000000-0000-0000-0000-000000000000", '
            "objectType: Product, objectId: $product})",
            "$product: Int!",
            _product,
        )
    ),
    "migrateDeprecatedPermissions": case(Allowed("migrateDeprecatedPermissions(dryRun: true)")),
}

CASES: dict[str, Case] = {**SHARED_CASES, **STORE_CASES, **ADDED_CASES}

#: The store a restricted token belongs to, and the other one.
OWN_STORE, OTHER_STORE = RETAIL, WHOLESALE
