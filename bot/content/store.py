"""Read side of the content store: all items held in memory, picked for an assessment or a question."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session, selectinload

from bot.content.models import ContentItem
from bot.content.schema import ANY, Item
from bot.content.search import Index
from bot.content.sources import Citation
from bot.framework import MODALITY_OF
from bot.settings import clinic, content_database_url

EVIDENCE_KINDS = ("evidence", "guideline")
OLIGOPROGRESSION = ("metachronous_oligoprogression", "repeat_oligoprogression", "induced_oligoprogression")
# framework.py's local options name sbrt/radiosurgery; items name the families (one table, the framework's).
FAMILY = MODALITY_OF


class ContentStoreEmpty(RuntimeError):
    pass


class _Placeholders(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders() -> Dict[str, str]:
    c = clinic()
    values = _Placeholders(clinic_name=c.name, emergency_services=str(c.get("emergency_services", "")))
    for key in ("referral_contact", "human_contact", "acute_oncology_line", "crisis_line"):
        if c.get(key):
            values[key] = c.contact_line(key)
    return values


def from_row(row: ContentItem, fill: Dict[str, str]) -> Item:
    return Item(
        id=row.id,
        title=row.title,
        summary=row.summary.format_map(fill),
        body=row.body.format_map(fill),
        kind=row.kind,
        topics=list(row.topics),
        categories=list(row.categories),
        sites=list(row.sites),
        modalities=list(row.modalities),
        questions=list(row.questions),
        citations=[Citation(label=c.label, source_id=c.source_id, doi=c.doi, url=c.url) for c in row.citations],
        last_reviewed=row.last_reviewed,
        reviewer=row.reviewer,
        source_file=row.source_file,
        drivers=list(row.drivers or []),
        signed_off=bool(row.signed_off),
    )


class ContentStore:
    def __init__(self, url: Optional[str] = None):
        self.url = url or content_database_url()
        engine = create_engine(self.url, future=True)
        try:
            if not inspect(engine).has_table("content_items"):
                raise ContentStoreEmpty(f"No content in {self.url}: run `python -m bot.content load` first.")
            with Session(engine) as session:
                rows = session.scalars(
                    select(ContentItem).options(selectinload(ContentItem.citations)).order_by(ContentItem.id)
                ).all()
                fill = placeholders()
                self.items: Dict[str, Item] = {row.id: from_row(row, fill) for row in rows}
        finally:
            engine.dispose()
        if not self.items:
            raise ContentStoreEmpty(f"No content in {self.url}: run `python -m bot.content load` first.")
        # The search's own in-memory FTS5 index of the loaded items, whatever database holds them.
        self.index = Index(
            {
                i.id: {
                    "title": [i.title],
                    "questions": i.questions,
                    "topics": i.topics,
                    "summary": [i.summary],
                    "body": [i.body],
                }
                for i in self.items.values()
            }
        )

    def get(self, item_id: str) -> Optional[Item]:
        return self.items.get(item_id)

    def all_ids(self) -> List[str]:
        return sorted(self.items)

    def search(self, text: str, limit: int = 3) -> List[Tuple[Item, float]]:
        return [(self.items[i], score) for i, score in self.index.search(text, limit)]

    def answer(self, text: str) -> Tuple[Optional[Item], List[Item]]:
        """The item that answers `text` when the search is confident; else None and the two closest items."""
        found, closest = self.index.answer(text)
        return (self.items[found] if found else None), [self.items[i] for i in closest]

    def for_assessment(
        self,
        category: Optional[str],
        organs: Sequence[str],
        local_options: Sequence[str],
        systemic_therapy: Optional[str] = None,
        limit: int = 4,
        driver_mutation: Optional[str] = None,
    ) -> List[Item]:
        """What to show after an assessment: the category in plain words, then the evidence for that
        category, then what each local treatment discussed for these sites involves. An item written for
        one driver (SINDAS: EGFR) is left out when the person's driver is known to be another."""
        chosen: List[Item] = []

        def add(item: Optional[Item]) -> None:
            if (
                item is not None
                and item not in chosen
                and len(chosen) < limit
                and item.shown_for_driver(driver_mutation)
            ):
                chosen.append(item)

        if category:
            add(self.get("category-" + category.replace("_", "-")))
        specific = [
            i
            for i in self.items.values()
            if i.kind in EVIDENCE_KINDS and category in i.categories and i.shown_for_driver(driver_mutation)
        ]
        # Fewer categories = written for this situation; guidelines after trials.
        specific.sort(key=lambda i: (i.kind != "evidence", len(i.categories), i.id))
        if category in OLIGOPROGRESSION and systemic_therapy == "targeted":
            add(self.get("oligoprogression-targeted-therapy"))
        for item in specific[:2]:
            add(item)
        families = {FAMILY.get(o, o) for o in local_options}
        sites = list(organs) or []
        treatments = [
            i
            for i in self.items.values()
            if i.kind == "treatment"
            and set(i.modalities) & families
            and ANY not in i.sites
            and any(s in i.sites for s in sites)
            and (i.applies_to_category(category) or not i.categories)
        ]
        treatments.sort(key=lambda i: (min(sites.index(s) for s in i.sites if s in sites), len(i.sites), i.id))
        for item in treatments:
            add(item)
        return chosen

    @staticmethod
    def citations(items: Iterable[Item]) -> List[Dict[str, Any]]:
        seen, out = set(), []
        for item in items:
            for c in item.citations:
                if c.label not in seen:
                    seen.add(c.label)
                    out.append(c.payload())
        return out
