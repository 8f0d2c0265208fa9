from tests.engine.differential import Differential


def test_scratch(differential: Differential) -> None:
    o = differential.run("{ markets { id name comment createdAt store { id name type markets { id } } allocationRule { id name isActive warehouses { id name state { id name } } } assignedToCountries { code } } }")
    print(o.body)
    print(o.expected)
    differential.check("{ markets { id name comment createdAt store { id name type markets { id } } allocationRule { id name isActive warehouses { id name state { id name } } } assignedToCountries { code } } }", who="few")
