"""What the print service answers: how one job went, and what it knows of its printer."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one job.

    `status` is "printed", "queued" (kept on disk, printed when the printer is back), "not
    printed" (a test slip is never queued), "set aside" (it could not be laid out) or "no
    printer" (none is set up). `error` says why in words; `code` and `values` name it for the
    volunteers' catalogues (see `printer.connection.SENTENCES`).
    """

    status: str
    error: str = ""
    code: str = ""
    values: dict = field(default_factory=dict)
    paper_low: bool = False
    confirmed: bool = True  # False: written to a printer that cannot say it printed

    @property
    def printed(self) -> bool:
        """True only when the printer took the job."""
        return self.status == "printed"


@dataclass(frozen=True)
class UnprintedReceipt:
    """A guest's receipt that waited too long: what the volunteers need to hand it over."""

    name: str  # its file, to print it on request
    number: str
    issued_at: str
    amount_text: str


@dataclass(frozen=True)
class PrinterState:
    """What the kiosk knows of its printer.

    `status` is "ok" only after a job actually went through, "failing" after the last attempt
    failed, and "unknown" before any attempt. `queued` counts the jobs waiting on disk,
    `damaged` those set aside, `unprinted` the guests' receipts that waited too long.
    """

    status: str
    last_error: str = ""
    queued: int = 0
    printer: str = ""
    error_code: str = ""
    error_values: dict = field(default_factory=dict)
    damaged: int = 0
    unprinted: tuple[UnprintedReceipt, ...] = ()
    paper_low: bool = False
