"""Derives the version 16, 18-21 and DNS fixtures from the version-17 recording, applying the
key changes of mitmproxy's own migrations (mitmproxy/io/compat.py in newer releases):
18 adds client_conn.proxy_mode; 19 renames client address->peername, server ip_address->peername,
source_address->sockname, via2->via, cipher_name->cipher, drops tls_established and
tls_extensions, adds transport_protocol; 20 drops state; 21 spells QUIC as QUICv1."""
import sys
from mitmproxy.io import tnetstring

def load(path):
    out = []
    with open(path, "rb") as f:
        while True:
            try:
                out.append(tnetstring.load(f))
            except ValueError:
                return out

def to(version, flow):
    f = dict(flow)
    f["client_conn"] = dict(flow["client_conn"])
    f["server_conn"] = dict(flow["server_conn"])
    c, s = f["client_conn"], f["server_conn"]
    if version >= 18:
        c["proxy_mode"] = "regular"
    if version >= 19:
        c["peername"] = c.pop("address")
        s["peername"] = s.pop("ip_address")
        s["sockname"] = s.pop("source_address")
        s.pop("via")
        s["via"] = s.pop("via2")
        for conn in (c, s):
            conn.pop("tls_established")
            conn["cipher"] = conn.pop("cipher_name")
            conn["transport_protocol"] = "tcp"
        c.pop("tls_extensions")
    if version >= 20:
        c.pop("state")
        s.pop("state")
    f["version"] = version
    return f

flows = load(sys.argv[1])
for v in (16, 18, 19, 20, 21):
    with open(f"version-{v}.mitm", "wb") as out:
        for flow in flows[:2]:
            tnetstring.dump(to(v, flow) if v != 16 else dict(flow, version=16), out)
with open("dns-between-http.mitm", "wb") as out:
    tnetstring.dump(flows[0], out)
    tnetstring.dump({"version": 17, "type": "dns", "id": "d", "client_conn": flows[0]["client_conn"]}, out)
    tnetstring.dump(flows[1], out)
