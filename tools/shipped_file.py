"""What a build script does with the text file it rebuilt (shared by the build scripts).

Print it (``--stdout``), compare it with the file goodsgov ships
(``--check``: exit 1 when they differ), or write it. Files are compared and
written as UTF-8 bytes, so line endings are kept exactly.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path


def deliver(text: str, out: Path, *, stdout: bool, check: bool, tool: str, note: str = "",
            diff: bool = False) -> int:
    """Print, check or write ``text`` as the shipped file ``out``; the exit status.

    ``tool`` names the script in its messages, ``note`` is added to them
    (e.g. what the file holds), and ``diff`` prints a unified diff when a
    check fails."""
    data = text.encode("utf-8")
    suffix = f" ({note})" if note else ""
    if stdout:
        sys.stdout.write(text)
        return 0
    if check:
        shipped = out.read_bytes() if out.is_file() else b""
        if shipped != data:
            if diff:
                sys.stdout.writelines(difflib.unified_diff(
                    shipped.decode("utf-8").splitlines(True), text.splitlines(True), str(out),
                    "rebuilt", n=1))
            print(f"{tool}: {out} differs from the rebuilt file", file=sys.stderr)
            return 1
        print(f"{tool}: {out.name} is up to date{suffix}")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{tool}: wrote {out} ({len(data):,} bytes){suffix}")
    return 0
