#!/usr/bin/env python3
"""Summarises every TRX file in a folder: each failed test by name with the start of its message, then one closing
line, "tests: N passed, N failed, N skipped". Failures come last but one so that a log's tail names them."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
FAILED_OUTCOMES = {"Failed", "Error", "Timeout", "Aborted"}
passed = failed = skipped = 0
failures = []
files = list(pathlib.Path(sys.argv[1]).rglob("*.trx"))
for trx in files:
    root = ET.parse(trx).getroot()
    counters = root.find("t:ResultSummary/t:Counters", NS)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
    for result in root.iterfind("t:Results/t:UnitTestResult", NS):
        if result.get("outcome") not in FAILED_OUTCOMES:
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
        first_lines = " | ".join(line.strip() for line in message.strip().splitlines()[:4])
        failures.append(f"FAILED {result.get('testName')} ({result.get('duration', '?')}): {first_lines[:600]}")
if not files:
    print("tests: no test results found", file=sys.stderr)
    sys.exit(1)
for line in failures:
    print(line)
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
