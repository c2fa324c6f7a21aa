"""`kiosk run` (or plain `kiosk`): the kiosk, full screen in the terminal."""


def register(commands) -> None:
    parser = commands.add_parser("run", help="the kiosk in this terminal (the default)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from kiosk.app import run_kiosk

    return run_kiosk(args.data_dir)
