"""Who an export speaks for and what it rests on: the association, the export's date, and the
check of the ledger's chain over the exported period.

Each day the export reads is checked as it is read (`kiosk.books.export.iter_documents`: every
entry's hash, and the chain inside the day). `ChainWitness` adds what links the days: watching the
entries go by, it checks that their numbers follow each other with no gap and that each entry
names the hash of the one before it. The link into the period's first entry rests on the day
before the period, which is not read: `kiosk verify` checks the whole ledger.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ChainProof:
    """The result of checking the chain over the exported entries."""

    verified: bool
    entries: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    problem: str = ""

    def sentence(self) -> str:
        """One line for a file's head: 'ledger chain verified over the period: 240 entries
        (1 to 240)', or 'LEDGER CHAIN BROKEN ...'."""
        if not self.verified:
            return f"LEDGER CHAIN BROKEN over the period: {self.problem}"
        if not self.entries:
            return "ledger chain verified over the period: no entries"
        return (f"ledger chain verified over the period: {self.entries} entries "
                f"({self.first_seq} to {self.last_seq})")

    def as_json(self) -> dict[str, Any]:
        """The proof as the JSON export states it."""
        return {"verified": self.verified, "entries": self.entries,
                "first_seq": self.first_seq, "last_seq": self.last_seq,
                "problem": self.problem or None}


class ChainWitness:
    """Watches stored documents go by and checks the links between them (cheaply: a tuple each).

    `trusted_damaged`: damaged days were counted as stored (`--trust-damaged`), so the period
    cannot be said verified whatever the links say.
    """

    def __init__(self, trusted_damaged: bool = False) -> None:
        self.links: list[tuple[int, str, str]] = []
        self.trusted_damaged = trusted_damaged

    def watch(self, documents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """`documents` unchanged, each one's seq, prev and hash noted on the way."""
        note = self.links.append
        for document in documents:
            note((document["seq"], document.get("prev", ""), document.get("hash", "")))
            yield document

    def proof(self, outside: Iterable[list[dict[str, Any]]] = ()) -> ChainProof:
        """What the watched documents say of the chain (call once they have all gone by).

        An entry filed in another day than the one it was written on (a void or a receipt
        filed in its visit's day, the next morning) leaves a gap in the period's numbers:
        `outside` gives the documents of the days around the period, nearest first, read only
        until every missing number is found.
        """
        links = sorted(self.links)
        if not links:
            return ChainProof(not self.trusted_damaged, problem=self._damaged())
        links = self._filled(links, outside)
        for (seq, _, hash_), (next_seq, prev, _) in zip(links, links[1:], strict=False):
            if next_seq != seq + 1:
                return self._broken(links, f"entries {seq + 1} to {next_seq - 1} are missing")
            if prev != hash_:
                return self._broken(links, f"entry {next_seq} does not follow entry {seq} "
                                           "(its link to it does not match)")
        if self.trusted_damaged:
            return self._broken(links, self._damaged())
        return ChainProof(True, len(self.links), links[0][0], links[-1][0])

    @staticmethod
    def _filled(links: list[tuple[int, str, str]],
                outside: Iterable[list[dict[str, Any]]]) -> list[tuple[int, str, str]]:
        have = {seq for seq, _, _ in links}
        missing = set(range(links[0][0], links[-1][0] + 1)) - have
        if not missing:
            return links
        for documents in outside:
            for document in documents:
                if document["seq"] in missing:
                    missing.discard(document["seq"])
                    links.append((document["seq"], document.get("prev", ""),
                                  document.get("hash", "")))
            if not missing:
                break
        return sorted(links)

    def _damaged(self) -> str:
        # --trust-damaged skips the checks of each day: nothing can be said verified.
        return ("not verified: read with --trust-damaged, damaged days counted as stored"
                if self.trusted_damaged else "")

    @staticmethod
    def _broken(links: list[tuple[int, str, str]], problem: str) -> ChainProof:
        return ChainProof(False, len(links), links[0][0], links[-1][0], problem)


def days_around(ledger: Any, period: Any) -> Iterator[list[dict[str, Any]]]:
    """The stored documents of the days outside `period`, nearest to it first (lazily)."""
    first, last = period.first.isoformat(), period.last.isoformat()
    days = ledger.days()
    after = [day for day in days if day > last]
    before = [day for day in reversed(days) if day < first]
    for index in range(max(len(after), len(before))):
        for side in (after, before):
            if index < len(side):
                yield ledger.day_documents(side[index])


@dataclass(frozen=True)
class Provenance:
    """The lines that head an export: the association, when it was made, the chain's proof."""

    name: str = ""
    legal_name: str = ""
    rna: str = ""
    siren: str = ""
    address: str = ""
    made_at: str = ""  # ISO date and time of the export
    proof: ChainProof | None = None
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def identity(self) -> list[tuple[str, str]]:
        """(key, value) for each part of the association's identity that is configured."""
        parts = (("cantine", self.name), ("legal_name", self.legal_name), ("rna", self.rna),
                 ("siren", self.siren), ("address", self.address))
        return [(key, value) for key, value in parts if value]

    def as_json(self) -> dict[str, Any]:
        """The identity, date and proof as the JSON export states them (stable English keys)."""
        return {
            "association": {key: value or None for key, value in (
                ("legal_name", self.legal_name), ("rna", self.rna), ("siren", self.siren),
                ("address", self.address))},
            "exported_at": self.made_at or None,
            "ledger_chain": self.proof.as_json() if self.proof else None,
        }


def provenance_of(cantine: Any, proof: ChainProof | None, now: datetime | None = None
                  ) -> Provenance:
    """The provenance of an export for a cantine's settings (`CantineSettings`)."""
    made = (now or datetime.now().astimezone()).replace(microsecond=0).isoformat()
    return Provenance(cantine.name, cantine.legal_name, cantine.rna, cantine.siren,
                      cantine.address, made, proof)
