"""Read, check and load the content files. A load is all or nothing: one bad item changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from sqlalchemy import create_engine, delete, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.content import quality
from bot.content.models import Base, ContentCitation, ContentItem, ContentLoad
from bot.content.schema import ContentError, Item, parse_file
from bot.content.sources import CONTENT_DIR, LABELS_FILE, SOURCE_FILES, TRIALS_FILE


class ContentInvalid(Exception):
    def __init__(self, errors: List[ContentError]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the content:\n" + "\n".join(f"  {e}" for e in errors))


@dataclass
class LoadResult:
    items: int
    changed: bool
    digest: str


def content_files(directory: Path = CONTENT_DIR) -> List[Path]:
    return sorted(p for p in directory.glob("*.md") if p.name.lower() != "readme.md")


def read(directory: Path = CONTENT_DIR, today: Optional[dt.date] = None) -> Tuple[List[Item], List[ContentError]]:
    """Every item that parses, and every problem found (schema and quality gates)."""
    items: List[Item] = []
    errors: List[ContentError] = []
    seen = {}
    for path in content_files(directory):
        try:
            item = parse_file(path)
        except ContentError as e:
            errors.append(e)
            continue
        if item.id in seen:
            errors.append(ContentError(path.name, "id", f"'{item.id}' is also used by {seen[item.id]}"))
            continue
        seen[item.id] = path.name
        errors.extend(quality.check(item, today))
        items.append(item)
    errors.extend(quality.check_collection(items))
    if not items and not errors:
        errors.append(ContentError(str(directory), "files", "no content items found"))
    return items, errors


def digest(directory: Path = CONTENT_DIR) -> str:
    h = hashlib.sha256()
    for path in content_files(directory) + [*SOURCE_FILES, LABELS_FILE, TRIALS_FILE]:
        if path.exists():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def engine_for(url: str) -> Engine:
    return create_engine(url, future=True)


def upgrade(engine: Engine) -> None:
    """Columns added to content_items since a store was created (create_all only creates missing tables)."""
    have = {c["name"] for c in inspect(engine).get_columns(ContentItem.__tablename__)}
    missing = [c for c in ContentItem.__table__.columns if c.name not in have]
    if not missing:
        return
    with engine.begin() as conn:
        for column in missing:
            kind = column.type.compile(dialect=engine.dialect)
            default = " NOT NULL DEFAULT false" if column.name == "signed_off" else ""
            conn.execute(text(f"ALTER TABLE {ContentItem.__tablename__} ADD COLUMN {column.name} {kind}{default}"))


def load(url: str, directory: Path = CONTENT_DIR, today: Optional[dt.date] = None, force: bool = False) -> LoadResult:
    items, errors = read(directory, today)
    if errors:
        raise ContentInvalid(errors)
    d = digest(directory)
    engine = engine_for(url)
    try:
        Base.metadata.create_all(engine)
        upgrade(engine)
        # One transaction: readers see the old content until the new content is complete.
        with Session(engine) as session, session.begin():
            last = session.scalars(select(ContentLoad).order_by(ContentLoad.id.desc()).limit(1)).first()
            count = len(session.scalars(select(ContentItem.id)).all())
            if not force and last is not None and last.digest == d and count == len(items):
                return LoadResult(items=len(items), changed=False, digest=d)
            session.execute(delete(ContentCitation))
            session.execute(delete(ContentItem))
            for item in items:
                session.add(to_row(item))
            session.add(ContentLoad(loaded_at=dt.datetime.now(dt.timezone.utc), item_count=len(items), digest=d))
        return LoadResult(items=len(items), changed=True, digest=d)
    finally:
        engine.dispose()


def to_row(item: Item) -> ContentItem:
    return ContentItem(
        id=item.id,
        title=item.title,
        summary=item.summary,
        body=item.body,
        kind=item.kind,
        topics=item.topics,
        categories=item.categories,
        sites=item.sites,
        modalities=item.modalities,
        questions=item.questions,
        last_reviewed=item.last_reviewed,
        reviewer=item.reviewer,
        source_file=item.source_file,
        drivers=list(item.drivers),
        signed_off=item.signed_off,
        citations=[
            ContentCitation(position=i, label=c.label, source_id=c.source_id, doi=c.doi, url=c.url)
            for i, c in enumerate(item.citations)
        ],
    )
