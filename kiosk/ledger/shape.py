"""What a stored entry must look like, and the hash that proves it was not changed.

A day file is valid only if every document in it has the shape the ledger writes and its hash
matches. The payload's shape is read from the entry kinds themselves (`entries.KINDS`: each kind's
dataclass fields and their annotations), so a kind added there is accepted here with no list to
keep in step. A file that fails is not read as fewer entries: it is damaged, set aside by a writer
and refused by a reader.
"""

import hashlib
import json
import re
import types
import typing
from dataclasses import MISSING, fields
from datetime import date, datetime
from functools import cache
from typing import Any

from kiosk.errors import KioskError
from kiosk.ledger.entries import KINDS, value_from

HEX64 = re.compile(r"[0-9a-f]{64}")
# Every key the ledger writes in a document, and its type; the last two only when they apply.
DOCUMENT_KEYS = {"seq": int, "ts": str, "kind": str, "service": int, "day": str, "data": dict,
                 "prev": str, "hash": str}
OPTIONAL_KEYS = {"clock_behind": bool, "request": str}
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
if json.encoder.c_make_encoder is not None:
    # The same encoding, made once: JSONEncoder.encode builds its C encoder again on every call,
    # which is a third of the cost of checking a year of entries.
    _C_ENCODE = json.encoder.c_make_encoder(None, None, json.encoder.encode_basestring, None,
                                            ":", ",", True, False, True)

    def _ENCODE(document: dict[str, Any]) -> str:  # noqa: N802  (a drop-in for the above)
        return "".join(_C_ENCODE(document, 0))


def canonical(document: dict[str, Any]) -> bytes:
    """The bytes an entry's hash is computed over: sorted keys, no spaces, UTF-8."""
    return _ENCODE(document).encode()


