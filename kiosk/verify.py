"""`kiosk verify`: walk every day file and the hash chain; name the first thing that is wrong."""

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.ledger import GENESIS, Ledger, entry_hash
from kiosk.storage import UnreadableLedgerFile


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
            found = ledger.day_documents(day)
        except UnreadableLedgerFile as problem:
            verdict.problem = str(problem)
            return verdict
        except (KeyError, TypeError, AttributeError):
            verdict.problem = f"{path} does not hold ledger entries"
            return verdict
        if not found:
            verdict.problem = f"{path} holds no entry (emptied?)"
            return verdict
        documents.extend((path, d) for d in found)
    documents.sort(key=lambda pair: pair[1].get("seq", 0))
    previous_hash, expected_seq = GENESIS, 1
    for path, document in documents:
        where = f"{path}: entry {document.get('seq')}"
        if document.get("hash") != entry_hash(document):
            verdict.problem = f"{where} was changed after it was written (its hash does not match)"
            return verdict
        if document["seq"] != expected_seq:
            verdict.problem = (f"{where}: entries {expected_seq} to {document['seq'] - 1} are missing"
                               if document["seq"] > expected_seq else f"{where} appears twice")
            return verdict
        if document.get("prev") != previous_hash:
            verdict.problem = f"{where} does not follow entry {expected_seq - 1} (chain broken)"
            return verdict
        if Path(path).stem != document.get("day"):
            verdict.problem = f"{where} belongs to {document.get('day')}, not this file"
            return verdict
        if document.get("clock_behind"):
            verdict.warnings.append(f"{where} was written while the clock was behind ({document['ts']})")
        previous_hash, expected_seq = document["hash"], expected_seq + 1
        verdict.entries += 1
    return verdict
