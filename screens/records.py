"""What a guest's visit writes, as the app does it: the visit or the membership (fsynced before
the next step is drawn), a survey tap's count, a receipt's number, a card payment given up.

`VisitRecords` is part of the kiosk's App (`screens.app.KioskApp`): it writes on the UI thread on
purpose (the guest must not move on before the entry is on disk, and a second tap cannot record
the same visit twice while it is written), and a disk that refuses is said kindly on the screen,
never lost in silence: the entry is not acknowledged.
"""

import logging
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.guest import VisitDraft
    from kiosk.ledger.entries import Entry, Visit

log = logging.getLogger("kiosk.app")


class VisitRecords:
    """The guest's writes to the ledger and the survey's counts (mixed into the App)."""

    def record_visit(self, visit: "Visit") -> "Entry | None":
        """Commit a visit to disk; None when the disk refused (the screen says so kindly).

        This runs on the UI thread on purpose: the guest must not move on before the visit is
        fsynced, and a second tap cannot record the same visit twice while it is written.
        """
        try:
            return self.ledger.append(visit)
        except (OSError, KioskError) as error:
            log.error("visit not recorded: %s", error)
            return None

    def commit(self, screen: Any, visit: "Visit") -> None:
        """The guest confirmed: record the visit, then the survey; on a disk error, say so
        kindly."""
        entry = self.record_visit(visit)
        if entry is None:
            screen.say_problem(self.words("commit.failed"))
            return
        try:
            self.survey_counts.visit_recorded()
        except OSError as error:  # only the counts file's time: nothing is lost
            self.log.error(f"survey counts not touched: {error}")
        self.after_commit(entry)

    def commit_membership(self, screen: Any, draft: "VisitDraft") -> None:
        """The guest confirmed how they pay their membership: write it with its number, then
        show the number; on a disk error, say so kindly. No survey count: it is no visit."""
        from kiosk.books.memberships import record_membership

        try:
            entry = record_membership(self.ledger, draft.amount, draft.method)
        except (OSError, KioskError) as error:
            log.error("membership not recorded: %s", error)
            screen.say_problem(self.words("commit.failed"))
            return
        try:  # else the counts file's time would say this member just answered the survey
            self.survey_counts.visit_recorded()
        except OSError as error:
            self.log.error(f"survey counts not touched: {error}")
        self.after_commit(entry, draft)

    def record_answer(self, question: str, answer: str) -> bool:
        """Count one survey tap (counts only, nothing that ties it to the visit); False if the
        disk refused."""
        try:
            self.survey_counts.add(question, answer)
        except (OSError, KioskError) as error:
            log.error("survey answer not recorded: %s", error)
            return False
        return True

    def receipt_number(self, entry: "Entry") -> str:
        """The receipt number of the visit `entry`, taken now if it has none; "" when the disk
        or a closed service refused (the receipt is still printed, without a number)."""
        from kiosk.books.receipts import ask_receipt

        try:
            return ask_receipt(self.ledger, entry)
        except (OSError, KioskError) as error:
            self.log.error(f"receipt number not recorded: {error}")
            return ""

    def record_abandoned_card(self, amount: int, seconds_shown: float,
                              paid_for: str = "meal") -> None:
        """Write a card payment given up on the QR code (no visit), for the closing to list;
        `paid_for`: a meal or a membership."""
        from kiosk.ledger.entries import AbandonedCardPayment

        try:
            self.ledger.append(AbandonedCardPayment(amount, max(0, int(seconds_shown)),
                                                    paid_for))
        except (OSError, KioskError) as error:
            self.log.error(f"abandoned card payment not recorded: {error}")

