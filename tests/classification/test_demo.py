"""The classification demo data, loaded through the services, once."""

from __future__ import annotations

from mercato.classification.demo import load_classification_demo
from tests.support import Api

DEMO = """{
  sizeCharts { name sizes { name } }
  brands { name uri stores { id } }
  collections { name uri status }
  folders(where: {isTopFolder: true}) { name childFolders { name } }
  categories(where: {isTopCategory: true}) { name store { id } childCategories { name uri } }
}"""


def test_the_demo_has_size_charts_and_a_classification(api: Api) -> None:
    assert api.ok(DEMO) == {
        "sizeCharts": [
            {"name": "One Size", "sizes": [{"name": "One Size"}]},
            {"name": "S-M-L", "sizes": [{"name": "S"}, {"name": "M"}, {"name": "L"}]},
        ],
        "brands": [
            {"name": "Mercato Basics", "uri": "mercato-basics", "stores": [{"id": 1}, {"id": 2}]}
        ],
        "collections": [{"name": "SS27", "uri": "ss27", "status": "ACTIVE"}],
        "folders": [{"name": "Clothing", "childFolders": [{"name": "Tops"}, {"name": "Bottoms"}]}],
        "categories": [
            {
                "name": "Women",
                "store": {"id": 1},
                "childCategories": [{"name": "Knitwear", "uri": "knitwear"}],
            },
            {
                "name": "Men",
                "store": {"id": 1},
                "childCategories": [{"name": "Knitwear", "uri": "knitwear"}],
            },
        ],
    }


def test_loading_the_demo_again_changes_nothing(api: Api) -> None:
    before = api.ok(DEMO)
    load_classification_demo(api.database)
    assert api.ok(DEMO) == before
