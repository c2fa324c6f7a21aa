"""Receipts and Z reports on an ESC/POS thermal printer.

Knows nothing of Textual or TinyDB: it receives plain values and returns bytes or sends them.
"""
