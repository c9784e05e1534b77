#!/usr/bin/env python3
"""Exports the CloudFormation provider schemas that the pinned cfn-lint ships.

The template test kit validates each resource's Properties against these schemas. They
come from the cfn-lint installation the lint gate already requires (version pinned in
ci/cfn-lint/VERSION), so the build needs no network: the export is skipped when OUTDIR
already holds the same cfn-lint version.

Usage: export-schemas.py OUTDIR
Writes OUTDIR/<Service>/<Type>.json (e.g. AWS/KMS/Key.json, the schema as cfn-lint uses it
for us-east-1), OUTDIR/types-<region>.txt for us-east-1 and us-west-2 (the resource types
available there) and OUTDIR/VERSION.
"""
import json
import os
import sys

REGIONS = ("us-east-1", "us-west-2")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "VERSION"), encoding="utf-8") as f:
        want = f.read().strip()
    try:
        import cfnlint.version
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as manager
    except ImportError:
        print(f"cfn-lint {want} is not importable by {sys.executable}: install cfn-lint=={want}",
              file=sys.stderr)
        return 2
    have = cfnlint.version.__version__
    if have != want:
        print(f"cfn-lint {have} found, {want} required (ci/cfn-lint/VERSION)", file=sys.stderr)
        return 2
    marker = os.path.join(out, "VERSION")
    if os.path.exists(marker):
        with open(marker, encoding="utf-8") as f:
            if f.read().strip() == have:
                print(f"provider schemas of cfn-lint {have} already exported to {out}")
                return 0
    count = 0
    for region in REGIONS:
        types = sorted(manager.get_resource_types(region))
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, f"types-{region}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(types) + "\n")
        if region != REGIONS[0]:
            continue
        for type_name in types:
            schema = manager.get_resource_schema(region, type_name).schema
            path = os.path.join(out, *type_name.split("::")) + ".json"
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                json.dump(schema, f, separators=(",", ":"), sort_keys=True)
            count += 1
    with open(marker, "w", encoding="utf-8") as f:
        f.write(have + "\n")
    print(f"exported {count} provider schemas of cfn-lint {have} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
