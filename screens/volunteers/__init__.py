"""The volunteers' and manager's screens, behind the PIN."""
