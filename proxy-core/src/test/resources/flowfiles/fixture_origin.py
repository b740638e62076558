"""The origin that the committed mitmdump fixtures were recorded against (see README.md)."""
import gzip, http.server, sys

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self):
        length = int(self.headers.get("Content-Length") or 0)
        received = self.rfile.read(length) if length else b""
        if self.path.startswith("/gzip"):
            body, extra = gzip.compress(b'{"hello": "gzip"}', mtime=0), [("Content-Encoding", "gzip"), ("Content-Type", "application/json")]
        elif self.path.startswith("/binary"):
            body, extra = bytes(range(256)), [("Content-Type", "application/octet-stream")]
        else:
            body, extra = b"echo " + self.command.encode() + b" " + self.path.encode() + b" " + received, [("Content-Type", "text/plain")]
        self.send_response(200)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
        self.send_header("Set-Cookie", "id=1; expires=Wed, 13-Jan-2021 22:23:01 GMT; Path=/; HttpOnly")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = reply

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
