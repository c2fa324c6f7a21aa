"""The guest's screens, one module per step of a visit, each with its .tcss."""
