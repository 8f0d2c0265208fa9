"""Product use cases: ``create_product`` and ``update_product`` (no delete, as in the reference).

Rules (reference 3.8): a product needs a name and a product number, unique among products
(it starts every SKU, so changing it rewrites the SKUs of the product's sizes); brand,
collection, folder and country of origin are references (cleared by ``clear``); the weight
is rounded to 3 decimals, with a warning when that changes it and when the unit changes.
An ``externalId`` given on create becomes the caller's integration's ID-conversion entry.

The measurement table (reference 3.5) links a measurement chart: inherited, the product
shows the chart's values; otherwise its own values, which name the chart's labels. Not
inherited without values starts from a copy of the chart's values (or keeps the product's
own values while the chart stays the same).
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, insert, select, update

from mercato.catalog import skus
from mercato.catalog.attributes import (
    NO_ATTRIBUTE_CHANGES,
    AttributeChanges,
    apply_changes,
    plan_changes,
    warnings_of,
)
from mercato.catalog.measurement_charts import (
    MeasurementValue,
    content_of,
    content_text,
    load_chart,
)
from mercato.catalog.rules import (
    MAX_HS_CODE_LENGTH,
    MAX_HS_DESCRIPTION_LENGTH,
    Path,
    WeightValue,
    optional_text,
    valid_name,
    valid_number,
    valid_status,
    valid_weight,
)
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import MutationWarning, UserInputError
from mercato.idconversion.new_objects import claim_external_id, record_external_id
from mercato.idconversion.references import Reference, resolve

#: Members of ``ProductUpdate.clear``: references and the weight that an explicit null unsets.
CLEARABLE = frozenset(
    {"brand", "collection", "folder", "country_of_origin", "weight", "measurement_table"}
)


@dataclass(frozen=True)
class WeightInput:
    value: float
    unit: str


@dataclass(frozen=True)
class MeasurementTableInput:
    """``chart_id`` ``None`` keeps the product's chart (one is needed); ``inherited`` ``None``
    means inherited unless ``values`` are given (or, with the same chart, as it was)."""

    chart_id: int | None = None
    inherited: bool | None = None
    values: Sequence[MeasurementValue] | None = None
    #: The chart by the integration's external id, instead of ``chart_id``.
    chart_external_id: str | None = None


@dataclass(frozen=True)
class _CurrentTable:
    chart_id: int | None
    inherited: bool | None
    content_json: str | None


@dataclass(frozen=True)
class ProductCreate:
    name: str
    product_number: str
    status: str = "ACTIVE"
    brand: Reference | None = None
    collection: Reference | None = None
    folder: Reference | None = None
    country_of_origin: Reference | None = None
    harmonized_commodity_code: str | None = None
    harmonized_commodity_code_description: str | None = None
    internal_comment: str | None = None
    is_serializable_product: bool = False
    weight: WeightInput | None = None
    external_id: str | None = None
    attributes: AttributeChanges = NO_ATTRIBUTE_CHANGES
    measurement_table: MeasurementTableInput | None = None


@dataclass(frozen=True)
class ProductUpdate:
    """``None`` leaves a member as it is; an empty string clears a text member; ``clear``
    names the references (and ``weight``) to unset."""

    name: str | None = None
    product_number: str | None = None
    status: str | None = None
    brand: Reference | None = None
    collection: Reference | None = None
    folder: Reference | None = None
    country_of_origin: Reference | None = None
    harmonized_commodity_code: str | None = None
    harmonized_commodity_code_description: str | None = None
    internal_comment: str | None = None
    is_serializable_product: bool | None = None
    weight: WeightInput | None = None
    clear: Set[str] = frozenset()
    attributes: AttributeChanges = NO_ATTRIBUTE_CHANGES
    measurement_table: MeasurementTableInput | None = None


@dataclass
class ProductResult:
    product_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


_REFERENCES = (
    ("brand", "Brand", "brand_id", "brand"),
    ("collection", "Collection", "collection_id", "collection"),
    ("folder", "Folder", "folder_id", "folder"),
    ("country_of_origin", "Country", "country_of_origin_id", "countryOfOrigin"),
)


def create_product(writer: Writer, command: ProductCreate) -> ProductResult:
    result = ProductResult(product_id=0)
    values = _text_values(command)
    values["name"] = valid_name(command.name, "product", ("input", "name"))
    values["product_number"] = _product_number(command.product_number)
    values["status"] = valid_status(command.status, ("input", "status"))
    values["is_serializable_product"] = command.is_serializable_product
    values["is_bundle"] = False
    if command.weight is not None:
        weight = valid_weight(
            command.weight.value, command.weight.unit, ("input", "weight"), result.warnings
        )
        values.update(weight_value=weight.value, weight_unit=weight.unit)
    with writer.begin("Product") as work:
        connection = work.connection
        _require_unique_number(connection, str(values["product_number"]), exclude=None)
        values.update(_references(work, command))
        if command.measurement_table is not None:
            values.update(
                _measurement_table(
                    connection,
                    _CurrentTable(None, None, None),
                    _chart_by_id(work, command.measurement_table),
                )
            )
        attribute_plans = plan_changes(connection, "Product", None, command.attributes)
        holder = None
        if command.external_id is not None:
            holder = claim_external_id(
                work,
                "Product",
                command.external_id,
                ("input", "externalId"),
            )
        now = utc_now()
        result.product_id = connection.execute(
            insert(catalog.products)
            .values(**values, created_at=now, updated_at=now)
            .returning(catalog.products.c.id)
        ).scalar_one()
        if holder is not None and command.external_id is not None:
            record_external_id(
                connection, holder, "Product", result.product_id, command.external_id
            )
        apply_changes(connection, attribute_plans, result.product_id)
        result.warnings.extend(warnings_of(attribute_plans))
    return result


def update_product(writer: Writer, product: Reference, command: ProductUpdate) -> ProductResult:
    unknown = set(command.clear) - CLEARABLE
    if unknown:
        raise ValueError(f"Cannot clear {', '.join(sorted(unknown))}.")
    result = ProductResult(product_id=0)
    values = _text_values(command)
    if command.name is not None:
        values["name"] = valid_name(command.name, "product", ("input", "name"))
    number = None if command.product_number is None else _product_number(command.product_number)
    if command.status is not None:
        values["status"] = valid_status(command.status, ("input", "status"))
    if command.is_serializable_product is not None:
        values["is_serializable_product"] = command.is_serializable_product
    weight: WeightValue | None = None
    if command.weight is not None:
        weight = valid_weight(
            command.weight.value, command.weight.unit, ("input", "weight"), result.warnings
        )
    with writer.begin("Product") as work:
        connection = work.connection
        result.product_id = resolve(work, "Product", product, ())
        products = catalog.products
        current = connection.execute(
            select(
                products.c.product_number,
                products.c.weight_unit,
                products.c.measurement_chart_id,
                products.c.measurement_inherited,
                products.c.measurement_content_json,
            ).where(products.c.id == result.product_id)
        ).one()
        renumbered = number is not None and number != current.product_number
        if number is not None and renumbered:
            _require_unique_number(connection, number, exclude=result.product_id)
            values["product_number"] = number
        values.update(_references(work, command))
        for member, _object_type, column, _input_name in _REFERENCES:
            if member in command.clear:
                values[column] = None
        if "measurement_table" in command.clear:
            values.update(
                measurement_chart_id=None,
                measurement_inherited=None,
                measurement_content_json=None,
            )
        elif command.measurement_table is not None:
            table = _CurrentTable(
                current.measurement_chart_id,
                current.measurement_inherited,
                current.measurement_content_json,
            )
            values.update(
                _measurement_table(connection, table, _chart_by_id(work, command.measurement_table))
            )
        attribute_plans = plan_changes(connection, "Product", result.product_id, command.attributes)
        if "weight" in command.clear:
            values.update(weight_value=None, weight_unit=None)
        elif weight is not None:
            if current.weight_unit is not None and current.weight_unit != weight.unit:
                result.warnings.append(
                    MutationWarning(
                        f"Weight unit has been changed from {current.weight_unit} to {weight.unit}.",
                        ("input", "weight", "unit"),
                    )
                )
            values.update(weight_value=weight.value, weight_unit=weight.unit)
        values["updated_at"] = utc_now()
        connection.execute(
            update(products).where(products.c.id == result.product_id).values(values)
        )
        if number is not None and renumbered:
            skus.refresh_product(connection, result.product_id, number)
        apply_changes(connection, attribute_plans, result.product_id)
        result.warnings.extend(warnings_of(attribute_plans))
    return result


# -- rules -------------------------------------------------------------------------------


def _product_number(value: str) -> str:
    number = valid_number(value, "product number", ("input", "productNumber"), required=True)
    assert number is not None  # required
    return number


def _require_unique_number(connection: Connection, number: str, exclude: int | None) -> None:
    products = catalog.products
    query = select(products.c.id).where(products.c.product_number == number)
    if exclude is not None:
        query = query.where(products.c.id != exclude)
    holder = connection.execute(query).scalar_one_or_none()
    if holder is not None:
        raise UserInputError.single(
            f'Product {holder} already has product number "{number}": product numbers are unique.',
            "input",
            "productNumber",
        )


def _chart_by_id(work: UnitOfWork, given: MeasurementTableInput) -> MeasurementTableInput:
    """``given`` with its chart named by id (an external id resolved for the caller)."""
    if given.chart_external_id is None:
        return given
    chart_id = resolve(
        work,
        "MeasurementChart",
        Reference(external_id=given.chart_external_id),
        ("input", "measurementTable", "measurementChart"),
    )
    return replace(given, chart_id=chart_id, chart_external_id=None)


def _measurement_table(
    connection: Connection, current: _CurrentTable, given: MeasurementTableInput
) -> dict[str, object]:
    """The measurement columns of the product for ``given``, checked against the chart."""
    path = ("input", "measurementTable")
    chart_id = given.chart_id if given.chart_id is not None else current.chart_id
    if chart_id is None:
        raise UserInputError.single(
            "A measurement table needs a measurementChart.", *path, "measurementChart"
        )
    chart = load_chart(connection, chart_id, (*path, "measurementChart"))
    if given.inherited and given.values is not None:
        raise UserInputError.single(
            "An inherited measurement table shows the chart's values: give values only with "
            "inherited: false.",
            *path,
            "values",
        )
    same_chart = chart_id == current.chart_id
    if given.inherited is not None:
        inherited = given.inherited
    elif given.values is not None:
        inherited = False
    elif same_chart and current.inherited is not None:
        inherited = current.inherited
    else:
        inherited = True
    content: str | None = None
    if given.values is not None:
        content = content_text(
            content_of(
                given.values, chart.horizontal_labels, chart.vertical_labels, (*path, "values")
            )
        )
    elif not inherited:
        content = (
            current.content_json
            if same_chart and current.content_json is not None
            else content_text(chart.content)
        )
    return {
        "measurement_chart_id": chart_id,
        "measurement_inherited": inherited,
        "measurement_content_json": None if inherited else content,
    }


def _text_values(command: ProductCreate | ProductUpdate) -> dict[str, object]:
    """The free-text members given (an empty string clears one)."""
    values: dict[str, object] = {}
    members: tuple[tuple[str, str | None, int | None, str, Path], ...] = (
        (
            "harmonized_commodity_code",
            command.harmonized_commodity_code,
            MAX_HS_CODE_LENGTH,
            "harmonizedCommodityCode",
            ("input", "harmonizedCommodityCode"),
        ),
        (
            "harmonized_commodity_code_description",
            command.harmonized_commodity_code_description,
            MAX_HS_DESCRIPTION_LENGTH,
            "harmonizedCommodityCodeDescription",
            ("input", "harmonizedCommodityCodeDescription"),
        ),
        (
            "internal_comment",
            command.internal_comment,
            None,
            "internalComment",
            ("input", "internalComment"),
        ),
    )
    for column, value, limit, label, path in members:
        if value is not None:
            values[column] = optional_text(value, limit, label, path)
    return values


def _references(work: UnitOfWork, command: ProductCreate | ProductUpdate) -> dict[str, object]:
    values: dict[str, object] = {}
    for member, object_type, column, input_name in _REFERENCES:
        reference: Reference | None = getattr(command, member)
        if reference is not None:
            values[column] = resolve(work, object_type, reference, ("input", input_name))
    return values
