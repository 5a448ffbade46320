"""Reads an Atom feed with an independent parser (PyPI feedparser) and checks
RFC 4287's required elements: the feed's id, title and updated, and each
entry's id, title, updated and link; prints a JSON summary for the test."""
import json
import sys

import feedparser

text = sys.stdin.buffer.read()
feed = feedparser.parse(text)
problems = []
if feed.bozo:
    problems.append(f"not well-formed: {feed.bozo_exception}")
if feed.version != "atom10":
    problems.append(f"not Atom 1.0: {feed.version!r}")
for field in ("id", "title", "updated"):
    if not feed.feed.get(field):
        problems.append(f"feed has no {field}")
if not any(l.get("rel") == "self" for l in feed.feed.get("links", [])):
    problems.append("feed has no rel=self link")
ids = set()
for i, e in enumerate(feed.entries):
    for field in ("id", "title", "updated", "link"):
        if not e.get(field):
            problems.append(f"entry {i} has no {field}")
    if e.get("id") in ids:
        problems.append(f"entry {i} repeats id {e.get('id')}")
    ids.add(e.get("id"))
print(json.dumps({
    "problems": problems,
    "title": feed.feed.get("title"),
    "updated": feed.feed.get("updated"),
    "entries": [{"id": e.get("id"), "title": e.get("title"), "updated": e.get("updated"),
                 "content": (e.get("content") or [{}])[0].get("value", "")} for e in feed.entries],
}))
