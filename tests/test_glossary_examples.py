"""`glossary test`: entity examples run through the real Glossary, failures at file:line."""

from __future__ import annotations

import json

from service.cli import main
from service.glossary.examples import run_examples
from tests.glossary_samples import PEOPLE, write_glossary


def test_sample_examples_pass(tmp_path):
    report = run_examples(write_glossary(tmp_path, people=PEOPLE))
    assert report.ok, report.human()
    assert len(report.results) == 2


def test_failures_name_file_line_and_what_differs(tmp_path):
    broken = PEOPLE + """\
    - text: Токарев выступил.
      lang: ru
    - text: Tokaev spoke.
      lang: en
      expected: Tokayev said.
    - text: Tokaev spoke.
      lang: en
      entities:
        - {id: kassym-jomart-tokayev, start: 0, end: 5}
"""
    report = run_examples(write_glossary(tmp_path, people=broken))
    failed = {r.line: r.failures for r in report.failed}
    assert sorted(failed) == [25, 27, 30]
    assert "kassym-jomart-tokayev not found" in failed[25][0]
    assert "expected text 'Tokayev said.', got 'Tokayev spoke.'" in failed[27][0]
    assert "missing mention {id='kassym-jomart-tokayev', start=0, end=5}" in failed[30][0]
    assert "end=6" in failed[30][0]  # the mention actually found is shown


def test_exact_spans_pass_and_extra_mentions_fail(tmp_path):
    spans = PEOPLE + """\
    - text: Tokaev met Tokayev.
      lang: en
      entities:
        - {id: kassym-jomart-tokayev, start: 0, end: 6}
"""
    report = run_examples(write_glossary(tmp_path, people=spans))
    (result,) = report.failed
    assert result.failures == ["unexpected mention {id='kassym-jomart-tokayev', surface='Tokayev', "
                               "start=11, end=18, canonical='Tokayev'}"]


def test_cli_exit_status_and_json(tmp_path, capsys):
    directory = write_glossary(tmp_path, people=PEOPLE + "    - text: nobody here\n      lang: en\n")
    assert main(["glossary", "test", str(directory)]) == 1
    out = capsys.readouterr().out
    assert "people.yaml:25: FAIL kassym-jomart-tokayev [en] 'nobody here'" in out
    assert main(["glossary", "test", str(directory), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["failed"] == 1 and report["passed"] == 2


def test_glossary_that_does_not_load_is_reported_not_crashed(tmp_path, capsys):
    directory = write_glossary(tmp_path, people=PEOPLE.replace("type: person", "type: human"))
    assert main(["glossary", "test", str(directory)]) == 1
    assert "people.yaml:3" in capsys.readouterr().out
