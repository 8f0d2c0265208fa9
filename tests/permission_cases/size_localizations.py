"""Permission-matrix cases of the size-localization root fields."""

from __future__ import annotations

from tests.permission_cases import Case

LOCALIZATION = (
    'mutation { createSizeLocalization(input: {name: "Matrix"}) { userErrors { message } } }'
)

CASES: dict[str, Case] = {
    "sizeLocalization": Case(
        "{ sizeLocalization(id: 1) { id } }", ("SizeChart:read",), setup=(LOCALIZATION,)
    ),
    "sizeLocalizations": Case("{ sizeLocalizations { id } }", ("SizeChart:read",)),
    "createSizeLocalization": Case(LOCALIZATION, ("SizeChart:write",)),
    "updateSizeLocalization": Case(
        'mutation { updateSizeLocalization(sizeLocalization: {name: "Matrix"}, '
        'input: {name: "Renamed"}) { userErrors { message } } }',
        ("SizeChart:write",),
        setup=(LOCALIZATION,),
    ),
    "setLocalizedSizes": Case(
        'mutation { setLocalizedSizes(sizeLocalization: {name: "Matrix"}, input: []) '
        "{ userErrors { message } } }",
        ("SizeChart:write",),
        setup=(LOCALIZATION,),
    ),
}
