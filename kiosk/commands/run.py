"""`kiosk run` (or plain `kiosk`): the kiosk, full screen in the terminal."""


def register(commands) -> None:
    """Add `kiosk run`, also what a bare `kiosk` does."""
    parser = commands.add_parser("run", help="the kiosk in this terminal (the default)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Start the kiosk full screen in this terminal."""
    from kiosk.app import run_kiosk

    return run_kiosk(args.data_dir)
