"""The explorer in a real browser (headless Chromium driven by Playwright): a token, a query
with variables, completion and documentation from the schema, clear messages for a bad
token and a syntax error, a token field that fits a phone, and no console error."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from mercato.db.database import Database
from tests.live_server import Browser, Server, console_problems, launch_chromium

pytestmark = pytest.mark.one_backend

QUERY = """query MarketsOfStore($limit: Int) {
  markets(limit: $limit, sort: [id_ASC]) { id name }
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_chromium() as launched:
        yield launched


@pytest.fixture
def server(database: Database) -> Iterator[Server]:
    with Server.start(database) as started:
        yield started


def _set_editor(page: object, selector: str, text: str) -> None:
    page.evaluate(  # type: ignore[attr-defined]
        "([selector, text]) => document.querySelector(selector).CodeMirror.setValue(text)",
        [selector, text],
    )


QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
VARIABLES_EDITOR = ".graphiql-editor-tool .CodeMirror"


def _run(page: object) -> str:
    page.locator(".graphiql-execute-button").click()  # type: ignore[attr-defined]
    status = page.locator("#mercato-status")  # type: ignore[attr-defined]
    status.filter(has_not_text=re.compile("^Connected")).wait_for()
    return str(status.text_content())


def test_a_newcomer_gets_data_with_completion_documentation_and_no_console_error(
    browser: Browser, server: Server
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    messages = console_problems(page)
    page.goto(f"{server.url}/")  # the home page leads to the explorer
    assert page.url == f"{server.url}/graphql"

    page.fill("#mercato-token", server.token)
    page.locator("#mercato-status", has_text="Connected").wait_for()

    # Completion comes from the schema the token loaded.
    _set_editor(page, QUERY_EDITOR, "{ mark }")
    page.evaluate(
        f"() => {{ const cm = document.querySelector('{QUERY_EDITOR}').CodeMirror;"
        " cm.focus(); cm.setCursor({line: 0, ch: 6}); }"
    )
    page.keyboard.press("Control+Space")
    assert "markets" in page.locator(".CodeMirror-hints").first.inner_text()
    page.keyboard.press("Escape")

    _set_editor(page, QUERY_EDITOR, QUERY)
    _set_editor(page, VARIABLES_EDITOR, '{"limit": 2}')
    # GraphiQL takes the operation's name from the edited text once it has parsed it.
    page.locator(".graphiql-tab-active", has_text="MarketsOfStore").wait_for()
    assert _run(page).startswith("Answered (HTTP 200")
    result = page.locator(".result-window").inner_text()
    assert '"name": "Sweden"' in result
    assert '"name": "USA"' in result
    assert '"id": 3' not in result  # the variable limited the list

    page.get_by_label("Documentation Explorer").click()
    page.locator(".graphiql-doc-explorer", has_text="Query").first.wait_for()

    assert messages == []


def test_a_bad_token_and_a_syntax_error_are_explained(browser: Browser, server: Server) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    messages = console_problems(page)
    page.goto(f"{server.url}/graphql")

    page.fill("#mercato-token", "mrc_" + "A" * 36)
    status = page.locator("#mercato-status", has_text="The token was refused")
    status.wait_for()
    assert "malformed" in str(status.text_content())

    page.fill("#mercato-token", server.token)
    page.locator("#mercato-status", has_text="Connected").wait_for()
    _set_editor(page, QUERY_EDITOR, "{ stores { id }")
    assert _run(page).startswith("Not run: Syntax Error")
    assert "Syntax Error" in page.locator(".result-window").inner_text()

    # The browser itself reports the refused requests; nothing else may appear.
    assert all(
        re.fullmatch(r"Failed to load resource: .* status of 40[03] .*", text) for text in messages
    ), messages


def test_the_token_field_fits_a_phone(browser: Browser, server: Server) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server.url}/graphql")
    field = page.locator("#mercato-token").bounding_box()
    assert field is not None
    assert field["x"] >= 0
    assert field["x"] + field["width"] <= 390
    assert field["width"] >= 250
