"""Loads a flow file with mitmproxy's own reader and prints one JSON line per flow with what
the interop tests compare (run with the Python that has mitmproxy: /usr/bin/python3)."""
import base64, json, sys
from mitmproxy import io, http

def b64(b):
    return None if b is None else base64.b64encode(b).decode()

def message(m):
    return {
        "http_version": m.http_version,
        "headers": [[b64(k), b64(v)] for k, v in m.headers.fields],
        "raw": b64(m.raw_content),
        "text": m.get_text(strict=False) if m.raw_content is not None else None,
        "trailers": None if m.trailers is None else [[b64(k), b64(v)] for k, v in m.trailers.fields],
        "timestamp_start": m.timestamp_start,
        "timestamp_end": m.timestamp_end,
    }

with open(sys.argv[1], "rb") as f:
    for flow in io.FlowReader(f).stream():
        out = {"type": flow.type, "id": flow.id, "marked": flow.marked, "comment": flow.comment,
               "metadata": flow.metadata, "is_replay": flow.is_replay,
               "error": flow.error.msg if flow.error else None, "modified": flow.modified()}
        if isinstance(flow, http.HTTPFlow):
            out["method"] = flow.request.method
            out["url"] = flow.request.url
            out["request"] = message(flow.request)
            if flow.response:
                out["status_code"] = flow.response.status_code
                out["reason"] = flow.response.reason
                out["response"] = message(flow.response)
            out["websocket"] = None if flow.websocket is None else [[m.type.name, m.from_client, b64(m.content)] for m in flow.websocket.messages]
        else:
            out["messages"] = [[m.from_client, b64(m.content)] for m in flow.messages]
        print(json.dumps(out, sort_keys=True))
