"""The Z report of a closing: plain text rows, written under `exports/` and handed to the printer.

`ZReport` has the shape of the printer's own value (a title, (label, value) rows, free lines):
`for_printer` maps it across, so the printer's layout never needs to know about closings.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.ledger.entries import Closing, Entry
from kiosk.ledger.storage import write_atomically

EXPORTS = "exports"


@dataclass(frozen=True)
class ZReport:
    """A closing as words: a title, (label, value) rows (empty value: a heading), free lines."""

    title: str
    rows: tuple[tuple[str, str], ...]
    lines: tuple[str, ...] = ()
    file_name: str = "Z.txt"
    header: tuple[str, ...] = ()  # who issues it: the association's name, address, numbers

    def text(self, width: int = 42) -> str:
        """The report as plain text, values aligned right at `width` columns."""
        out = [self.title, *self.header, "=" * min(width, max(len(self.title), 1))]
        for label, value in self.rows:
            if value:
                out.append(f"{label}{' ' * max(1, width - len(label) - len(value))}{value}")
            else:
                out.append(label)
        out += list(self.lines)
        return "\n".join(out) + "\n"


def signed(cents: int, money: Callable[[int], str]) -> str:
    """A difference with its sign always shown: +2,00 €, -0,50 €, 0,00 €."""
    return ("+" if cents > 0 else "") + money(cents)


def z_report(entry: Entry, cantine_name: str, money: Callable[[int], str],
             words: Callable[..., str] | None = None, header: tuple[str, ...] = (),
             duplicate: bool = False) -> ZReport:
    """The Z report of the closing `entry` (its value is a `Closing`), labelled by `words`.

    `words` is a `kiosk.settings.i18n.Words` (or any `words(key, **values)`); French when not given.
    `header` names who issues it (`CantineSettings.identity()`); a `duplicate` (a reprint) says so
    on its first line.
    """
    if words is None:
        from kiosk.settings.i18n import words_for

        words = words_for("fr")
    closing: Closing = entry.value
    totals = closing.totals
    rows = [(words("zreport.duplicate"), "")] if duplicate else []
    rows += [(words(f"zreport.{key}") if key else "", value) for key, value in (
        ("z", str(closing.z)),
        ("day", entry.day),
        ("service", str(entry.service)),
        # The date too when the closing came after midnight: "07:15" alone reads as that day's.
        ("closed_at", entry.ts[11:16] if entry.ts[:10] == entry.day
         else f"{entry.ts[:10]} {entry.ts[11:16]}"),
        ("", ""),
        ("visits", str(totals.get("visits", 0))),
        ("covers", str(totals.get("covers", 0))),
        ("voids", str(totals.get("voids", 0))),
        ("total", money(totals.get("total", 0))),
        ("cash", money(totals.get("cash", 0))),
        ("card", money(totals.get("card", 0))),
    )]
    rows += membership_rows(totals, money, words)
    rows += [(words(f"zreport.{key}") if key else "", value) for key, value in (
        ("", ""),
        ("cash_box", ""),
        ("float", money(totals.get("float", 0))),
        *((("membership_cash", money(totals["membership_cash"])),)
          if totals.get("memberships") else ()),
        ("moved", money(totals.get("cash_moved", 0))),
        ("expected", money(closing.expected_cash)),
        ("counted", money(closing.counted_cash)),
        ("cash_difference", signed(closing.cash_difference, money)),
    )]
    rows += denomination_rows(closing, money)
    rows += [(words(f"zreport.{key}") if key else "", value) for key, value in (
        ("", ""),
        ("card_payments", ""),
        ("declared", money(closing.card_declared)),
        ("recorded", money(closing.card_recorded)),
        ("card_difference", signed(closing.card_difference, money)),
    )]
    rows += abandoned_card_rows(closing.abandoned_card, money, words)
    rows += [("", ""), (words("zreport.grand_total"), money(closing.grand_total))]
    lines = (("", words("zreport.explanation", explanation=closing.explanation))
             if closing.explanation else ())
    return ZReport(title=f"{cantine_name} - Z {closing.z}", rows=tuple(rows), lines=lines,
                   file_name=f"Z-{closing.z:04d}-{entry.day}.txt", header=tuple(header))


def membership_rows(totals: dict, money: Callable[[int], str],
                    words: Callable[..., str]) -> list[tuple[str, str]]:
    """The service's memberships, apart from meals: how many, for how much, cash and card. None
    when nobody joined (and on closings written before memberships existed)."""
    from kiosk.books.memberships import number_ranges

    voided = totals.get("memberships_voided") or []
    if not totals.get("memberships") and not voided:
        return []
    rows = [("", ""), *((words(f"zreport.{key}"), value) for key, value in (
        ("memberships", str(totals.get("memberships", 0))),
        ("membership_total", money(totals.get("membership_total", 0))),
        ("cash", money(totals.get("membership_cash", 0))),
        ("card", money(totals.get("membership_card", 0))),
        ("memberships_voided", str(len(voided))),
    ))]
    # The numbers, as the register reads them (closings before issue 17 did not keep them).
    if numbers := totals.get("membership_numbers"):
        rows.append((words("zreport.membership_numbers", numbers=number_ranges(numbers)), ""))
    if voided:
        rows.append((words("zreport.membership_voided_numbers",
                           numbers=number_ranges(voided)), ""))
    return rows


def recent_closings(ledger, count: int = 30) -> list[Entry]:
    """The ledger's last `count` closings, the newest first (for reprinting a Z report)."""
    found: list[Entry] = []
    for day in reversed(ledger.days()):
        found += [e for e in reversed(ledger.day_entries(day)) if e.kind == "closing"]
        if len(found) >= count:
            break
    return found[:count]


