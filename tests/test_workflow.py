"""The GitHub Pages workflow: valid YAML that builds with `make site` on push to main and every 15 minutes."""

from __future__ import annotations

from typing import Any

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_triggers_push_to_main_and_every_15_minutes() -> None:
    workflow = load()
    triggers = workflow["on"] if "on" in workflow else workflow[True]  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"] == [{"cron": "*/15 * * * *"}]
    assert "workflow_dispatch" in triggers


def test_builds_with_make_site_and_deploys_to_pages() -> None:
    workflow = load()
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in build]
    assert uses[0].startswith("actions/checkout@")
    assert build[0]["with"]["fetch-depth"] == 0  # last-modified dates come from the history
    assert [step["run"] for step in build if "run" in step] == ["make site"]
    assert any(use.startswith("actions/upload-pages-artifact@") for use in uses)
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_journalists_passphrase_comes_from_a_secret() -> None:
    build = load()["jobs"]["build"]["steps"]
    site = next(step for step in build if step.get("run") == "make site")
    assert site["env"]["PRESS_PREVIEW_PASSPHRASE"] == "${{ secrets.PRESS_PREVIEW_PASSPHRASE }}"
