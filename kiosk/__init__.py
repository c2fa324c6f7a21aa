"""The domain of the door kiosk: config, money, the ledger, tallies, exports and the command line.

Only `kiosk.app` imports Textual; everything else here starts fast and runs without a screen.
"""

__version__ = "0.1.0"
