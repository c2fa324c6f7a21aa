"""One module per `kiosk` sub-command, each with `register(subparsers)`.

A command module imports only what parsing its arguments needs; heavy imports (Textual, openpyxl)
happen inside the handler, so `kiosk record` starts fast.
"""
