#!/usr/bin/env bash
# Checks the monitoring assets: the alerting rules with promtool, and the Grafana dashboard's structure (schema
# version, the ${datasource} variable on every panel and query) and the PromQL of every query (as recording
# rules, through promtool). That each queried metric exists is tests/Mureka.Gateway.Tests'
# MonitoringAssetMetricsTests, which scrapes a gateway after a render. promtool: Debian's prometheus package.
set -euo pipefail
cd "$(dirname "$0")"

command -v promtool >/dev/null 2>&1 || { echo "error: promtool not found (ops/install-deps.sh installs prometheus)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

promtool check rules prometheus/alerts.yaml

/usr/bin/python3 - grafana/mureka-dashboard.json "$work/dashboard-rules.yaml" <<'PY'
import json, sys
path, out = sys.argv[1], sys.argv[2]
d = json.load(open(path))
errors = []
if not 36 <= d.get("schemaVersion", 0) <= 41:
    errors.append(f"schemaVersion {d.get('schemaVersion')} is not a Grafana 10/11 dashboard")
variables = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
if variables.get("datasource", {}).get("type") != "datasource" or variables["datasource"].get("query") != "prometheus":
    errors.append("no Prometheus datasource variable named datasource")
ids, exprs = set(), []
for p in d.get("panels", []):
    if p.get("id") in ids:
        errors.append(f"panel id {p.get('id')} used twice")
    ids.add(p.get("id"))
    if p.get("type") == "row":
        continue
    title = p.get("title", "?")
    if p.get("datasource", {}).get("uid") != "${datasource}":
        errors.append(f"panel {title!r}: datasource is not ${{datasource}}")
    if not p.get("targets"):
        errors.append(f"panel {title!r}: no queries")
    for t in p.get("targets", []):
        if t.get("datasource", {}).get("uid") != "${datasource}":
            errors.append(f"panel {title!r} query {t.get('refId')}: datasource is not ${{datasource}}")
        if not t.get("expr"):
            errors.append(f"panel {title!r} query {t.get('refId')}: no expr")
        else:
            exprs.append((title, t["refId"], t["expr"]))
if errors:
    sys.exit("dashboard: " + "\n  ".join(["errors:"] + errors))
# Grafana's own variables become what Prometheus would see; promtool then parses every expression.
with open(out, "w") as f:
    f.write("groups:\n  - name: dashboard\n    rules:\n")
    for i, (title, ref, expr) in enumerate(exprs):
        expr = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m")
        f.write(f"      - record: dashboard:query_{i}\n        expr: {json.dumps(expr)}\n")
print(f"dashboard: {len(ids)} panels, {len(exprs)} queries")
PY
promtool check rules "$work/dashboard-rules.yaml" >/dev/null || { promtool check rules "$work/dashboard-rules.yaml"; exit 1; }
echo "monitoring: ok"
