"""`kiosk printer-test`: a test slip on paper, or one clear line and exit 1 within the timeout."""

import argparse
import time

import pytest

from kiosk.commands import printer_test

# The stand-in printer fixture, `standin_printer`, comes from tests/printer_standin.py.
pytest_plugins = ["printer_standin"]


def run_command(argv: list[str], data_dir) -> int:
    """Parse `argv` the way `kiosk` does once the command is wired in, and run it."""
    parser = argparse.ArgumentParser(prog="kiosk")
    printer_test.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    args.data_dir = data_dir
    return args.handler(args)


def test_a_healthy_printer_gets_the_slip_and_the_command_says_so(standin_printer, capsys):
    status = printer_test.printer_test(standin_printer.settings(timeout=1))
    assert status == 0
    assert f"test slip sent to the printer at 127.0.0.1:{standin_printer.port}" in (
        capsys.readouterr().out
    )
    [slip] = standin_printer.wait_for_jobs(1)
    assert b"Euro : \xd5 13,00 \xd5" in slip


@pytest.mark.parametrize("failure", ["refusing", "silent"])
def test_an_absent_or_silent_printer_exits_1_with_one_line_in_time(
    standin_printer, capsys, failure
):
    standin_printer.become(failure)
    start = time.monotonic()
    status = printer_test.printer_test(standin_printer.settings(timeout=1))
    assert time.monotonic() - start < 2
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"kiosk: the printer at 127.0.0.1:{standin_printer.port} ")


def test_the_preview_shows_the_slip_as_text_without_a_printer(capsys):
    from printer.settings import PrinterSettings

    assert printer_test.printer_test(PrinterSettings(connection="none"), preview=True) == 0
    out = capsys.readouterr().out
    assert "Minuscules : é è ê à â ç ù û ô î ï oe" in out
    assert "Euro : € 13,00 €" in out


def test_the_command_reads_the_printer_from_kiosk_toml(standin_printer, tmp_path, capsys):
    (tmp_path / "kiosk.toml").write_text(
        "[printer]\n"
        'connection = "network"\n'
        'host = "127.0.0.1"\n'
        f"port = {standin_printer.port}\n"
        "timeout = 1\n",
        encoding="utf-8",
    )
    assert run_command(["printer-test"], tmp_path) == 0
    assert b"\xd5" in standin_printer.wait_for_jobs(1)[0]

    standin_printer.become("refusing")
    start = time.monotonic()
    assert run_command(["printer-test"], tmp_path) == 1
    assert time.monotonic() - start < 2
    assert "refuses the connection" in capsys.readouterr().err

    assert run_command(["printer-test", "--preview"], tmp_path) == 0
    assert "Euro : € 13,00 €" in capsys.readouterr().out


def test_a_serial_printer_at_9600_baud_takes_the_slip_within_a_second_and_its_bytes(
        serial_standin, capsys):
    from printer.layout import job_bytes, print_test_slip

    settings = serial_standin.settings(timeout=3)
    on_the_wire = len(job_bytes(print_test_slip, settings)) / 960
    start = time.monotonic()
    assert printer_test.printer_test(settings) == 0
    took = time.monotonic() - start
    assert on_the_wire <= took < on_the_wire + 1.5  # was three timeouts per status answer
    assert "test slip sent to the serial printer on" in capsys.readouterr().out
    assert len(serial_standin.wait_for_paper(1)) == 1


def test_the_real_command_says_one_line_and_nothing_else(standin_printer, run_kiosk_cli,
                                                          data_dir):
    """Through `kiosk printer-test` in its own process: python-escpos adds no word of its own."""
    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_text(
        '[printer]\nconnection = "network"\nhost = "127.0.0.1"\n'
        f"port = {standin_printer.port}\ntimeout = 1\nqr = \"image\"\n", encoding="utf-8")
    result = run_kiosk_cli("printer-test")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"test slip sent to the printer at 127.0.0.1:{standin_printer.port}: check the paper\n")
    standin_printer.become("paper_out_offline")
    result = run_kiosk_cli("printer-test")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"kiosk: the printer at 127.0.0.1:{standin_printer.port} is out of paper\n")
