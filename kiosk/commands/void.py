"""`kiosk void ID --reason TEXT`: cancel a visit with a later entry; the visit stays."""

from kiosk.commands import some_text, whole_number


def register(commands) -> None:
    """Add `kiosk void ID --reason TEXT`."""
    parser = commands.add_parser("void", help="cancel a visit, with a reason")
    parser.add_argument("id", type=whole_number, help="the visit's id, as `kiosk record` "
                                                      "printed it")
    parser.add_argument("--reason", required=True, type=some_text)
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Append the void and print its id as the last line."""
    from kiosk.ledger.book import Ledger
    from kiosk.settings.config import load_config

    config = load_config(args.data_dir)
    entry = Ledger(args.data_dir / "ledger", config.cantine.timezone).void(args.id, args.reason)
    print(entry.id)
    return 0
