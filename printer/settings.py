"""The printer's settings, as read from the `[printer]` section of kiosk.toml."""

from dataclasses import dataclass

CONNECTIONS = ("none", "usb", "serial", "network", "file")
RECEIPT_POLICIES = ("ask", "always", "never")
QR_MODES = ("native", "image")


@dataclass(frozen=True)
class PrinterSettings:
    """How to reach the printer and how to lay out what it prints.

    `connection` picks which of the other connection fields matter: usb (vendor_id, product_id),
    serial (device, baudrate), network (host, port), file (path), or none.
    """

    connection: str = "none"
    vendor_id: int = 0
    product_id: int = 0
    device: str = "/dev/ttyUSB0"
    baudrate: int = 9600
    host: str = ""
    port: int = 9100
    path: str = ""
    profile: str = "default"
    timeout: float = 3.0
    receipt: str = "ask"
    width: int = 42
    codepage: str = "CP858"
    qr: str = "native"
    # Ask the printer for its status before and after each job (ESC/POS DLE EOT): that answer is
    # the only proof a job arrived. Turn it off only for a printer that never answers, whose jobs
    # then count as printed once written.
    ask_status: bool = True
    # Minutes a guest's receipt may wait for the printer; later, whoever stands at the door is
    # someone else: it goes to the volunteers' list of unprinted receipts instead.
    receipt_expiry: float = 10.0
