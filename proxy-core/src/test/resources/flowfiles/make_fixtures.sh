#!/usr/bin/env bash
# Re-records the mitmdump fixtures (needs Debian's mitmproxy 8.1.1 and curl); see README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
python3 fixture_origin.py 18901 & origin=$!
mitmdump -q --listen-host 127.0.0.1 -p 18902 -w mitmdump-8.1.1.mitm & dump=$!
trap 'kill $origin $dump 2>/dev/null || true' EXIT
sleep 3
curl -s -x http://127.0.0.1:18902 -H 'X-Case: Kept' http://127.0.0.1:18901/get?a=1 >/dev/null
curl -s -x http://127.0.0.1:18902 -H 'Content-Type: application/x-www-form-urlencoded' -d 'x=1&y=two' http://127.0.0.1:18901/post >/dev/null
curl -s -x http://127.0.0.1:18902 --compressed http://127.0.0.1:18901/gzip >/dev/null
curl -s -x http://127.0.0.1:18902 http://127.0.0.1:18901/binary >/dev/null
curl -s -x http://127.0.0.1:18902 http://127.0.0.1:1/refused >/dev/null || true
sleep 1
kill -INT $dump; wait $dump || true
/usr/bin/python3 derive_versions.py mitmdump-8.1.1.mitm
