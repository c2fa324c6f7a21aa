"""Every bad input on the command line: exit 2, one line on stderr, nothing written.

The table below is what a tester who never read the code typed (empty, huge, other scripts'
digits, the future, the past, paths into the ledger); each case runs the real `kiosk` in a fresh
interpreter against a data dir holding a real ledger, and the data dir must be byte for byte as
it was.
"""

import errno
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.books.closing import close_service
from kiosk.cli import main
from kiosk.commands.output import checked_output, write_output
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit

PARIS = ZoneInfo("Europe/Paris")
CLOSED_DAY, OPEN_DAY = "2026-11-20", "2026-11-21"
RECORD = ("record", "--role", "eat", "--amount", "13", "--method", "cash")
FUTURE = (datetime.now(PARIS) + timedelta(days=1)).isoformat(timespec="minutes")
PERIOD = ("--from", CLOSED_DAY, "--to", OPEN_DAY)


@pytest.fixture
def cantine(data_dir: Path) -> Path:
    """A data dir with settings, a closed day (visits 1-2, Z 1) and an open one (visit 4)."""
    data_dir.mkdir()
    (data_dir / "kiosk.toml").write_text('[cantine]\nname = "La Cantine"\n', encoding="utf-8")
    ledger = Ledger(data_dir / "ledger")
    noon = datetime(2026, 11, 20, 12, 0, tzinfo=PARIS)
    ledger.append(Visit("eat", 1300, "cash"), noon)
    ledger.append(Visit("both", 2000, "card", 2), noon + timedelta(minutes=5))
    close_service(ledger, {"1000": 1, "200": 1, "100": 1}, 2000, at=noon.replace(hour=15))
    ledger.append(Visit("eat", 700, "cash"), noon + timedelta(days=1))
    (data_dir / "exports").mkdir()
    (data_dir / "exports" / "last.csv").write_text("keep me\n")
    (data_dir / "print-queue").mkdir()
    return data_dir


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the data dir (caches left out: they may be rebuilt), by path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def one_line_refusal(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("kiosk: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


BAD_INPUTS = [
    # record
    (("record", "--role", "", "--amount", "13", "--method", "cash"), ("--role",)),
    (("record", "--role", "eat", "--amount", "", "--method", "cash"), ("no amount",)),
    (("record", "--role", "eat", "--amount", "٣", "--method", "cash"), ("not an amount",)),
    (("record", "--role", "eat", "--amount", "1" * 400, "--method", "cash"), ("ceiling",)),
    (("record", "--role", "eat", "--amount", "nan", "--method", "cash"), ("not an amount",)),
    (("record", "--role", "eat", "--amount", "13", "--method", ""), ("--method",)),
    ((*RECORD, "--covers", ""), ("--covers",)),
    ((*RECORD, "--covers", "٣"), ("--covers", "digits 0-9")),
    ((*RECORD, "--covers", "+3"), ("--covers",)),
    ((*RECORD, "--covers", " 3"), ("--covers",)),
    ((*RECORD, "--covers", "9" * 30), ("--covers",)),
    ((*RECORD, "--covers", "51"), ("covers",)),
    ((*RECORD, "--at", ""), ("--at",)),
    ((*RECORD, "--at", "   "), ("--at",)),
    ((*RECORD, "--at", "yesterday"), ("--at", "ISO 8601")),
    ((*RECORD, "--at", "٢٠٢٦-11-21T12:00"), ("--at",)),
    ((*RECORD, "--at", FUTURE), ("in the future",)),
    ((*RECORD, "--at", "2062-11-21T12:00"), ("in the future",)),
    ((*RECORD, "--at", "9999-12-31T23:59:59-12:00"), ("not a time the ledger can take",)),
    ((*RECORD, "--at", "0001-01-01T00:00+14:00"), ("not a time the ledger can take",)),
    ((*RECORD, "--at", "1970-01-01T01:00"), ("before the ledger's first day",)),
    ((*RECORD, "--at", "2026-11-19T12:00"), ("before the ledger's first day", CLOSED_DAY)),
    ((*RECORD, "--at", "2026-11-20T13:00"), ("already closed", "Z 1")),
    ((*RECORD, "--request-id", ""), ("--request-id", "empty")),
    ((*RECORD, "--request-id", "x" * 600), ("--request-id", "600 characters")),
    ((*RECORD, "--request-id", "a\nb"), ("--request-id", "control character")),
    # void
    (("void", "", "--reason", "x"), ("id",)),
    (("void", "٣", "--reason", "x"), ("digits 0-9",)),
    (("void", "-1", "--reason", "x"), ("id",)),
    (("void", "0", "--reason", "x"), ("no visit 0",)),
    (("void", "9" * 25, "--reason", "x"), ("digits 0-9",)),
    (("void", "4", "--reason", ""), ("--reason", "empty")),
    (("void", "4", "--reason", "x" * 10_000), ("--reason", "characters long")),
    (("void", "4", "--reason", "ligne\nsuivante"), ("--reason", "control character")),
    (("void", "1", "--reason", "trop tard"), ("closed service",)),
    (("void", "3", "--reason", "une clôture"), ("no visit 3",)),
    # tally
    (("tally", "--date", ""), ("--date",)),
    (("tally", "--date", "2026-02-30"), ("--date", "2026-02-30")),
    (("tally", "--date", "٢٠٢٦-١١-٢١"), ("--date",)),
    (("tally", "--language", ""), ("--language",)),
    # export
    (("export", "--from", "", "--to", OPEN_DAY), ("--from",)),
    (("export", "--from", "2026-02-30", "--to", OPEN_DAY), ("--from",)),
    (("export", *PERIOD, "--per", "week"), ("--per",)),
    (("export", *PERIOD, "--format", "xlsx"), ("xlsx needs a file",)),
    (("export", *PERIOD, "-o", ""), ("-o is empty",)),
    (("export", *PERIOD, "-o", "{data}/ledger/" + OPEN_DAY + ".json"), ("ledger",)),
    (("export", *PERIOD, "-o", "{data}/ledger/new.csv"), ("ledger",)),
    (("export", *PERIOD, "-o", "{data}/exports/../ledger/x.csv"), ("ledger",)),
    (("export", *PERIOD, "-o", "{data}/kiosk.toml"), ("kiosk.toml",)),
    (("export", *PERIOD, "-o", "{data}/print-queue/x.json"), ("print-queue",)),
    (("export", *PERIOD, "-o", "{data}/pin-lock.json"), ("pin-lock.json",)),
    (("export", *PERIOD, "-o", "{data}/closing-draft.json"), ("closing-draft.json",)),
    (("export", *PERIOD, "-o", "{data}/logs/kiosk.log"), ("logs",)),
    (("export", *PERIOD, "-o", "{data}/link-to-day.csv"), ("ledger",)),
    (("export", *PERIOD, "-o", "{data}/exports/last.csv"), ("already exists", "--force")),
    (("export", *PERIOD, "-o", "{data}/exports"), ("is a folder",)),
    (("export", *PERIOD, "-o", "{data}/nowhere/x.csv"), ("is not a folder",)),
    # report
    (("report", *PERIOD, "{data}/missing.json"), ("cannot read",)),
    (("report", *PERIOD, "{data}/exports"), ("cannot read",)),
    # demo, and the data dir itself
    (("demo", "--days", "٣"), ("--days",)),
    (("demo", "--days", ""), ("--days",)),
    (("--data-dir", "", *RECORD), ("--data-dir", "empty")),
    (("--data-dir", "{data}/kiosk.toml", *RECORD), ("is a file, not a folder",)),
    (("--data-dir", "{data}/kiosk.toml", "verify"), ("is a file, not a folder",)),
    (("--data-dir", "{data}/dangling", *RECORD), ("broken link",)),
    (("dance",), ("dance",)),
]


@pytest.mark.parametrize(("arguments", "words"), BAD_INPUTS,
                         ids=[" ".join(a)[:60] for a, _ in BAD_INPUTS])
def test_a_bad_input_exits_2_with_one_line_and_writes_nothing(cantine: Path, arguments, words):
    (cantine / "link-to-day.csv").symlink_to(cantine / "ledger" / f"{OPEN_DAY}.json")
    (cantine / "dangling").symlink_to(cantine / "nothing-here")
    before = snapshot(cantine)
    arguments = [a.replace("{data}", str(cantine)) for a in arguments]
    explicit = "--data-dir" in arguments
    command = [sys.executable, "-m", "kiosk", *([] if explicit else ["--data-dir", str(cantine)]),
               *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    one_line_refusal(result, *words)
    assert snapshot(cantine) == before


def test_verify_of_a_missing_data_dir_creates_nothing(tmp_path: Path, run_kiosk_cli) -> None:
    missing = tmp_path / "no-such-cantine"
    one_line_refusal(run_kiosk_cli("verify", data_dir=missing), "does not exist")
    assert not missing.exists()


def test_a_closed_pipe_ends_quietly(cantine: Path) -> None:
    """`kiosk tally | head`: the reader went away before the figures were written."""
    for command in (["tally", "--date", OPEN_DAY], ["export", *PERIOD]):
        reader, writer = os.pipe()
        os.close(reader)  # nobody will read: every write gets EPIPE
        result = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(cantine),
                                 *command], stdout=writer, stderr=subprocess.PIPE, text=True,
                                timeout=60)
        os.close(writer)
        assert result.returncode == 141, (command, result.stderr)
        assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr
        assert "Exception ignored" not in result.stderr


def test_export_writes_into_a_device_or_a_pipe_as_it_is(cantine: Path) -> None:
    to_stdout = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(cantine),
                                "export", *PERIOD, "-o", "/dev/stdout"], capture_output=True,
                               text=True, timeout=60)
    assert to_stdout.returncode == 0 and to_stdout.stdout.startswith("date,services,")
    to_null = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(cantine),
                              "export", *PERIOD, "-o", "/dev/null"], capture_output=True,
                             text=True, timeout=60)
    assert to_null.returncode == 0, to_null.stderr
    assert Path("/dev/null").is_char_device(), "a device is written to, never replaced"
    fifo = cantine / "exports" / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    through = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(cantine),
                              "export", *PERIOD, "-o", str(fifo)], capture_output=True, text=True,
                             timeout=60)
    assert through.returncode == 0, through.stderr
    assert reader.communicate(timeout=30)[0].startswith(b"date,services,")
    assert fifo.is_fifo(), "the FIFO is written to, never replaced by a file"
    full = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(cantine),
                           "export", *PERIOD, "-o", "/dev/full"], capture_output=True, text=True,
                          timeout=60)
    one_line_refusal(full, "/dev/full", "disk is full")


