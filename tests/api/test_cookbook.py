"""docs/cookbook.md is executable: its requests, sent in order to a fresh demo database,
get exactly the responses it shows."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from mercato.classification.sizecharts import sync_size_entries
from mercato.cli.demo import load_catalog_demo
from mercato.db.unit_of_work import Writer
from tests.cookbook_format import parse_cookbook, truncate
from tests.support import Api

COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "cookbook.md"


def test_the_cookbook_has_its_examples() -> None:
    examples = parse_cookbook(COOKBOOK.read_text(encoding="utf-8"))
    assert len(examples) >= 20


@pytest.mark.slow
def test_every_cookbook_request_gets_the_documented_response(api: Api) -> None:
    load_catalog_demo(api.database)  # the whole demo of `make run`
    sync_size_entries(Writer.system(api.database))
    for example in parse_cookbook(COOKBOOK.read_text(encoding="utf-8")):
        response = api.query(example.query, example.variables)

        assert response.status == 200, response.body
        assert truncate(response.body) == example.response, example.query


def test_every_cookbook_request_has_a_curl_command_sending_it() -> None:
    text = COOKBOOK.read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(curl .*?)\n```", text, re.DOTALL)
    examples = parse_cookbook(text)
    assert len(commands) == len(examples)
    for command, example in zip(commands, examples, strict=True):
        arguments = shlex.split(command.replace("\\\n", " "))
        body = json.loads(arguments[arguments.index("-d") + 1])
        assert body["query"] == example.query
        assert body.get("variables") == example.variables
        assert "${ACCESS_TOKEN}" in command
