"""Textual screens of the door kiosk: what guests and volunteers see and touch."""
