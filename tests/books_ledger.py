"""A small ledger for the treasurer's tests, every figure of which is worked out by hand.

2026-03-02, service 1 (Z 1): float 50.00; cash 13.00 and 5.00, card 20.00 for two (cook and eat),
  cash 7.00 voided; 10.00 put in (change), 4.50 taken out (bread), 3.00 taken out by mistake then
  cancelled; a card payment of 13.00 given up on the QR code after 200 s.
  Expected cash 50 + 18 + 10 - 4.50 = 73.50; counted 73.00 (50 + 20 + 2 + 1): -0.50.
  Card recorded 20.00, declared 33.00 (the given-up payment was paid after all): +13.00.
2026-03-02, service 2 (Z 2): float 50.00; nothing given (eat), cash 2.55; 50.00 to the bank.
  Expected 50 + 2.55 - 50 = 2.55; counted 3.05 (2 + 1 + 0.05): +0.50.
2026-03-03 (Z 3): a float of 30.00 and a cook who does not eat (nobody ate); counted 30.00.
2026-03-04: card 13.00 and 13.05: average and median 13.025, which half up is 13.03; the service
  is still open (no closing, so no cash difference).
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.books.closing import build_closing
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import AbandonedCardPayment, CashCancellation, CashMovement, Visit

ZONE = ZoneInfo("Europe/Paris")
DAY1, DAY2, DAY3 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of a service day, in the cantine's time zone."""
    return datetime.combine(day, time(hour, minute), ZONE)


def write_books_ledger(data_dir: Path, toml: str = "") -> Ledger:
    """The ledger above, in `data_dir/ledger` (and `toml` as kiosk.toml)."""
    if toml:
        (Path(data_dir) / "kiosk.toml").write_text(toml, encoding="utf-8")
    ledger = Ledger(Path(data_dir) / "ledger", "Europe/Paris")
    noon = at(DAY1, 12)
    first = ledger.append_batch([
        (CashMovement("float", 5000, "fond"), noon),
        (Visit("eat", 1300, "cash"), noon + timedelta(minutes=5)),
        (Visit("eat", 500, "cash"), noon + timedelta(minutes=6)),
        (Visit("both", 2000, "card", covers=2), noon + timedelta(minutes=10)),
        (Visit("eat", 700, "cash"), noon + timedelta(minutes=11)),
        (CashMovement("in", 1000, "monnaie"), noon + timedelta(minutes=20)),
        (CashMovement("out", 450, "pain"), noon + timedelta(minutes=30)),
        (CashMovement("out", 300, "erreur"), noon + timedelta(minutes=31)),
        (AbandonedCardPayment(1300, 200), noon + timedelta(minutes=40)),
    ])
    ledger.void(first[4].seq, "saisie en double")
    ledger.append(CashCancellation(first[7].seq, "tapé deux fois"), noon + timedelta(minutes=32))
    entries = [e for e in ledger.day_entries(DAY1) if e.service == 1]
    closing = build_closing(entries, None, {"5000": 1, "2000": 1, "200": 1, "100": 1}, 3300,
                            "pièce perdue; le paiement carte abandonné a été payé")
    ledger.append(closing, at(DAY1, 14, 30))
    evening = at(DAY1, 19)
    second = ledger.append_batch([
        (CashMovement("float", 5000, "fond"), evening),
        (Visit("eat", 0, "none"), evening + timedelta(minutes=3)),
        (Visit("eat", 255, "cash"), evening + timedelta(minutes=4)),
        (CashMovement("bank", 5000, "bordereau 12"), evening + timedelta(minutes=30)),
    ])
    closing = build_closing(second, closing, {"200": 1, "100": 1, "5": 1}, 0, "trouvé")
    ledger.append(closing, at(DAY1, 21))
    day2 = ledger.append_batch([(CashMovement("float", 3000, "fond"), at(DAY2, 12)),
                                (Visit("cook", 0, "none"), at(DAY2, 12, 5))])
    closing = build_closing(day2, closing, {"1000": 3}, 0, "")
    ledger.append(closing, at(DAY2, 14))
    ledger.append_batch([(Visit("eat", 1300, "card"), at(DAY3, 12)),
                         (Visit("eat", 1305, "card"), at(DAY3, 12, 10))])
    return ledger
