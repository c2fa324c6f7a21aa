"""Errors meant for a person: each reads as one sentence saying what is wrong and what to do."""


class KioskError(Exception):
    """A refusal the person at the kiosk or the shell can act on. Exit status 2 on the CLI."""

    exit_status = 2
