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
from pathlib import Path
from typing import Any

from kiosk.books.export import Document, Period, iter_documents
from kiosk.errors import KioskError


class BrokenChain(KioskError):
    """The ledger's chain is broken over what is read (entries missing, or one that does not
    follow the one before it): its figures cannot be trusted."""

    exit_status = 1
    code = "broken_chain"

    def __init__(self, problem: str):
        super().__init__(f"the ledger's chain is broken over the period ({problem}): its figures "
                         "cannot be trusted; run `kiosk verify`, restore the days from the "
                         "backup, or add --trust-damaged to count what it still holds")

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

    `remembered`: the seq of the newest entry the ledger's writers remember (its head), taken
    before the documents are read: an entry after the period's last that the ledger should hold.
    """

    def __init__(self, remembered: int = 0) -> None:
        self.links: list[tuple[int, str, str]] = []
        self.remembered = remembered
        # A day set aside in damaged/ before (after) the period: the entries it held are missing
        # there, known and said (LEDGER DAMAGE, `kiosk verify`); the period's own days are whole.
        self.set_aside_before = self.set_aside_after = False

    def watch(self, documents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """`documents` unchanged, each one's seq, prev and hash noted on the way."""
        note = self.links.append
        for document in documents:
            note((document["seq"], document.get("prev", ""), document.get("hash", "")))
            yield document

    def proof(self, outside: Iterable[list[dict[str, Any]]] = (),
              damaged: Iterable[str] = (), lost_files: Iterable[str] = ()) -> ChainProof:
        """What the watched documents say of the chain (call once they have all gone by).

        The entries of the period must follow each other, the first must follow the entry
        before it and the last be followed by the next one the ledger holds. An entry filed in
        another day than the one it was written on (a void or a receipt filed in its visit's
        day) lies outside the period: `outside` gives the documents of the days around the
        period, nearest first, read only until every number looked for is found.
        `damaged`: days counted as stored with --trust-damaged (nothing there is verified);
        `lost_files`: what the period lost with no entry of its own to show it ("the day file
        2026-03-03.json is missing").
        """
        links = sorted(self.links)
        if links:
            links = self._filled(links, outside)
            for (seq, _, hash_), (next_seq, prev, _) in zip(links, links[1:], strict=False):
                if next_seq != seq + 1:
                    return self._broken(f"entries {seq + 1} to {next_seq - 1} are missing")
                if prev != hash_:
                    return self._broken(f"entry {next_seq} does not follow entry {seq} (its "
                                        "link to it does not match)")
        if lost := list(lost_files):
            return self._broken("; ".join(lost))
        if days := sorted(set(damaged)):
            return self._broken(f"not verified: the day{'s' if len(days) > 1 else ''} "
                                f"{' '.join(days)} {'are' if len(days) > 1 else 'is'} damaged "
                                "and counted as stored (--trust-damaged)")
        own = sorted(self.links)
        if not own:
            return ChainProof(True)
        return ChainProof(True, len(own), own[0][0], own[-1][0])

    def _filled(self, links: list[tuple[int, str, str]],
                outside: Iterable[list[dict[str, Any]]]) -> list[tuple[int, str, str]]:
        """`links` with the entries just before and after them, and any missing between them,
        found in the days around; where one is not found, the nearest that is (or a mark 0 for
        the start of the ledger), so that the gap shows."""
        first, last = links[0][0], links[-1][0]
        wanted = set(range(first, last + 1)) - {seq for seq, _, _ in links}
        wanted |= {first - 1} if first > 1 and not self.set_aside_before else set()
        wanted |= {last + 1} if last < self.remembered and not self.set_aside_after else set()
        below: tuple[int, str, str] | None = None
        above: tuple[int, str, str] | None = None
        for documents in outside if wanted else ():
            for document in documents:
                seq = document["seq"]
                link = (seq, document.get("prev", ""), document.get("hash", ""))
                if seq in wanted:
                    wanted.discard(seq)
                    links.append(link)
                elif seq < first and (below is None or seq > below[0]):
                    below = link
                elif seq > last and (above is None or seq < above[0]):
                    above = link
            if not wanted:
                break
        if first - 1 in wanted:  # the entry before the period is missing: from which one?
            links.append(below or (0, "", ""))
        if last + 1 in wanted:
            links.append(above or (self.remembered + 1, "", ""))
        return sorted(links)

    def _broken(self, problem: str) -> ChainProof:
        own = sorted(self.links)
        return ChainProof(False, len(own), own[0][0] if own else None,
                          own[-1][0] if own else None, problem)


def days_around(ledger: Any, period: Any) -> Iterator[list[dict[str, Any]]]:
    """The stored documents of the days outside `period`, nearest to it first (lazily).

    A damaged day outside the period gives nothing: the period's own figures do not rest on it,
    and the gap it leaves shows where the period's entries meet it.
    """
    from kiosk.ledger.reading import DamagedDay

    first, last = period.first.isoformat(), period.last.isoformat()
    days = ledger.days()
    after = [day for day in days if day > last]
    before = [day for day in reversed(days) if day < first]
    for index in range(max(len(after), len(before))):
        for side in (after, before):
            if index < len(side):
                try:
                    documents = ledger.day_documents(side[index])
                except DamagedDay:
                    documents = []
                yield documents


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


