# SPDX-License-Identifier: ISC
"""-f ecs: every document of every sample holds only Elastic Common
Schema fields, each with its ECS type (../shared/ecs/fields.csv), but
for the one custom object, shelltrail."""

import csv
import datetime
import ipaddress
import json
import os

from stlib import SAMPLES, SHARED, check, done, equal, run

FIELDS = os.path.join(SHARED, "ecs", "fields.csv")
SIGMA = os.path.join(SHARED, "sigma", "rules", "linux")
CUSTOM = "shelltrail"

STRINGS = {"keyword", "wildcard", "match_only_text", "text", "constant_keyword",
           "flattened"}
INTEGERS = {"long", "integer", "short", "byte", "unsigned_long"}


def ecs_fields():
    with open(FIELDS, encoding="utf-8") as f:
        return {r["Field"]: r for r in csv.DictReader(f)}


def value_ok(kind, v):
    if kind in STRINGS:
        return isinstance(v, str) and v != ""
    if kind in INTEGERS:
        return isinstance(v, int) and not isinstance(v, bool)
    if kind in {"float", "double", "scaled_float", "half_float"}:
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if kind == "boolean":
        return isinstance(v, bool)
    if kind == "date":
        try:
            datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
            return True
        except (AttributeError, ValueError):
            return False
    if kind == "ip":
        try:
            ipaddress.ip_address(v)
            return True
        except ValueError:
            return False
    return False


def leaves(doc, prefix=""):
    for k, v in doc.items():
        name = prefix + k
        if isinstance(v, dict):
            check(v, f"{name}: an empty object")
            yield from leaves(v, name + ".")
        else:
            yield name, v


def validate(doc, fields, what, seen):
    check("@timestamp" in doc and doc.get("ecs", {}).get("version"),
          f"{what}: @timestamp and ecs.version")
    check(isinstance(doc.get(CUSTOM), dict), f"{what}: the custom object")
    for name, v in leaves(doc):
        if name.startswith(CUSTOM + "."):
            continue
        seen.add(name)
        f = fields.get(name)
        if not check(f is not None, f"{what}: {name} is not an ECS field"):
            continue
        array = "array" in f["Normalization"]
        if isinstance(v, list):
            check(array or f["Type"] in STRINGS,
                  f"{what}: {name} is a list, ECS gives one {f['Type']}")
            items = [x for x in v if x is not None] if name == "process.args" else v
            check(all(value_ok(f["Type"], x) for x in items),
                  f"{what}: {name} items are not {f['Type']}: {v!r}")
        else:
            check(not array, f"{what}: {name} should be an array")
            check(value_ok(f["Type"], v), f"{what}: {name}={v!r} is not {f['Type']}")


def main():
    fields = ecs_fields()
    seen = set()
    docs = 0
    for sample in sorted(os.listdir(SAMPLES)):
        path = os.path.join(SAMPLES, sample)
        if not os.path.isdir(path):
            continue
        args = ["-f", "ecs", "--integrity", "--sigma", SIGMA, path]
        conf = os.path.join(path, "nginx", "nginx.conf")
        if sample == "custom-json":
            args[:0] = ["--log-format-file", conf]
        r = run(*args)
        check(r.rc in (0, 1), f"{sample}: status {r.rc}")
        for n, line in enumerate(r.out.decode().splitlines(), 1):
            doc = json.loads(line)
            validate(doc, fields, f"{sample}:{n}", seen)
            docs += 1
            sig = doc[CUSTOM]
            if sig.get("sigma_id"):
                equal(doc["rule"]["id"], sig["sigma_id"].split(","), "rule.id")
                equal(len(doc["rule"]["name"]), len(doc["rule"]["id"]), "rule.name")
            if "process" in doc and "args" in doc["process"]:
                equal(doc["process"]["args_count"], sig["argc"], "process.args_count")
            if doc["event"].get("category") == ["network"] and "destination" in doc:
                check(f"{doc['destination'].get('ip')}:{doc['destination'].get('port')}"
                      in sig["target"].replace("[", "").replace("]", ""),
                      f"destination of {sig['target']}")
    check(docs > 500, f"documents checked ({docs})")
    for name in ("@timestamp", "event.kind", "event.category", "event.type",
                 "event.action", "process.pid", "process.executable", "process.name",
                 "process.args", "process.command_line", "process.working_directory",
                 "process.entity_id", "process.parent.pid", "process.parent.executable",
                 "process.parent.command_line", "process.user.id", "process.user.name",
                 "user.id", "user.name",
                 "host.name", "url.original", "url.path", "url.query",
                 "http.request.method", "http.response.status_code", "source.ip",
                 "user_agent.original", "destination.ip", "destination.port",
                 "file.path", "threat.technique.id", "rule.name", "rule.id", "tags"):
        check(name in seen, f"no sample gives {name}")
    done()


if not os.path.exists(FIELDS):
    check(False, f"no ECS field list at {FIELDS}")
    done()
main()
