"""The core of the door kiosk, without Textual: its parts are the folders below.

- `ledger/`: entries, the durable TinyDB storage, the chain's head, `verify`;
- `books/`: a service's tally, closing and Z report, the exports and the impact report;
- `settings/`: kiosk.toml, the catalogues of words, money, the survey, card payment, the PIN;
- `commands/`: one module per `kiosk` sub-command (`cli.py` dispatches);
- `guest.py`: a guest's way through the kiosk, its steps as one table.
"""

__version__ = "0.1.0"
