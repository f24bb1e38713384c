"""The widget demo page: a small clinic page with the one-line embed in use, on loopback.

    python -m bot.demo_page --host 127.0.0.1 --port 8080 --rasa http://127.0.0.1:5005

Serves web/index.html with the Rasa URL and the clinic's name and contacts (config/clinic.yml, or
CLINIC_CONFIG) filled in, and the static files of web/ (the built widget.js, demo.css). Standard library
and PyYAML only (through bot.settings); for development and demonstration, not for production hosting:
a clinic serves web/widget.js from its own web server (web/EMBED.md).
"""

from __future__ import annotations

import argparse
import html
import mimetypes
import sys
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional
from urllib.parse import urlsplit

WEB = Path(__file__).resolve().parent.parent / "web"
# Only these files are served; web/src, web/build.py and the docs stay private.
STATIC = {"/widget.js", "/demo.css", "/favicon.svg"}
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
}


def clinic_fields(clinic_name: Optional[str] = None) -> Dict[str, str]:
    """Plain-text values for the page's placeholders, from the clinic configuration."""
    raw: Dict = {}
    try:
        from bot.settings import clinic

        raw = clinic().raw
    except Exception as exc:  # the page still works, with neutral words, without a readable config
        print(f"demo_page: clinic configuration not read ({exc})", file=sys.stderr)

    def contact(key: str, fallback: str) -> str:
        c = raw.get(key) or {}
        if not c.get("name"):
            return fallback
        text = f"{c['name']}, {c['phone']}" if c.get("phone") else c["name"]
        if c.get("email"):
            text += f", {c['email']}"
        return f"{text} ({c['hours']})" if c.get("hours") else text

    return {
        "CLINIC_NAME": clinic_name or raw.get("clinic_name") or "Example clinic",
        "ACUTE_LINE": contact("acute_oncology_line", "acute oncology helpline"),
        "EMERGENCY": str(raw.get("emergency_services") or raw.get("emergency_number") or "your emergency number"),
        "REFERRAL_CONTACT": contact("referral_contact", "Please contact your clinical team."),
    }


def render_page(rasa_url: str, fields: Dict[str, str]) -> bytes:
    text = (WEB / "index.html").read_text(encoding="utf-8")
    values = dict(fields, RASA_URL=rasa_url)
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", html.escape(value, quote=True))
    return text.encode("utf-8")


def csp(rasa_url: str) -> str:
    """A strict policy, to show that the widget needs no inline script or style on the host page."""
    u = urlsplit(rasa_url)
    ws = ("wss" if u.scheme == "https" else "ws") + f"://{u.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {u.scheme}://{u.netloc} {ws}; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'self'; object-src 'none'"
    )


class Handler(BaseHTTPRequestHandler):
    server_version = "demo-page"
    sys_version = ""

    def __init__(self, *args, rasa_url: str, fields: Dict[str, str], **kwargs) -> None:
        self.rasa_url = rasa_url
        self.fields = fields
        super().__init__(*args, **kwargs)

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
        self.respond(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            body, ctype = render_page(self.rasa_url, self.fields), TYPES[".html"]
        elif path in STATIC and (WEB / path.lstrip("/")).is_file():
            file = WEB / path.lstrip("/")
            body = file.read_bytes()
            ctype = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        else:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if ctype.startswith("text/html"):
            self.send_header("Content-Security-Policy", csp(self.rasa_url))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        # Request lines only (no query strings, no bodies): the page itself carries no personal data.
        sys.stderr.write("demo_page: " + (format % args) + "\n")


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa", default="http://127.0.0.1:5005", help="the Rasa server's base URL")
    parser.add_argument("--clinic-name", help="overrides clinic_name from the clinic configuration")
    args = parser.parse_args(argv)
    if not (WEB / "widget.js").is_file():
        print("demo_page: web/widget.js is missing: run python web/build.py", file=sys.stderr)
        return 1
    handler = partial(Handler, rasa_url=args.rasa.rstrip("/"), fields=clinic_fields(args.clinic_name))
    server = ThreadingHTTPServer((args.host, args.port), handler)
    server.daemon_threads = True
    print(f"demo_page: serving http://{args.host}:{args.port}/ (Rasa at {args.rasa})", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
