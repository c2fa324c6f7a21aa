"""An attacker with a stolen SD card: pair survey answers with the visits that gave them.

It reads every file of a data dir as bytes and JSON, with its sizes, times and inode numbers,
and knows nothing of the kiosk's code. From the ledger it takes the visits (seq, time, amount,
service) and any answer stored next to them; from the closings and the counts file, the counts
and the visits they could come from. Then it pairs answers with visits every way it can think of
(`strategies`) and says which pairs the files make certain (`certain_pairs`).
"""

import json
import os
import re
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

NONE = "-"  # "gave no answer to that question"


@dataclass
class Visit:
    seq: int
    ts: str
    service: tuple[str, int]
    amount: int
    covers: int


@dataclass
class Group:
    """Visits and the counts they gave between them: who gave which is what the attacker wants."""

    visits: list[int]
    counts: dict[str, dict[str, int]]  # as stored, in the order the file keeps


@dataclass
class Loot:
    visits: dict[int, Visit] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    answer_records: list[tuple[int, str, str, str]] = field(default_factory=list)  # seq, ts, q, a
    receipts: set[int] = field(default_factory=set)
    times: list[int] = field(default_factory=list)  # every file's mtime and ctime, ns
    files: dict[Path, bytes] = field(default_factory=dict)


def gather(data_dir: Path) -> Loot:
    """Everything the card holds."""
    loot = Loot()
    documents = []
    for path in sorted(Path(data_dir).rglob("*")):
        if path.is_file():
            stat = path.stat()
            loot.times += [stat.st_mtime_ns, stat.st_ctime_ns]
            loot.files[path] = path.read_bytes()
            if path.parent.name == "ledger" and path.suffix == ".json" and path.stem[0].isdigit():
                table = json.loads(loot.files[path])["_default"]
                documents += list(table.values())
    documents.sort(key=lambda d: d["seq"])
    pending: list[int] = []
    for d in documents:
        service = (d["day"], d["service"])
        if d["kind"] == "visit":
            loot.visits[d["seq"]] = Visit(d["seq"], d["ts"], service, d["data"]["amount"],
                                          d["data"]["covers"])
            pending.append(d["seq"])
        elif d["kind"] == "answer":
            loot.answer_records.append((d["seq"], d["ts"], d["data"]["question"],
                                        d["data"]["answer"]))
        elif d["kind"] == "receipt":
            loot.receipts.add(d["data"]["visit"])
        elif d["kind"] == "closing" and d["data"].get("answers"):
            loot.groups.append(Group(pending, d["data"]["answers"]))
            pending = []
    for path, raw in loot.files.items():
        if path.name == "counts.json":
            stored = json.loads(raw[:len(raw) // 2])["counts"]
            if stored:
                loot.groups.append(Group(pending, stored))
    # Answers stored one by one (an older kiosk): each service is a group of its own at least.
    by_service: dict[tuple[str, int], Group] = {}
    for seq, _, question, answer in loot.answer_records:
        service = _service_at(loot, seq)
        group = by_service.setdefault(service, Group(
            [v.seq for v in loot.visits.values() if v.service == service], {}))
        group.counts.setdefault(question, {}).setdefault(answer, 0)
        group.counts[question][answer] += 1
    loot.groups += list(by_service.values())
    return loot


def _service_at(loot: Loot, seq: int) -> tuple[str, int]:
    before = [v for v in loot.visits.values() if v.seq < seq]
    return max(before, key=lambda v: v.seq).service if before else ("", 0)


Guesses = dict[tuple[int, str], str]  # (visit seq, question) -> answer


def strategies(loot: Loot) -> dict[str, Guesses]:
    """Every pairing the attacker tries, by name."""
    found = {"next to the visit": _neighbours(loot), "closest in time": _closest(loot)}
    visit_orders = {
        "arrival": lambda v: v.seq,
        "last first": lambda v: -v.seq,
        "time": lambda v: v.ts,
        "amount": lambda v: (v.amount, v.seq),
        "amount, biggest first": lambda v: (-v.amount, v.seq),
        "amount per cover": lambda v: (v.amount / v.covers, v.seq),
        "nearest a file's time": lambda v: (_distance_to_files(loot, v), v.seq),
        "asked a receipt": lambda v: (v.seq not in loot.receipts, v.seq),
    }
    tap_orders = {
        "as stored": lambda counts: [a for a, n in counts.items() for _ in range(n)],
        "most given first": lambda counts: [a for a, n in sorted(counts.items(),
                                                                  key=lambda i: -i[1])
                                            for _ in range(n)],
        "alphabetical": lambda counts: [a for a in sorted(counts) for _ in range(counts[a])],
    }
    for (v_name, v_key), (t_name, t_order) in product(visit_orders.items(), tap_orders.items()):
        guesses: Guesses = {}
        for group in loot.groups:
            visits = sorted((loot.visits[s] for s in group.visits), key=v_key)
            for question, counts in group.counts.items():
                for visit, answer in zip(visits, t_order(counts), strict=False):
                    guesses[(visit.seq, question)] = answer
        found[f"visits by {v_name}, taps {t_name}"] = guesses
    return found


def _neighbours(loot: Loot) -> Guesses:
    """An answer belongs to the visit written just before it."""
    guesses: Guesses = {}
    for seq, _, question, answer in loot.answer_records:
        before = [s for s in loot.visits if s < seq]
        if before:
            guesses[(max(before), question)] = answer
    return guesses


def _closest(loot: Loot) -> Guesses:
    """An answer belongs to the visit whose time is the latest before the answer's."""
    guesses: Guesses = {}
    for _, ts, question, answer in loot.answer_records:
        before = [v for v in loot.visits.values() if v.ts <= ts]
        if before:
            guesses[(max(before, key=lambda v: v.ts).seq, question)] = answer
    return guesses


def _distance_to_files(loot: Loot, visit: Visit) -> float:
    from datetime import datetime

    moment = datetime.fromisoformat(visit.ts).timestamp() * 1e9
    after = [t - moment for t in loot.times if t >= moment]
    return min(after, default=float("inf"))


def certain_pairs(loot: Loot) -> list[tuple[int, str, str]]:
    """(visit, question, answer) that every reading of the files agrees on: a group whose
    visits all gave the same (or all gave nothing, counted as no pair)."""
    certain = []
    for group in loot.groups:
        for question, counts in group.counts.items():
            given = sum(counts.values())
            values = {a for a, n in counts.items() if n} | ({NONE} if given < len(group.visits)
                                                           else set())
            if len(values) == 1 and NONE not in values:
                certain += [(seq, question, next(iter(values))) for seq in group.visits]
    return certain


def accuracy(guesses: Guesses, truth: dict[int, dict[str, str]]) -> float:
    """The share of the answers really given that `guesses` put on the right visit."""
    given = [(seq, q, a) for seq, answers in truth.items() for q, a in answers.items()]
    return sum(guesses.get((seq, q)) == a for seq, q, a in given) / len(given)


def random_pairings(loot: Loot, truth: dict[int, dict[str, str]], draws: int,
                    seed: int = 0) -> list[float]:
    """The accuracy of `draws` pairings made at random within the groups the files show."""
    import random

    rng = random.Random(seed)
    results = []
    for _ in range(draws):
        guesses: Guesses = {}
        for group in loot.groups:
            for question, counts in group.counts.items():
                taps = [a for a, n in counts.items() for _ in range(n)]
                taps += [NONE] * (len(group.visits) - len(taps))
                rng.shuffle(taps)
                for seq, answer in zip(group.visits, taps, strict=False):
                    guesses[(seq, question)] = answer
        results.append(accuracy(guesses, truth))
    return results


def where_questions_appear(loot: Loot, question_ids: set[str],
                           summaries: set[Path]) -> list[Path]:
    """Files naming a survey question outside the counts kept for it (the closings' counts, the
    counts file, and the per-day `summaries`): where an answer could sit next to a visit."""
    suspicious = []
    for path, raw in loot.files.items():
        if path.name == "counts.json" or path in summaries:
            continue
        text = raw.decode("utf-8", "replace")
        if path.parent.name == "ledger" and path.suffix == ".json" and path.stem[0].isdigit():
            table = json.loads(text)["_default"]
            text = json.dumps([d if d["kind"] != "closing" else
                               {**d, "data": {**d["data"], "answers": None}}
                               for d in table.values()])
        if any(re.search(rf"\b{re.escape(question)}(\b|_)", text) for question in question_ids):
            suspicious.append(path)
    return suspicious


def everything_readable(data_dir: Path) -> int:
    """How many files the attacker read (a check that the card was not empty)."""
    return sum(1 for _, _, files in os.walk(data_dir) for _ in files)
