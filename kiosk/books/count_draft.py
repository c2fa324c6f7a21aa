"""The closing's cash count kept as a draft, so that a count is never lost to an idle reset.

A volunteer counting coins is called away; after the volunteers' idle time the kiosk goes back to
the welcome screen (the area must not stay open at a public door), but the count typed so far is
written here first, and the closing screen takes it up again for the next volunteer. The draft
belongs to one service (its day and number): a draft of a service since closed is ignored.

It lives beside the ledger, never in it: a draft is not an entry, and is forgotten once the
service is closed. It holds counts only, nothing about any guest.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kiosk.ledger.storage import write_atomically

DRAFT_NAME = "closing-draft.json"


@dataclass(frozen=True)
class CountDraft:
    """The closing form as typed: counts per denomination (cents -> text), the card total
    declared, the explanation, and when it was kept ("HH:MM")."""

    day: str
    service: int
    counts: dict[str, str] = field(default_factory=dict)
    card_declared: str = ""
    explanation: str = ""
    kept_at: str = ""

    @property
    def empty(self) -> bool:
        """Whether nothing at all was typed."""
        return not (any(text.strip() for text in self.counts.values())
                    or self.card_declared.strip() or self.explanation.strip())


def draft_path(data_dir: Path) -> Path:
    """Where the draft of the cash count is kept in a data dir."""
    return Path(data_dir) / DRAFT_NAME


def keep_draft(data_dir: Path, draft: CountDraft) -> None:
    """Write the draft (atomically, replacing any older one); an empty draft removes it."""
    if draft.empty:
        forget_draft(data_dir)
        return
    text = json.dumps(asdict(draft), ensure_ascii=False, sort_keys=True, indent=1)
    write_atomically(draft_path(data_dir), text.encode("utf-8"))


def draft_for(data_dir: Path, day: str, service: int) -> CountDraft | None:
    """The draft kept for service `service` of `day`, or None (none, another service's, or a
    file that does not read: a draft is a convenience, never a reason to refuse a closing)."""
    try:
        stored = json.loads(draft_path(data_dir).read_text(encoding="utf-8"))
        draft = CountDraft(**stored)
    except (OSError, ValueError, TypeError):
        return None
    if (draft.day, draft.service) != (day, service) or not isinstance(draft.counts, dict):
        return None
    return draft


def forget_draft(data_dir: Path) -> None:
    """Remove the draft (the service is closed, or the form was emptied)."""
    draft_path(data_dir).unlink(missing_ok=True)
