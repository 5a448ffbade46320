#!/usr/bin/env python3
"""Validates a Popolo JSON document against the official Popolo JSON schemas.

usage: validate.py SCHEMA_DIR DOCUMENT.json

SCHEMA_DIR holds the Popolo project's own schemas (draft-03: person.json,
organization.json, membership.json, ...). They are not kept in this
repository: `make tool-popolo` brings the copy the Popolo project published
on the npm registry (package popit-api), and any newer copy of the
popolo-spec repository's `schemas/` folder can be pointed at instead.

Each item of the document's `persons`, `organizations`, `memberships`,
`posts` and `areas` is checked against the schema of its kind (a kind whose
schema the folder lacks is reported, not skipped silently), with every
`$ref` resolved to the folder's files by their `id`. Prints one line per
kind and exits 1 on the first document that does not validate.
"""
import json
import pathlib
import sys

from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

KINDS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
    "areas": "area",
}


def main() -> int:
    schema_dir = pathlib.Path(sys.argv[1])
    document = json.loads(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"))
    schemas = {}
    resources = []
    for path in sorted(schema_dir.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.stem] = schema
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        resources.append((schema["id"], resource))
        # Older and newer copies name their host with and without "www.":
        # both spellings point at the same file.
        for a, b in (("://popoloproject", "://www.popoloproject"),):
            other = schema["id"].replace(a, b) if a in schema["id"] else schema["id"].replace(b, a)
            resources.append((other, resource))
    for core in ("person", "organization", "membership"):
        if core not in schemas:
            print(f"no {core}.json in {schema_dir}", file=sys.stderr)
            return 2
    registry = Registry().with_resources(resources)
    checked = 0
    for key, kind in KINDS.items():
        items = document.get(key)
        if items is None:
            continue
        if kind not in schemas:
            print(f"{key}: {len(items)} not checked, {schema_dir} has no {kind}.json")
            continue
        validator = Draft3Validator(schemas[kind], registry=registry)
        for i, item in enumerate(items):
            errors = sorted(validator.iter_errors(item), key=lambda e: list(e.path))
            if errors:
                for e in errors:
                    where = "/".join(str(p) for p in e.path)
                    print(f"{key}[{i}] {where}: {e.message}", file=sys.stderr)
                return 1
        checked += len(items)
        print(f"{key}: {len(items)} valid against {kind}.json")
    if checked == 0:
        print("the document holds nothing to check", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
