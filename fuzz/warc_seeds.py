#!/usr/bin/env python3
"""Writes the seed corpus of the `warc` fuzz target into fuzz/corpus/warc/ (standard library only).

Each seed is the target's input: one mode byte (bit 0: gzip one member per record; bits 3-7:
size limit, see fuzz_targets/warc.rs), then a small invented WARC file. Run from anywhere:
    python3 fuzz/warc_seeds.py
Files are named by the SHA-1 of their bytes, as libFuzzer names corpus entries; the gzip
output is made deterministic (mtime 0).
"""
import gzip
import hashlib
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "corpus" / "warc"


def record(kind, rid, uri, content, extra=""):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Date: 2024-02-03T04:05:06Z\r\nWARC-Target-URI: {uri}\r\n{extra}"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(content)}\r\n\r\n"
    )
    return head.encode() + content + b"\r\n\r\n"


def http(status, headers, body):
    return (f"HTTP/1.1 {status}\r\n" + "".join(h + "\r\n" for h in headers) + "\r\n").encode() + body


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def chunked(body, size=40):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


PAGE = (
    "<html><head><title>Ferry service resumes</title>"
    "<meta property=\"article:published_time\" content=\"2024-02-02\"></head>"
    "<body><article><p>The ferry between Oskarby and Lund Island resumed on Friday, "
    "harbour master Elin Torsk said.</p><p>\u201cThe ice has cleared,\u201d Torsk said.</p>"
    "</article></body></html>"
).encode()
LEGACY = (
    "<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u00e9 owner "
    "Jo\u00eblle Marnet said \u201cwe reopen Monday\u201d.</p></body></html>"
).encode("cp1252")

CT = "Content-Type: text/html; charset=utf-8"
CRAWL = (
    record("warcinfo", "0", "", b"software: seeds\r\n")
    + record("request", "1q", "https://ferry.example/a", b"GET /a HTTP/1.1\r\n\r\n")
    + record("response", "1", "https://ferry.example/a", http("200 OK", [CT], PAGE))
    + record("metadata", "1m", "https://ferry.example/a", b"fetchTimeMs: 9\r\n")
)
CODED = record(
    "response", "2", "https://ferry.example/b",
    http("200 OK", [CT, "Content-Encoding: gzip", "Transfer-Encoding: chunked"], chunked(gz(PAGE))),
) + record("response", "3", "https://ferry.example/c", http("200 OK", ["Content-Type: text/html"], LEGACY))
ODD = (
    record("response", "4", "https://ferry.example/d", http("200 OK", ["Content-Type: text/html", "Content-Encoding: br"], b"\x0b\x02\x80"))
    + record("response", "5", "https://ferry.example/e", http("301 Moved Permanently", ["Location: /"], b""))
    + record("response", "6", "dns:ferry.example", b"20240203 ferry.example. 60 IN A 10.0.0.9")
    + record("revisit", "7", "https://ferry.example/a", b"", "WARC-Truncated: length\r\n")
)
BROKEN = (
    b"junk before\r\n"
    + b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:8>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"
    + record("response", "9", "https://ferry.example/f", http("200 OK", [CT, "Transfer-Encoding: chunked"], b"5\r\n<p>ab"))
    + b"WARC/1.0\r\nContent-Length: 99999\r\n\r\nshort"
)

SEEDS = [
    b"\x40" + CRAWL,
    b"\x41" + CRAWL,
    b"\x40" + CODED,
    b"\x41" + CODED,
    b"\x40" + ODD,
    b"\x40" + BROKEN,
    b"\x41" + BROKEN,
    b"\x43" + CRAWL,  # per-record gzip, one byte damaged
    b"\x45" + CODED,  # per-record gzip, cut short
    b"\x40" + gz(CRAWL + CODED),  # real gzip, one member for the whole file
    b"\x00" + CRAWL,  # the smallest limit
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        (OUT / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"{len(SEEDS)} seeds in {OUT}")


if __name__ == "__main__":
    main()
