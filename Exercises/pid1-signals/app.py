"""A small status service on port 8080 that shuts down cleanly when asked.

`docker stop` sends SIGTERM to the container's PID 1. The handler below closes the server
and exits at once; whether it ever runs depends on the Dockerfile, not on this file.
"""
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def shut_down(signum, frame):
    print(f"app: got {signal.Signals(signum).name}, shutting down", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, shut_down)
signal.signal(signal.SIGINT, shut_down)


class Status(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"status: ready\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = HTTPServer(("0.0.0.0", 8080), Status)
    print("app: listening on port 8080", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        print("app: stopped cleanly", flush=True)
