"""The curated content store: reviewable files in content/, checked, loaded into SQL, read by the actions."""

from bot.content.schema import ContentError, Item
from bot.content.sources import Citation
from bot.content.store import ContentStore, ContentStoreEmpty

__all__ = ["ContentError", "ContentStore", "ContentStoreEmpty", "Citation", "Item"]
