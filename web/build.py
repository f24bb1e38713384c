"""Builds web/widget.js, the one file a clinic embeds, from web/src/ and the vendored Socket.IO client.

    python web/build.py           # writes web/widget.js
    python web/build.py --check   # exits 1 if web/widget.js is not what the sources give

Everything runs inside one function scope: the Socket.IO client's UMD wrapper sees a local `module`
and `exports` (so it neither sets `window.io` nor calls the host page's AMD `define`), and the CSS
becomes a string for the widget's shadow root. Standard library only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent
OUT = WEB / "widget.js"


def build() -> str:
    vendor = (WEB / "vendor" / "socket.io.min.js").read_text(encoding="utf-8")
    css = (WEB / "src" / "widget.css").read_text(encoding="utf-8")
    source = (WEB / "src" / "widget.js").read_text(encoding="utf-8")
    # The vendored file ends with a source-map comment whose map is not shipped.
    vendor = "\n".join(line for line in vendor.splitlines() if not line.startswith("//# sourceMappingURL"))
    return (
        "/*! Lung cancer information chat widget. Built by web/build.py from web/src/: do not edit by hand.\n"
        " *  Includes the Socket.IO client (MIT licence, web/vendor/socket.io.LICENSE). */\n"
        "(function () {\n"
        "var io = (function () {\n"
        "  var module = { exports: {} }, exports = module.exports, define;\n"
        f"{vendor}\n"
        "  return module.exports;\n"
        "})();\n"
        f"var WIDGET_CSS = {json.dumps(css)};\n"
        f"{source}\n"
        "})();\n"
    )


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print("web/widget.js is out of date: run python web/build.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(WEB.parent)} ({len(text.encode()) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
