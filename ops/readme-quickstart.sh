#!/usr/bin/env bash
# Runs the README's "Quickstart: calling the API" commands exactly as written (its shell blocks before grpcurl,
# which Debian does not package) against the local stack, then checks what they produced: the README and the
# API's behaviour cannot drift apart unnoticed. ops/test.sh runs it.
#   ops/readme-quickstart.sh    starts the stack (ops/dev-stack.sh up) when it is not running, and stops it again after
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
started=0
cleanup() {
  if [[ $started == 1 ]]; then ops/dev-stack.sh down >>"$work/dev-stack.log" 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! curl -sf -o /dev/null http://127.0.0.1:8080/readyz; then
  echo "==> starting the local stack (ops/dev-stack.sh up)" >&2
  if ! ops/dev-stack.sh up >"$work/dev-stack.log" 2>&1; then
    tail -40 "$work/dev-stack.log" >&2
    echo "error: ops/dev-stack.sh up failed" >&2
    exit 1
  fi
  started=1
fi

# The section's shell blocks up to the grpcurl paragraph, concatenated in order.
/usr/bin/python3 - "$root/README.md" >"$work/quickstart.sh" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("## Quickstart: calling the API", 1)[1].split("\n## ", 1)[0]
section = section.split("**grpcurl**", 1)[0]
blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
if len(blocks) < 2:
    sys.exit("error: the README's quickstart has fewer shell blocks than expected")
print("".join(blocks))
PY
echo "==> running the README quickstart ($(grep -c '^curl\|^ID=\|^export' "$work/quickstart.sh") commands)" >&2

# Run from a folder of its own that sees the stack's state (.local/stack/demo.key), so track.wav lands there.
mkdir "$work/run"
ln -s "$root/.local" "$work/run/.local"
if ! (cd "$work/run" && bash -euo pipefail "$work/quickstart.sh") >"$work/out.txt" 2>"$work/err.txt"; then
  cat "$work/out.txt" "$work/err.txt" >&2
  echo "error: a README quickstart command failed" >&2
  exit 1
fi

# What the commands printed and wrote, checked as a reader of the README would.
/usr/bin/python3 - "$work/out.txt" "$work/run/track.wav" <<'PY'
import json, sys, urllib.request
out = open(sys.argv[1], encoding="utf-8").read()
wav = open(sys.argv[2], "rb").read()
failures = []
def check(ok, what):
    if not ok:
        failures.append(what)
check(wav[:4] == b"RIFF" and wav[8:12] == b"WAVE" and len(wav) > 100_000, "track.wav is a WAV of the 15 s track")
check('"status":"succeeded"' in out, "GET /v1/generations/$ID shows it succeeded")
check("event: succeeded" in out, "the event stream ends with its succeeded event")
check('"mureka-compose-1"' in out, "GET /v1/models lists mureka-compose-1")
# Its title comes back from the GET, the genre list and the catalogue search (title, labels and a tempo range).
check(out.count('"title":"Harbour Dawn"') >= 3, "the catalogue search finds the titled, labelled track")
check('"type":"/docs/problems/conflict"' in out, "cancelling a finished generation answers a conflict problem")
links = [line for line in out.splitlines() if line.startswith("/v1/downloads/")]
check(len(links) == 1, "the download_url line was printed")
if links:
    with urllib.request.urlopen("http://127.0.0.1:8080" + links[0]) as response:
        check(response.status == 200 and response.read() == wav, "the download_url serves the same bytes without a key")
# The developer console and the API reference the README points to, as the stack serves them.
def page(path):
    with urllib.request.urlopen("http://127.0.0.1:8080" + path) as response:
        return response.status, response.headers.get("Content-Security-Policy") or "", response.read().decode("utf-8")
status, policy, body = page("/console/")
check(status == 200 and "Sign in with an API key" in body and "script-src 'self'" in policy, "the console is served at /console/")
check(page("/console/js/app.js")[0] == 200, "the console's script is served")
status, _, body = page("/docs")
check(status == 200 and "Mureka API reference" in body, "the API reference is served at /docs")
if failures:
    sys.exit("error: the README quickstart did not do what it says: " + "; ".join(failures))
print("README quickstart: every command ran as written and did what the README says")
PY
