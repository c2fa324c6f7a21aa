"""`kiosk verify`: walk every day file and the hash chain; name what is wrong.

It reads without stopping the writers; when it finds a problem it reads again under the shared
lock, so an append landing between two files is never taken for a missing entry.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.ledger.book import GENESIS, Ledger
from kiosk.ledger.shape import day_name_problem, day_problem, entry_hash
from kiosk.ledger.storage import AtomicJSONStorage, UnreadableLedgerFile


@dataclass
class Verdict:
    """What verify found: the first problem (or none), how much it read, and warnings."""

    problem: str = ""
    entries: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file reads and every entry chains to the one before it."""
        return not self.problem


def verify(ledger: Ledger) -> Verdict:
    """Check every ledger file and the chain across them; name the damaged files set aside, or
    else the first problem."""
    verdict = walk(ledger)
    if verdict.ok:
        return verdict
    with ledger.shared():  # a writer may have moved on between two files: look again, still
        return walk(ledger)


def walk(ledger: Ledger) -> Verdict:
    """One reading of the whole ledger."""
    verdict = Verdict()
    damaged = ledger.damaged_files()
    if damaged:
        names = ", ".join(str(path) for path in damaged)
        verdict.problem = (f"{len(damaged)} day file{'s were' if len(damaged) > 1 else ' was'} "
                           f"found damaged and set aside: {names}: entries are missing; restore "
                           "the days from the backup")
        return verdict
    documents = []
    for day in ledger.days():
        path = ledger.folder / f"{day}.json"
        verdict.files += 1
        try:
            found = stored_order(path)
        except UnreadableLedgerFile as problem:
            verdict.problem = str(problem)
            return verdict
        verdict.problem = out_of_order(path, found)
        if verdict.problem:
            return verdict
        documents.extend((path, d) for d in found)
    documents.sort(key=lambda pair: pair[1]["seq"])
    previous_hash, expected_seq = GENESIS, 1
    for path, document in documents:
        verdict.problem = broken_link(path, document, previous_hash, expected_seq)
        if verdict.problem:
            return verdict
        if document.get("clock_behind"):
            verdict.warnings.append(f"{path}: entry {document['seq']} was written while the clock "
                                    f"was behind ({document['ts']})")
        previous_hash, expected_seq = document["hash"], expected_seq + 1
        verdict.entries += 1
    verdict.problem = missing_tail(ledger, documents)
    return verdict


def stored_order(path: Path) -> list[dict[str, Any]]:
    """The documents of a day file in the order they are stored (by TinyDB document id);
    UnreadableLedgerFile when the file or one of its entries is damaged (shape or hash)."""
    if problem := day_name_problem(path.name):
        raise UnreadableLedgerFile(path, problem)
    tables = AtomicJSONStorage(path).read() or {}
    if set(tables) != {"_default"} or not all(key.isdigit() for key in tables["_default"]):
        raise UnreadableLedgerFile(path, "does not hold ledger entries")
    table = tables["_default"]
    documents = [table[key] for key in sorted(table, key=int)]
    seqs = [d.get("seq") for d in documents]
    if not all(type(seq) is int for seq in seqs):
        raise UnreadableLedgerFile(path, "holds an entry with no number (seq): it was not "
                                         "written by the kiosk")
    if problem := day_problem(tables, path.name.removesuffix(".json"), numbered=False):
        raise UnreadableLedgerFile(path, problem)
    return documents


def out_of_order(path: Path, documents: list[dict[str, Any]]) -> str:
    """A problem if entries of a file are not stored in the order they were appended."""
    seqs = [d["seq"] for d in documents]
    for before, after in zip(seqs, seqs[1:], strict=False):
        if after <= before:
            return f"{path}: entry {after} is stored after entry {before} (entries reordered)"
    return ""


def broken_link(path: Path, document: dict[str, Any], previous_hash: str, expected_seq: int) -> str:
    """A problem if `document` is not the intact entry `expected_seq` following `previous_hash`."""
    where = f"{path}: entry {document['seq']}"
    if document.get("hash") != entry_hash(document):
        return f"{where} was changed after it was written (its hash does not match)"
    if document["seq"] != expected_seq:
        if document["seq"] > expected_seq:
            missing = (f"entry {expected_seq} is" if document["seq"] == expected_seq + 1
                       else f"entries {expected_seq} to {document['seq'] - 1} are")
            return f"{where}: {missing} missing"
        return f"{where} appears twice"
    if document.get("prev") != previous_hash:
        return f"{where} does not follow entry {expected_seq - 1} (chain broken)"
    if path.stem != document.get("day"):
        return f"{where} belongs to {document.get('day')}, not this file"
    return ""


def missing_tail(ledger: Ledger, documents: list[tuple[Path, dict[str, Any]]]) -> str:
    """A problem if the witnesses remember an entry the files no longer hold, or a different one.

    The chain alone cannot tell that its last entries were deleted; the head's record and the
    index, written by the writers, still name the last one.
    """
    remembered = ledger.remembered_head()
    if remembered is None:
        return ""
    seq, digest = remembered
    if not documents or documents[-1][1]["seq"] < seq:
        last = documents[-1][1]["seq"] if documents else 0
        where = documents[-1][0] if documents else ledger.folder
        return (f"{where}: the ledger ends at entry {last} but entry {seq} was written: "
                f"entries {last + 1} to {seq} are missing")
    path, document = documents[seq - 1]
    if document["hash"] != digest:
        return f"{path}: entry {seq} is not the one that was written (it was replaced)"
    return ""
