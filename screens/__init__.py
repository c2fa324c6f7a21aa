"""Textual screens and widgets: what guests and volunteers see and touch. No business rule here."""
