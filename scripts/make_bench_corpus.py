#!/usr/bin/env python3
"""Builds a JSONL benchmark corpus of at least SIZE_MB megabytes of article text from ../shared:
CoNLL-2003 train and dev documents (tokens joined by spaces, sentences by newlines), the GGT dev
articles and the seed article, repeated to size with unique ids. Deterministic.

Usage: make_bench_corpus.py SIZE_MB OUT.jsonl   (prints: articles, text bytes, whitespace words)"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared")


def conll_docs(path):
    doc, sent = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            if sent:
                doc.append(" ".join(sent)); sent = []
            if doc:
                yield "\n".join(doc); doc = []
            continue
        if not line.strip():
            if sent:
                doc.append(" ".join(sent)); sent = []
            continue
        sent.append(line.split(" ")[0])
    if sent:
        doc.append(" ".join(sent))
    if doc:
        yield "\n".join(doc)


def main():
    size = int(float(sys.argv[1]) * 1_000_000)
    out = sys.argv[2]
    texts = []
    for split in ("train", "dev"):
        texts.extend(conll_docs(os.path.join(SHARED, "corpora", "conll2003", f"{split}.txt")))
    for line in open(os.path.join(SHARED, "corpora", "ggt", "ggt_dev.jsonl"), encoding="utf-8"):
        texts.append(json.loads(line)["text"])
    texts.append(open(os.path.join(SHARED, "seed", "000_37609e05d3785616.txt"), encoding="utf-8").read())
    total = words = n = 0
    with open(out, "w", encoding="utf-8") as f:
        while total < size:
            t = texts[n % len(texts)]
            f.write(json.dumps({"id": f"bench-{n:07d}", "text": t, "published": "2023-05-24"}) + "\n")
            total += len(t.encode("utf-8"))
            words += len(t.split())
            n += 1
    print(n, total, words)


if __name__ == "__main__":
    main()
