"""
Compile x509-limbo's testcases to one limbo.json on stdout, without the network.

Usage (see test/rolesanywhere/vectors/README.md):
    python3 scripts/limbo-compile.py /path/to/x509-limbo-checkout > limbo.json

Equivalent to x509-limbo's `limbo compile` (limbo/_cli.py `_compile`) minus the two families
generated from downloaded assets (`bettertls`, `online`: server-TLS cases, and their assets are
not in every snapshot). Needs `cryptography` and `pydantic` only. limbo pins cryptography ~= 46;
on 48 the deliberately malformed RSA key stubs of limbo/testcases/invalid.py trip a new abstract
`__deepcopy__`, so their abstract-method sets are cleared (they are never copied).
"""

import sys

sys.path.insert(0, sys.argv[1])

from limbo import testcases  # noqa: E402
from limbo.models import Limbo  # noqa: E402
from limbo.testcases import invalid  # noqa: E402

for cls in (invalid.MalformedRSAPrivateKey, invalid.MalformedRSAPublicKey):
    cls.__abstractmethods__ = frozenset()

cases = []
for name, build in testcases.registry.items():
    try:
        cases.append(build())
    except Exception as e:  # report, never drop silently
        print(f"FAILED {name}: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)

print(Limbo(version=1, testcases=cases).model_dump_json(indent=2))
