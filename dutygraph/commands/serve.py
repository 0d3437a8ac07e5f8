"""`dutygraph serve OUT_DIR [--port N]`: serve a build's static files on 127.0.0.1 only.

The whole OUT_DIR is served (so the overview's link to ../review/ works); the site is at /site/index.html.
Static files only: no directory listings, no writes, nothing but GET/HEAD."""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path

import click

from ..errors import DutygraphError

HOST = "127.0.0.1"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with a few safety headers; directory listings are refused."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                      ".css": "text/css; charset=utf-8", ".json": "application/json", ".csv": "text/csv; charset=utf-8"}

    def list_directory(self, path):  # noqa: ANN001 - stdlib signature
        self.send_error(404, "No listing")
        return None

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        sys.stderr.write("serve: " + (format % args) + "\n")


def make_server(out_dir: Path | str, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A server bound to 127.0.0.1:port (0 = any free port) serving out_dir; call serve_forever()."""
    root = Path(out_dir)
    if not (root / "site" / "index.html").is_file():
        raise DutygraphError("no site here (expected site/index.html; run `dutygraph build … --out DIR`)",
                             path=str(root))
    handler = functools.partial(_Handler, directory=str(root.resolve()))
    try:
        return http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise DutygraphError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0 picks a free one).")
def serve(out_dir: Path, port: int) -> None:
    """Serve OUT_DIR (a `dutygraph build` output) on http://127.0.0.1:PORT/site/index.html."""
    server = make_server(out_dir, port)
    click.echo(f"serving {out_dir} at http://{HOST}:{server.server_address[1]}/site/index.html (Ctrl-C stops)",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