class PeriodReading:
    """The period's documents read once, lazily, and the proof of the chain they make."""

    def __init__(self, ledger_folder: Path, period: Period, trust_damaged: bool = False):
        self.folder, self.period, self.trust_damaged = Path(ledger_folder), period, trust_damaged
        self.ledger = None
        remembered = 0
        if self.folder.is_dir():
            from kiosk.ledger.book import Ledger

            self.ledger = Ledger(self.folder, read_only=True, trust_damaged=trust_damaged)
            # Taken before reading: an entry written meanwhile is not looked for after the
            # period (it may be in the period's last day, already read).
            remembered = (self.ledger.remembered_head() or (0, ""))[0]
        self.witness = ChainWitness(remembered)
        self._proof = None

    def documents(self) -> Iterator[Document]:
        """The documents of the period (`iter_documents`), watched on the way."""
        return self.witness.watch(iter_documents(self.folder, self.period, self.trust_damaged,
                                                 self.ledger))

    def proof(self) -> Any:
        """The chain's proof (a `kiosk.books.provenance.ChainProof`), once the documents are
        read."""
        if self._proof is None:
            if self.ledger is None:
                self._proof = self.witness.proof()
            else:
                first, last = self.period.first.isoformat(), self.period.last.isoformat()
                # The period's damaged days, not those around it read for the links.
                damaged = list(self.ledger.counted_damaged)
                set_aside = self.ledger.set_aside_days()
                self.witness.set_aside_before = any(day < first for day in set_aside)
                self.witness.set_aside_after = any(day > last for day in set_aside)
                lost = [f"the day file {name} is missing"
                        for name in self.ledger.lost_files(first, last)]
                lost = lost or self._empty_gap(first, last)
                self._proof = self.witness.proof(days_around(self.ledger, self.period), damaged,
                                                 lost)
        return self._proof

    def _empty_gap(self, first: str, last: str) -> list[str]:
        """A period with no entries: the last entry before it and the first after it must
        follow each other, or its day files were deleted ([what is missing], else [])."""
        if self.witness.links or not self.witness.remembered:
            return []
        days = self.ledger.days()
        before = [d for d in days if d < first][-1:]
        after = [d for d in days if d > last][:1]
        if self.witness.set_aside_before and before or self.witness.set_aside_after and after:
            return []
        seqs_after = [d["seq"] for day in after for d in self.ledger.day_documents(day)]
        above = min(seqs_after, default=self.witness.remembered + 1)
        below = max((d["seq"] for day in before for d in self.ledger.day_documents(day)
                     if d["seq"] < above), default=0)
        return [f"entries {below + 1} to {above - 1} are missing"] if above > below + 1 else []

    def box_before(self) -> Any:
        """What the cash box held when the period began: the cash counted at the last closing
        before it and its Z number; (0, None) when no closing comes before it; an `UnknownBox`
        naming the day when a hole comes first, going back (a day set aside as damaged, a day
        file missing, a damaged day): the closing it may hold is not known."""
        from kiosk.books.journals import UnknownBox
        from kiosk.ledger.reading import DamagedDay

        if self.ledger is None:
            return (0, None)
        first = self.period.first.isoformat()
        holes = {day: why for day, why in self._holes("", first).items() if day < first}
        days = {day for day in self.ledger.days() if day < first} | set(holes)
        for day in sorted(days, reverse=True):
            if day in holes:
                return UnknownBox(day, holes[day])
            try:
                closings = [d for d in self.ledger.day_documents(day) if d["kind"] == "closing"]
            except DamagedDay:
                return UnknownBox(day, "damaged")
            if closings:
                return closings[-1]["data"]["counted_cash"], closings[-1]["data"].get("z")
        return (0, None)

    def holes(self) -> dict[str, str]:
        """{day: why} of the period's days whose entries are missing (set aside as damaged, or
        the day file missing): counted without them, with --trust-damaged."""
        if self.ledger is None:
            return {}
        return self._holes(self.period.first.isoformat(), self.period.last.isoformat())

    def _holes(self, first: str, last: str) -> dict[str, str]:
        """{day: 'set_aside' or 'missing'} of the days from `first` to `last` whose entries the
        ledger lost."""
        found = {name.removesuffix(".json"): "missing"
                 for name in self.ledger.lost_files(first, last)}
        found.update((day, "set_aside") for day in self.ledger.set_aside_days()
                     if first <= day <= last)
        return found

    def refuse_broken(self) -> None:
        """`BrokenChain` (exit 1, one line) when the chain over the period is broken, unless
        damaged days are trusted; call once the documents are read."""
        proof = self.proof()
        if not proof.verified and not self.trust_damaged:
            raise BrokenChain(proof.problem)
