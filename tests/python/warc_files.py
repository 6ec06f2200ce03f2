"""Small WARC files for the Python tests, written as CC-NEWS writes them: one gzip member per
response record, an HTTP response holding an HTML page. Every article is invented."""

from __future__ import annotations

import gzip
from pathlib import Path

SPORTS = (
    "Coach Dalia Fenwick said on Tuesday that the Harbor City Gulls would sign striker "
    "Tomas Villar.\n\"We needed speed,\" Fenwick told reporters in Port Ellery."
)
COURT = (
    "A judge in Westbrook sentenced Caleb Orrin to four years on Monday. Prosecutor Mina "
    "Szabo said the ruling \"sends a message to everyone.\""
)
DISASTER = (
    "Floodwater forced 2,000 residents of Calloway County from their homes on Sunday, "
    "emergency manager Rhea Tollund said. \"The river is still rising,\" Tollund said."
)
SPANISH = (
    "La empresa de telecomunicaciones Veloxa anunció el martes la compra de su rival Ondanet "
    "por 1.200 millones de euros. El consejero delegado afirmó que la operación permitirá "
    "ampliar la red de fibra óptica en las zonas rurales del país."
)


def response(record_id: str, date: str, title: str, body: str, lang: str = "en",
             published: str | None = None) -> bytes:
    """One WARC response record (a gzip member): an HTML page with ``body``'s paragraphs,
    crawled at ``date`` (``WARC-Date``), published on ``published`` (a ``<meta>`` tag)."""
    meta = (f'<meta property="article:published_time" content="{published}">'
            if published else "")
    html = (
        f'<html lang="{lang}"><head><title>{title}</title>{meta}</head><body><article><p>'
        + body.replace("\n", "</p><p>")
        + "</p></article></body></html>"
    )
    http = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html).encode()
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: https://news.example/{record_id}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n", mtime=0)


def crawl(path: Path) -> Path:
    """A ``.warc.gz`` of four pages (sports, courts, disasters; one in Spanish), two crawl
    months, one page with a publication date in the month before its crawl."""
    records = [
        response("0001", "2024-03-05T06:07:08Z", "Gulls sign Villar", SPORTS),
        response("0002", "2024-03-06T23:59:59Z", "Orrin sentenced", COURT, "en-GB",
                 published="2024-02-28T18:00:00Z"),
        response("0003", "2024-04-01T00:00:00Z", "Calloway flood", DISASTER),
        response("0004", "2024-04-02T10:00:00Z", "Veloxa compra Ondanet", SPANISH, "es"),
    ]
    path.write_bytes(b"".join(records))
    return path
