"""`glossary diff`: behaviour change between directories or git revisions, for reviewers."""

from __future__ import annotations

import json
import shutil
import subprocess

from service.cli import main
from service.glossary.diff import diff_sources
from tests.glossary_samples import NAMESAKE, PEOPLE, write_glossary


def test_added_removed_changed_entities_and_their_spellings(tmp_path):
    base = write_glossary(tmp_path / "base")
    head = tmp_path / "head"
    shutil.copytree(base, head)
    (head / "people.yaml").write_text(PEOPLE.replace("    en: [Kassym-Zhomart Tokayev]\n",
                                                     "    en: [Kassym-Zhomart Tokayev, Kassym-Schomart Tokajew]\n"),
                                      encoding="utf-8")
    (head / "parties.yaml").unlink()
    (head / "zz.yaml").write_text(NAMESAKE, encoding="utf-8")
    result = diff_sources(str(base), str(head))
    status = {c.id: c.status for c in result.entities}
    assert status == {"kassym-jomart-tokayev": "changed", "koshe-party": "removed",
                      "tokayev-namesake": "added"}
    changed = next(c for c in result.entities if c.id == "kassym-jomart-tokayev")
    assert changed.fields == [{"path": "variants.en",
                               "before": ["Kassym-Zhomart Tokayev"],
                               "after": ["Kassym-Zhomart Tokayev", "Kassym-Schomart Tokajew"]}]
    assert ["en", "Kassym-Schomart Tokajew", "variant"] in changed.spellings_added
    assert not changed.spellings_removed
    removed = next(c for c in result.entities if c.id == "koshe-party")
    assert any(s[1] == "Көше" for s in removed.spellings_removed)
    assert {"lang": "en", "surface": "tokayev",
            "entities": ["kassym-jomart-tokayev", "tokayev-namesake"]} in result.new_collisions
    text = result.human()
    assert "1 added, 1 removed, 1 changed" in text
    assert "+ [en] Kassym-Schomart Tokajew  (variant)" in text and "new collisions:" in text


def test_identical_glossaries_show_no_change(tmp_path):
    base = write_glossary(tmp_path / "a")
    head = write_glossary(tmp_path / "b")
    result = diff_sources(str(base), str(head))
    assert result.entities == [] and "no change in behaviour" in result.human()


def test_git_revisions_are_read_with_git_show(tmp_path, capsys):
    repo = tmp_path / "repo"
    write_glossary(repo / "glossaries")

    def git(*args):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    (repo / "glossaries" / "zz.yaml").write_text(NAMESAKE, encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "head")
    result = diff_sources("HEAD~1", "HEAD", cwd=repo)
    assert [c.id for c in result.entities] == ["tokayev-namesake"]
    assert result.new_collisions


def test_cli_json_and_a_broken_head_is_reported(tmp_path, capsys):
    base = write_glossary(tmp_path / "base")
    head = write_glossary(tmp_path / "head", people=PEOPLE.replace("type: person", "type: human"))
    assert main(["glossary", "diff", str(base), str(head), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "people.yaml:3" in report["errors"][str(head)]


def test_unknown_revision_is_a_clear_error(tmp_path, capsys):
    assert main(["glossary", "diff", "no-such-revision-xyz", str(write_glossary(tmp_path))]) == 1
    assert "neither a directory nor a git revision" in capsys.readouterr().err
