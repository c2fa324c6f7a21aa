"""`kiosk doctor`: check an installation; exit 1 with one line per problem, else 0."""


def register(commands) -> None:
    parser = commands.add_parser(
        "doctor", help="check the data dir, ledger, config, printer, clock and disk")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from kiosk.doctor import examine

    findings = examine(args.data_dir)
    for finding in findings:
        print(finding.line())
    problems = sum(not finding.ok for finding in findings)
    if problems:
        print(f"{problems} problem{'s' if problems > 1 else ''} to fix before opening the kiosk")
        return 1
    return 0
