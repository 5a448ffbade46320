"""Checks the API against its own OpenAPI document.

    python3 walk.py BASE_URL SAMPLES_JSON

1. The document at BASE_URL/api/v1/openapi.json validates (OpenAPI 3.1).
2. Every documented GET route answers 200 with sample keys, with the
   documented content type, and a JSON body valid against the documented
   schema (JSON Schema 2020-12, references into the document resolved).
3. Routes with a path key answer 404 for an unknown key, routes with an
   `as_of` parameter answer 400 for a bad one; both with a body valid
   against the documented error schema.
Prints one line per request; exits non-zero on the first failure.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

BASE = sys.argv[1].rstrip("/")
SAMPLES = json.loads(open(sys.argv[2]).read())


def get(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=60) as r:
            return r.status, r.headers.get("content-type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read()


status, _, raw = get("/api/v1/openapi.json")
assert status == 200, f"openapi.json: {status}"
spec = json.loads(raw)
validate(spec)
print("openapi.json validates:", spec["openapi"])


def pointer(*parts):
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def check(path, template, code, ctype, body):
    op = spec["paths"][template]["get"]
    responses = op["responses"]
    assert str(code) in responses, f"{path}: {code} is not documented ({list(responses)})"
    content = responses[str(code)].get("content", {})
    media = ctype.split(";")[0].strip()
    assert media in content, f"{path}: {media} is not documented for {code} ({list(content)})"
    if media == "application/json":
        schema = {
            "$ref": pointer("paths", template, "get", "responses", str(code), "content", media, "schema"),
            "paths": spec["paths"],
            "components": spec.get("components", {}),
        }
        errors = sorted(Draft202012Validator(schema).iter_errors(json.loads(body)), key=str)
        assert not errors, f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"
    print(f"{code} {media:<24} {path}")


for template, item in spec["paths"].items():
    op = item.get("get")
    if op is None:
        continue
    params = op.get("parameters", [])
    names = {p["name"] for p in params if p["in"] == "path"}
    sample = template
    kind = "authority" if template.startswith("/api/v1/authorities") else "body"
    for name in names:
        value = SAMPLES["demand"] if name == "demand" else SAMPLES[kind]
        sample = sample.replace("{" + name + "}", urllib.parse.quote(value))
    code, ctype, body = get(sample)
    assert code == 200, f"{sample}: {code} {body[:200]!r}"
    check(sample, template, code, ctype, body)
    if names:
        unknown = template
        for name in names:
            unknown = unknown.replace("{" + name + "}", "no-such-key")
        code, ctype, body = get(unknown)
        assert code == 404, f"{unknown}: {code}"
        check(unknown, template, code, ctype, body)
    if any(p["name"] == "as_of" for p in params):
        bad = sample + "?as_of=yesterday"
        code, ctype, body = get(bad)
        assert code == 400, f"{bad}: {code}"
        assert json.loads(body)["error"]["parameter"] == "as_of", body
        check(bad, template, code, ctype, body)
print("all documented routes answer as documented")