def abandoned_card_rows(abandoned: list[dict], money: Callable[[int], str],
                        words: Callable[..., str]) -> list[tuple[str, str]]:
    """The card payments given up on the QR code, under the card comparison: a heading, then
    one row each, '  19:42, code shown 3 min' and its amount. None when there were none."""
    if not abandoned:
        return []
    return [(words("zreport.abandoned_card"), ""), *(
        (words(abandoned_key("zreport.abandoned_at", item), time=item["at"],
               shown=shown_for(item["seconds"], words)),
         money(item["amount"])) for item in abandoned)]


def abandoned_key(key: str, item: dict) -> str:
    """The words for an abandoned payment: a membership's say so (another account)."""
    return f"{key}_membership" if item.get("for") == "membership" else key


def shown_for(seconds: int, words: Callable[..., str]) -> str:
    """How long a QR code was shown, in words: '40 s', '3 min'."""
    if seconds < 60:
        return words("closing.shown_seconds", count=seconds)
    return words("closing.shown_minutes", count=seconds // 60)


def denomination_rows(closing: Closing, money: Callable[[int], str]) -> list[tuple[str, str]]:
    """One row per coin or note counted, largest first: '20,00 € x 3' and its value."""
    counted = sorted(((int(d), int(n)) for d, n in closing.counted_by_denomination.items() if n),
                     reverse=True)
    return [(f"  {money(d)} x {n}", money(d * n)) for d, n in counted]


def write_z_report(report: ZReport, data_dir: Path) -> Path:
    """Write the report as a text file under `data_dir/exports/`, atomically; returns its path."""
    folder = Path(data_dir) / EXPORTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / report.file_name
    write_atomically(path, report.text().encode("utf-8"))
    return path


def for_printer(report: ZReport):
    """The value the print service takes: the printer's own ZReport when it has one, else lines."""
    try:
        from printer.receipt import ZReport as PrintedZReport
    except ImportError:  # a printer package without the Z layout still prints plain lines
        return report.text().splitlines()
    return PrintedZReport(title=report.title, rows=report.rows, lines=report.lines,
                          header=report.header)
