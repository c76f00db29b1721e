"""`steady lsp` end to end, with pytest-lsp (PyPI) as the editor: a client nobody here wrote
speaks LSP 3.17 to the real binary over stdio, and its protocol checks validate every message.

    python3 -m pytest Tests/LSP -q          (STEADY: the binary, default .build/debug/steady)
"""
import asyncio
import os
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
STEADY = os.environ.get("STEADY", str(ROOT / ".build/debug/steady"))
STRESS = ROOT / "rules/cervical-dystonia/stress.yaml"
FACTS = ROOT / "rules/cervical-dystonia/facts.yaml"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[STEADY, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=ROOT.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def diagnostics(client: LanguageClient, uri: str):
    """The diagnostics published for `uri` after the last change (every file of the rule set is published)."""
    client.diagnostics.pop(uri, None)
    while uri not in client.diagnostics:
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=30)
    return client.diagnostics[uri]


def open_document(client: LanguageClient, path: pathlib.Path, text: str, version: int = 1):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="yaml", version=version, text=text)))


async def opened(client: LanguageClient) -> str:
    """Opens stress.yaml as it is on disk, waits for its diagnostics, and returns its text."""
    text = STRESS.read_text()
    open_document(client, STRESS, text)
    await diagnostics(client, STRESS.as_uri())
    return text


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    line = next(i for i, content in enumerate(text.splitlines()) if needle in content)
    return types.Position(line=line, character=text.splitlines()[line].index(needle) + offset)


async def test_a_typo_is_reported_with_its_code_range_and_hint_and_cleared_when_fixed(client: LanguageClient):
    original = STRESS.read_text()
    broken = original.replace('when: "stress >= 8"', 'when: "stres >= 8"', 1)
    open_document(client, STRESS, broken)
    found = await diagnostics(client, STRESS.as_uri())
    assert [(d.code, d.severity, d.source) for d in found] == [("SR0401", types.DiagnosticSeverity.Error, "steady")]
    assert found[0].message == "unknown fact 'stres'\nhint: did you mean 'stress'?"
    start = position_of(broken, '"stres >= 8"', 1)
    assert found[0].range == types.Range(start=start, end=types.Position(line=start.line, character=start.character + 5))

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=STRESS.as_uri(), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=original)]))
    assert list(await diagnostics(client, STRESS.as_uri())) == []


async def test_hover_shows_a_facts_type_range_and_description_and_an_actions_title(client: LanguageClient):
    text = await opened(client)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=STRESS.as_uri()), position=position_of(text, 'when: "stress >= 8"', 8)))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value == "**stress** · integer · 0–10\n\nStress today"
    action = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=STRESS.as_uri()), position=position_of(text, "recommend: breathing_diaphragmatic", 12)))
    assert action.contents.value.startswith("**breathing_diaphragmatic** · action\n\n")
    assert " min · mind · " in action.contents.value


async def test_definition_of_a_derived_fact_is_its_declaration_in_another_file(client: LanguageClient):
    text = await opened(client)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=STRESS.as_uri()), position=position_of(text, "when: high_stress_day", 8)))
    assert found.uri == FACTS.as_uri()
    assert found.range.start == position_of(FACTS.read_text(), "  high_stress_day:", 2)
    param = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=STRESS.as_uri()), position=position_of(text, "params.high_stress", 9)))
    assert (param.uri, param.range.start) == (FACTS.as_uri(), position_of(FACTS.read_text(), "  high_stress: 7", 2))


async def test_completion_offers_actions_enum_values_and_facts_where_each_fits(client: LanguageClient):
    text = await opened(client)
    uri = types.TextDocumentIdentifier(uri=STRESS.as_uri())

    async def labels(needle, offset):
        result = await client.text_document_completion_async(types.CompletionParams(text_document=uri, position=position_of(text, needle, offset)))
        return [item.label for item in result.items]

    assert "breathing_diaphragmatic" in await labels("recommend: breathing_diaphragmatic", len("recommend: "))
    inside_quotes = await labels("'stress_event' in triggers", 1)
    assert "stress_event" in inside_quotes and "poor_sleep" in inside_quotes
    plain = await labels('when: "stress >= 8"', len('when: "'))
    assert {"stress", "pain", "sleep", "avg", "known"} <= set(plain)
    assert "high_stress" in await labels("params.high_stress", len("params."))