def test_export_replaces_a_file_only_with_force_and_follows_a_symlink_on_purpose(
        cantine: Path) -> None:
    target = cantine / "exports" / "last.csv"
    link = cantine / "exports" / "latest.csv"
    link.symlink_to(target)
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(cantine), "export", *PERIOD]
    result = subprocess.run([*command, "-o", str(link), "--force"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink(), "the link is kept; the file it leads to is the one replaced"
    assert target.read_text().startswith("date,services,")
    assert sorted(p.name for p in target.parent.iterdir()) == ["last.csv", "latest.csv"]


def test_a_planted_symlink_at_the_temporary_name_is_not_followed(cantine: Path) -> None:
    """Someone plants a link to the settings at the temporary file's name: it is removed, never
    written through."""
    settings = (cantine / "kiosk.toml").read_bytes()
    out = cantine / "exports" / "days.csv"
    planted = out.parent / f".days.csv.{os.getpid()}.tmp"
    planted.symlink_to(cantine / "kiosk.toml")
    write_output(checked_output(str(out), cantine, force=False), b"date,services\n")
    assert (cantine / "kiosk.toml").read_bytes() == settings
    assert out.read_bytes() == b"date,services\n" and not os.path.lexists(planted)


DISK_ERRORS = {
    "full": (errno.ENOSPC, "disk is full"),
    "read-only": (errno.EROFS, "read-only"),
    "no permission": (errno.EACCES, "no permission"),
}


@pytest.mark.parametrize("command", [RECORD, ("void", "4", "--reason", "erreur"),
                                     ("export", *PERIOD, "-o", "{data}/exports/days.csv")])
@pytest.mark.parametrize("failure", DISK_ERRORS.values(), ids=DISK_ERRORS.keys())
def test_a_disk_that_refuses_is_one_line_saying_what_to_do(cantine: Path, monkeypatch, capsys,
                                                           command, failure) -> None:
    """The SD card full, remounted read-only, or the wrong user: the write's own system call
    fails as the kernel would make it fail (root here would pass any permission check)."""
    number, words = failure
    before = snapshot(cantine)

    def refuse(*_args, **_kwargs):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr("kiosk.ledger.storage.os.fsync", refuse)
    arguments = [a.replace("{data}", str(cantine)) for a in command]
    assert main(["--data-dir", str(cantine), *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("kiosk: ") and captured.err.count("\n") == 1, captured.err
    assert words in captured.err and "nothing was" in captured.err
    assert captured.out == ""
    assert snapshot(cantine) == before
    assert not [p for p in cantine.rglob("*.tmp")], "no half-written copy is left"
