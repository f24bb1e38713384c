"""python -m bot.content check | load | list | nlu | review"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.content import loader, nlu
from bot.content.sources import CONTENT_DIR
from bot.content.store import ContentStore, ContentStoreEmpty
from bot.settings import content_database_url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.content", description=__doc__)
    parser.add_argument("command", choices=("check", "load", "list", "nlu", "review"))
    parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="content folder (default: content/)")
    parser.add_argument("--url", default=None, help="database URL (default: CONTENT_DATABASE_URL or SQLite in var/)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="date for the review-age check")
    parser.add_argument("--force", action="store_true", help="reload even if nothing changed")
    parser.add_argument(
        "--out",
        type=Path,
        help="nlu: where to write the NLU examples; review: where to write the review document (default review.html)",
    )
    args = parser.parse_args(argv)

    if args.command == "check":
        items, errors = loader.read(args.dir, args.today)
        for e in errors:
            print(e, file=sys.stderr)
        print(f"{len(items)} item(s) read, {len(errors)} problem(s)")
        return 1 if errors else 0

    if args.command == "load":
        url = args.url or content_database_url()
        try:
            result = loader.load(url, args.dir, args.today, force=args.force)
        except loader.ContentInvalid as e:
            print(e, file=sys.stderr)
            print("Nothing was changed in the content store.", file=sys.stderr)
            return 1
        print(f"content store: {result.items} items {'loaded' if result.changed else 'already current'}")
        return 0

    if args.command == "list":
        try:
            store = ContentStore(args.url)
        except ContentStoreEmpty as e:
            print(e, file=sys.stderr)
            return 1
        for item in store.items.values():
            print(f"{item.id:45} {item.kind:10} {item.review_line:45} {item.title}")
        return 0

    if args.command == "review":
        from bot.content import review

        out = args.out or Path("review.html")
        count, problems = review.write(out, args.dir, args.today)
        print(
            f"review document for {count} items written to {out}"
            + (f" ({problems} automatic-check problem(s) shown with their items)" if problems else "")
        )
        return 0

    if not args.out:
        parser.error("nlu needs --out")
    items, errors = loader.read(args.dir, args.today)
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 1
    nlu.write(items, args.out)
    print(f"{sum(len(i.questions) for i in items)} examples for {len(items)} items written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
