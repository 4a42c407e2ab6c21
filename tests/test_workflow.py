"""The GitHub workflow and the exported JSON Schema are checked offline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from generator.schema import json_schema
from generator.yamlload import load_file

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_there_is_a_workflow() -> None:
    assert WORKFLOWS


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_the_github_schema(workflow: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_deploys_with_the_official_pages_actions() -> None:
    text = "\n".join(w.read_text() for w in WORKFLOWS)
    for action in (
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert action in text
    assert "pull_request" in text


def test_exported_schema_is_up_to_date() -> None:
    committed = json.loads((ROOT / "schema" / "content.schema.json").read_text())
    assert committed == json_schema(), "run: briefing schema"


def test_real_content_files_pass_the_exported_json_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((ROOT / "content").rglob("*.yml"))
    assert files
    for path in files:
        node = load_file(path, path.name)
        assert node is not None
        errors = [e.message for e in validator.iter_errors(node.plain())]
        assert errors == [], (path.name, errors[:3])


def test_json_schema_rejects_an_unknown_key() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    bad = {"actors": [{"id": "a", "name": "A", "kind": "person", "description": "d", "rol": "x"}]}
    assert any("rol" in e.message for e in validator.iter_errors(bad))
