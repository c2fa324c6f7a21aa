"""Create the project's virtual environment, even where Debian left out `ensurepip`.

Debian and Raspberry Pi OS split `ensurepip` into the python3-venv package; a machine with only
python3 cannot run `python3 -m venv` as is. We then create the environment without pip and install
pip from its wheel on PyPI, run straight from the wheel file (a wheel is a zip Python can import).
"""

import hashlib
import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

PIP_INDEX = "https://pypi.org/pypi/pip/json"


def main(venv: str) -> int:
    target = Path(venv)
    python = target / "bin" / "python"
    if python.exists() and subprocess.run([python, "-m", "pip", "--version"],
                                          capture_output=True).returncode == 0:
        return 0
    if subprocess.run([sys.executable, "-m", "venv", str(target)]).returncode == 0:
        return 0
    print("ensurepip is missing (python3-venv not installed); installing pip from PyPI instead.",
          file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", "--without-pip", str(target)],
                   check=True)
    try:
        with urllib.request.urlopen(PIP_INDEX, timeout=60) as answer:
            release = json.load(answer)
        wheel = next(f for f in release["urls"] if f["filename"].endswith(".whl"))
        with urllib.request.urlopen(wheel["url"], timeout=120) as answer:
            content = answer.read()
    except (OSError, ValueError, KeyError, StopIteration) as error:
        print(f"Could not fetch pip from PyPI ({error}). Install python3-venv "
              f"(sudo apt install python3-venv) or connect to the network, then run make again.",
              file=sys.stderr)
        return 1
    # The wheel is run as code: check it is the file PyPI published, not what a proxy changed.
    if hashlib.sha256(content).hexdigest() != wheel["digests"]["sha256"]:
        print(f"{wheel['filename']} does not match PyPI's checksum; not installing it.",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        wheel_path = Path(folder) / wheel["filename"]
        wheel_path.write_bytes(content)
        subprocess.run([python, str(wheel_path / "pip"), "install", "--quiet", str(wheel_path)],
                       check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".venv"))
