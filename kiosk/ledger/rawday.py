"""Reading a day file with each entry's own bytes, so its hash is checked without encoding it
again.

The ledger writes every entry with its keys in canonical order (sorted, compact, UTF-8): the
bytes stored for an entry, less its `"hash":"…"` field, are then exactly the bytes its hash was
computed over. Checking a year of entries costs a SHA-256 each instead of a JSON encoding each.
An entry whose bytes do not match (written by an older kiosk in another key order, or damaged)
is simply not vouched for here: the full check encodes it again and decides.
"""

import hashlib
import json
import re
from typing import Any

PREFIX = b'{"_default":{'
HASH_FIELD = b',"hash":"'
# Between two entries: the first one's last field (its time, a string) ends, then the next one's
# TinyDB number and object begin. Inside an entry the same bytes cannot stand (numbered keys there
# hold numbers), and a surprise would only vouch for less. The leading `"},"` lets the regular
# expression engine skip ahead quickly.
BETWEEN = re.compile(rb'"\},"([0-9]+)":\{"')
FIRST = re.compile(rb'"([0-9]+)":\{"')


def in_canonical_order(value: Any) -> Any:
    """`value` with every dict's keys in sorted order, as the hash's canonical JSON has them."""
    if isinstance(value, dict):
        return {key: in_canonical_order(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [in_canonical_order(item) for item in value]
    return value


def parse_vouching(raw: bytes) -> tuple[Any, set[int]]:
    """The file's JSON (as `json.loads` reads it), and the `id()` of every entry whose stored
    bytes hash to its stored hash."""
    data = json.loads(raw)  # bytes that are not UTF-8 raise a ValueError: "does not parse"
    try:
        return data, _vouched(raw, data)
    except (AttributeError, TypeError, KeyError):
        return data, set()  # not the common shape: the full check decides


def _vouched(raw: bytes, data: dict[str, Any]) -> set[int]:
    """The entries of `{"_default":{"1":{…},"2":{…}}}` found in place, in the order json read
    them; any surprise (another shape, a count that differs) vouches for none.

    An entry's stored bytes run from its "{" to the next separator; less their hash field
    (`,"hash":"` and 64 hex digits and a quote, 74 bytes), they must hash to the hash json read
    for that entry. Paired by position, a wrong pairing could only match by a SHA-256 collision.
    """
    table = data["_default"]
    if not raw.startswith(PREFIX) or not isinstance(table, dict):
        return set()
    first = FIRST.match(raw, len(PREFIX))
    if first is None:
        return set()
    between = list(BETWEEN.finditer(raw, first.end()))
    if len(between) + 1 != len(table):
        return set()
    begins = [first.end() - 2, *(m.end() - 2 for m in between)]
    ends = [*(m.start() + 2 for m in between), len(raw.rstrip()) - 2]
    vouched = set()
    sha256, field, stored = hashlib.sha256, HASH_FIELD, memoryview(raw)  # no copy per entry
    for begin, end, document in zip(begins, ends, table.values(), strict=True):
        cut = raw.rfind(field, begin, end)
        hashed = sha256(stored[begin:cut])
        hashed.update(stored[cut + 74:end])
        if cut >= 0 and hashed.hexdigest() == document.get("hash"):
            vouched.add(id(document))
    return vouched
