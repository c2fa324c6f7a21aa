"""`kiosk verify`: walk every day file and the hash chain; name the first thing that is wrong."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.ledger.book import GENESIS, Ledger, entry_hash
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
    """Check every ledger file and the chain across them; stop at the first problem."""
    verdict = Verdict()
    for damaged in ledger.damaged_files():
        verdict.problem = f"{damaged} was found unreadable and set aside: entries are missing"
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
    documents.sort(key=lambda pair: pair[1].get("seq", 0))
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
    """The documents of a day file in the order they are stored (by TinyDB document id)."""
    tables = AtomicJSONStorage(path).read() or {}
    if set(tables) != {"_default"}:
        raise UnreadableLedgerFile(path, "does not hold ledger entries")
    table = tables["_default"]
    try:
        return [table[key] for key in sorted(table, key=int)]
    except ValueError:
        raise UnreadableLedgerFile(path, "does not hold ledger entries") from None


def out_of_order(path: Path, documents: list[dict[str, Any]]) -> str:
    """A problem if entries of a file are not stored in the order they were appended."""
    seqs = [d.get("seq") for d in documents]
    if not all(isinstance(seq, int) for seq in seqs):
        return f"{path}: an entry has no number (seq): it was not written by the kiosk"
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
    """A problem if the index remembers an entry the files no longer hold, or a different one.

    The chain alone cannot tell that its last entries were deleted; the index, written after
    every append, still names the last one.
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
