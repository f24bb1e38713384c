"""Tables of the content store. JSON lists keep one row per item; citations get their own table."""

from __future__ import annotations

import datetime as dt
from typing import List, Optional

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class ContentItem(Base):
    __tablename__ = "content_items"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))
    topics: Mapped[List[str]] = mapped_column(JSON)
    categories: Mapped[List[str]] = mapped_column(JSON)
    sites: Mapped[List[str]] = mapped_column(JSON)
    modalities: Mapped[List[str]] = mapped_column(JSON)
    questions: Mapped[List[str]] = mapped_column(JSON)
    last_reviewed: Mapped[dt.date] = mapped_column(Date)
    reviewer: Mapped[str] = mapped_column(String(300))
    source_file: Mapped[str] = mapped_column(String(300))
    # Added after the first release: loader.upgrade() adds them to an existing table.
    drivers: Mapped[List[str]] = mapped_column(JSON, default=list)
    signed_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    citations: Mapped[List["ContentCitation"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ContentCitation.position"
    )


class ContentCitation(Base):
    __tablename__ = "content_citations"

    item_id: Mapped[str] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(500))
    source_id: Mapped[Optional[str]] = mapped_column(String(100))
    doi: Mapped[Optional[str]] = mapped_column(String(200))
    url: Mapped[Optional[str]] = mapped_column(String(500))
    item: Mapped[ContentItem] = relationship(back_populates="citations")


class ContentLoad(Base):
    """One row per successful load: when, how many items, and a digest of the files loaded."""

    __tablename__ = "content_loads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    item_count: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
