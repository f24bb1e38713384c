"""Reports for the clinic's staff, from what the assistant stores (never a patient's identifiers).

    python -m bot.report unanswered [--since 2026-12-01]   # questions it could not answer, by closest item
    python -m bot.report summary [--since 2026-12-01]      # conversations, assessments, alerts, unanswered

The unanswered questions come from the content database (bot.unanswered). Conversations, assessments and
alerts are read, read-only, from the tracker store's SQLite database (var/conversations.db, table `events`)
when it is there; a figure that cannot be read is left out, not guessed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional

from bot import unanswered
from bot.settings import ROOT


def tracker_db() -> Path:
    return ROOT / os.environ.get("TRACKER_DB", "var/conversations.db")


def unanswered_report(since: Optional[dt.date] = None, url: Optional[str] = None) -> str:
    rows = unanswered.rows(since, url=url)
    groups: Dict[str, List[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["closest"] or ["(no close item)"])[0]].append(row)
    lines = [f"{len(rows)} unanswered question(s)" + (f" since {since}" if since else "")]
    for item, questions in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        lines.append(f"\n{item}: {len(questions)}")
        for q in questions:
            lines.append(f"  {q['asked_at']:%Y-%m-%d}  {q['text']}")
    return "\n".join(lines)


def conversation_figures(since: Optional[dt.date] = None, path: Optional[Path] = None) -> Dict[str, object]:
    """What the tracker store's events tell, or {} when its database is not there or not readable."""
    path = path or tracker_db()
    if not path.exists():
        return {}
    start = dt.datetime.combine(since, dt.time(), dt.timezone.utc).timestamp() if since else 0.0
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        senders = connection.execute(
            "SELECT COUNT(DISTINCT sender_id) FROM events WHERE type_name = 'user' AND timestamp >= ?", [start]
        ).fetchone()[0]
        categories: Counter = Counter()
        alerts: Counter = Counter()
        for (data,) in connection.execute(
            "SELECT data FROM events WHERE type_name = 'bot' AND timestamp >= ?", [start]
        ):
            event = json.loads(data)
            custom = (event.get("data") or {}).get("custom") if event.get("event") == "bot" else None
            if isinstance(custom, dict):
                if isinstance(custom.get("assessment"), dict) and custom["assessment"].get("category"):
                    categories[str(custom["assessment"]["category"])] += 1
                if isinstance(custom.get("alert"), dict):
                    alerts[str(custom["alert"].get("reason") or custom["alert"].get("level"))] += 1
    except (sqlite3.Error, ValueError):
        return {}
    finally:
        connection.close()
    return {"conversations": senders, "assessments": dict(categories), "alerts": dict(alerts)}


def summary_report(since: Optional[dt.date] = None, url: Optional[str] = None, path: Optional[Path] = None) -> str:
    lines = ["Summary" + (f" since {since}" if since else "")]
    figures = conversation_figures(since, path)
    if figures:
        lines.append(f"Conversations: {figures['conversations']}")
        lines.append(f"Assessments: {sum(figures['assessments'].values())}")
        lines += [f"  {k}: {v}" for k, v in sorted(figures["assessments"].items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append(f"Alerts: {sum(figures['alerts'].values())}")
        lines += [f"  {k}: {v}" for k, v in sorted(figures["alerts"].items(), key=lambda kv: (-kv[1], kv[0]))]
    else:
        lines.append("Conversations, assessments, alerts: not available (no readable tracker database).")
    lines.append(f"Unanswered questions: {len(unanswered.rows(since, url=url))}")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", choices=["unanswered", "summary"])
    parser.add_argument("--since", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    print(unanswered_report(args.since) if args.report == "unanswered" else summary_report(args.since))


if __name__ == "__main__":
    main()