def entry_hash(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything in the document but its hash."""
    return hashlib.sha256(canonical({k: v for k, v in document.items() if k != "hash"})).hexdigest()


def hash_matches(document: dict[str, Any]) -> bool:
    """Whether the document's stored hash is the hash of the rest of it (the document itself is
    left as it is, its keys' order included: that order is what a reader checks in place)."""
    return document.get("hash") == entry_hash(document)


@cache
def payload_fields(kind: str) -> tuple[dict[str, Any], frozenset[str]]:
    """{field: annotation} of a kind's payload, and the fields it cannot do without."""
    cls = KINDS[kind]
    hints = typing.get_type_hints(cls)
    required = frozenset(f.name for f in fields(cls)
                         if f.default is MISSING and f.default_factory is MISSING)
    return {f.name: hints.get(f.name, Any) for f in fields(cls)}, required


@cache
def _plain_types(kind: str) -> dict[str, type] | None:
    """{field: type} when every field of the kind is a plain int, str or bool (the common case,
    checked without walking annotations), else None."""
    hints, _ = payload_fields(kind)
    plain = {name: hint for name, hint in hints.items() if hint in (int, str, bool)}
    return plain if len(plain) == len(hints) else None


def fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value has the type an annotation asks for (bool is not an int here)."""
    if hint is Any or hint is object:
        return True
    if hint is None or hint is type(None):
        return value is None
    if hint is bool:
        return type(value) is bool
    if hint is int:
        return type(value) is int
    if hint is float:
        return type(value) in (int, float)
    if hint is str:
        return isinstance(value, str)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(fits(value, arg) for arg in args)
    if origin is typing.Literal:
        return value in args
    if origin is dict or hint is dict:
        return isinstance(value, dict) and (not args or all(
            fits(k, args[0]) and fits(v, args[1]) for k, v in value.items()))
    if origin in (list, tuple) or hint in (list, tuple):
        return isinstance(value, list) and (not args or all(fits(v, args[0]) for v in value))
    return True  # an annotation this check does not know: the kind's own checks decide


def payload_problem(kind: str, data: dict[str, Any]) -> str:
    """Why `data` is not a payload of `kind` as the ledger writes it ('' when it is)."""
    hints, required = payload_fields(kind)
    plain = _plain_types(kind)
    if plain is not None and data.keys() == plain.keys() and all(
            type(value) is plain[name] for name, value in data.items()):
        return ""  # every field present with its exact type: nothing more to look at
    if unknown := sorted(set(data) - set(hints)):
        return f"its {kind} has an unknown field {unknown[0]!r}"
    if missing := sorted(required - set(data)):
        return f"its {kind} has no {missing[0]!r}"
    for name, value in data.items():
        if not fits(value, hints[name]):
            return f"its {kind}'s {name!r} is {type(value).__name__} {value!r:.40}"
    return ""


_WRITTEN_KEYS = frozenset(DOCUMENT_KEYS)


def document_problem(document: Any, day: str, values: bool = True,
                     hashed: bool = False) -> str:
    """Why one stored document is not an intact entry of `day`'s file ('' when it is).

    `values`: also build the entry's value, as its kind checks it (what a writer reads must be
    appendable to); a reader of raw figures needs the shape and the hash only. `hashed`: its
    stored bytes already proved its hash (`kiosk.ledger.rawday`).
    """
    if not isinstance(document, dict):
        return "holds something that is not an entry"
    if not _well_typed(document):
        return _type_problem(document)
    if (document["seq"] < 1 or document["service"] < 1 or document["kind"] not in KINDS
            or document["day"] != day or not (hashed or hash_matches(document))):
        return _place_problem(document, day)
    kind = document["kind"]
    if problem := payload_problem(kind, document["data"]):
        return f"entry {document['seq']}: {problem}"
    if values:
        try:
            value_from(kind, document["data"])
        except (KioskError, TypeError, ValueError, AttributeError) as error:
            return f"entry {document['seq']} is not a valid {kind} ({error})"
    return _time_problem(document["ts"], f"entry {document['seq']}")


def _place_problem(document: dict[str, Any], day: str) -> str:
    """Which of number, kind, day or hash is wrong (the slow look, once the quick one failed)."""
    where = f"entry {document['seq']}"
    if document["seq"] < 1 or document["service"] < 1:
        return f"{where} has a number below 1"
    if document["kind"] not in KINDS:
        return f"{where} is of an unknown kind {document['kind']!r:.40}"
    if document["day"] != day:
        return f"{where} belongs to {str(document['day'])[:40]}, not this file"
    if not (HEX64.fullmatch(document["prev"]) and HEX64.fullmatch(document["hash"])):
        return f"{where} has a hash that is not one"
    return f"{where} was changed after it was written (its hash does not match)"


def _well_typed(document: dict[str, Any]) -> bool:
    """The quick look: the keys the ledger writes, each of its type."""
    keys = document.keys()
    if keys != _WRITTEN_KEYS and not (keys >= _WRITTEN_KEYS and all(
            key in OPTIONAL_KEYS and type(document[key]) is OPTIONAL_KEYS[key]
            for key in keys - _WRITTEN_KEYS)):
        return False
    return (type(document["seq"]) is int and type(document["service"]) is int
            and type(document["ts"]) is str and type(document["kind"]) is str
            and type(document["day"]) is str and type(document["data"]) is dict
            and type(document["prev"]) is str and type(document["hash"]) is str)


def _type_problem(document: dict[str, Any]) -> str:
    """Which key is missing, unknown or of the wrong type (the slow look, once it failed)."""
    seq = document.get("seq")
    where = f"entry {seq}" if type(seq) is int else "an entry"
    for key, wanted in DOCUMENT_KEYS.items():
        if key not in document:
            return f"{where} has no {key!r}"
        if not fits(document[key], wanted):
            return f"{where}'s {key!r} is {type(document[key]).__name__}"
    if unknown := sorted(set(document) - set(DOCUMENT_KEYS) - set(OPTIONAL_KEYS)):
        return f"{where} has an unknown field {unknown[0]!r}"
    for key, wanted in OPTIONAL_KEYS.items():
        if key in document and not fits(document[key], wanted):
            return f"{where}'s {key!r} is {type(document[key]).__name__}"
    return f"{where} is not shaped as the ledger writes"


def _time_problem(ts: str, where: str) -> str:
    try:
        moment = datetime.fromisoformat(ts)
    except ValueError:
        return f"{where} has a time that is not one"
    return "" if moment.tzinfo is not None else f"{where} has a time without an offset"


def day_name_problem(name: str) -> str:
    """Why a file called `name` (YYYY-MM-DD.json) cannot be a day ('' when it can)."""
    try:
        date.fromisoformat(name.removesuffix(".json"))
    except ValueError:
        return "is named after a day that does not exist"
    return ""


def day_problem(tables: dict[str, Any], day: str,
                known: dict[int, dict[str, Any]] | None = None, numbered: bool = True,
                values: bool = True, vouched: set[int] | frozenset[int] = frozenset()) -> str:
    """Why the tables of a day file are not the ledger's ('' when every entry is intact).

    `known`: {seq: document} found intact before; a document equal to its known self is not
    checked again (another process rewrote the file with one more entry: only that one is new).
    `numbered`: the file's documents must be numbered 1 to n, as TinyDB numbers what the ledger
    appends; a flipped bit that turns "1" into "2" makes JSON keep one of two entries in silence.
    (`verify` says which entry is missing instead.) `vouched`: the id() of the documents whose
    stored bytes proved their hash. `values=False`, for a reader of raw figures (export): such a
    document is taken as the kiosk wrote it, and the figures refuse what they cannot add up.
    """
    if set(tables) != {"_default"}:
        return "does not hold ledger entries"
    seqs = set()
    known = known or {}
    for key, document in tables["_default"].items():
        if not key.isdigit():
            return "does not hold ledger entries"
        if (not values and id(document) in vouched and type(document) is dict
                and type(seq := document.get("seq")) is int and document.get("day") == day
                and document.get("kind") in KINDS):
            pass  # a reader of raw figures: its stored bytes proved its hash, that is enough
        else:
            seq = document.get("seq") if isinstance(document, dict) else None
            if known.get(seq) != document and (problem := document_problem(
                    document, day, values, id(document) in vouched)):
                return problem
        if seq in seqs:
            return f"entry {seq} is stored twice"
        seqs.add(seq)
    table = tables["_default"]
    if numbered and not all(str(number) in table for number in range(1, len(table) + 1)):
        return "has an entry missing (its entries' numbers skip one)"
    return ""


def chain_problem(documents: list[dict[str, Any]]) -> str:
    """Why a day's entries (in seq order) do not chain where they follow each other ('' if they
    do). A day's entries need not be consecutive: a void is filed in its visit's day."""
    for before, after in zip(documents, documents[1:], strict=False):
        if after["seq"] == before["seq"] + 1 and after["prev"] != before["hash"]:
            return f"entry {after['seq']} does not follow entry {before['seq']} (chain broken)"
    return ""
