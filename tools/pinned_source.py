"""Reading a pinned R data file from a fetched repository (shared by the build scripts).

A build script names the repository, the commit and each file's git blob
hash; :class:`PinnedSource` reads a file from a git directory holding that
commit or from a checkout, refuses any other bytes, and parses ``.rda``
files with the pinned version of ``rdata``. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


class SourceError(RuntimeError):
    """The source is missing, not at the pinned commit, or not as expected."""


def blob_hash(data: bytes) -> str:
    """Git's object id of a file's bytes (SHA-1 of ``blob <size>\\0<bytes>``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def arguments(doc: str, source: "PinnedSource", default: Path, argv: list[str] | None) -> argparse.Namespace:
    """A build script's command line: ``[SOURCE] [--check | --stdout]``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=default,
                        help=f"git directory or checkout of {source.repository} (default {default})")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    group.add_argument("--stdout", action="store_true", help="print the CSV instead of writing it")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class PinnedSource:
    """``repository`` at ``commit``, with the git blob hash of each file used."""

    repository: str
    commit: str
    blobs: dict
    rdata_version: str = "1.1.0"

    def read(self, source: Path, rel: str) -> bytes:
        """Bytes of ``rel`` at the pinned commit, from a git directory or a checkout."""
        checkout = source / rel
        if checkout.is_file():
            data = checkout.read_bytes()
        else:
            try:
                data = subprocess.run(["git", f"--git-dir={source}", "cat-file", "blob",
                                       f"{self.commit}:{rel}"], check=True, capture_output=True).stdout
            except (OSError, subprocess.CalledProcessError) as exc:
                raise SourceError(f"cannot read {rel} at {self.repository}@{self.commit[:12]} from "
                                  f"{source} (fetch github:{self.repository}): {exc}") from None
        if blob_hash(data) != self.blobs[rel]:
            raise SourceError(f"{source}: {rel} is not the file of {self.repository}@{self.commit[:12]} "
                              f"(blob {blob_hash(data)}, expected {self.blobs[rel]})")
        return data

    def read_rda(self, data: bytes, name: str):
        """The data frame ``name`` of an .rda file's bytes (rdata, the pinned version)."""
        try:
            found = metadata.version("rdata")
        except metadata.PackageNotFoundError:
            raise SourceError(f"rdata=={self.rdata_version} is not installed") from None
        if found != self.rdata_version:
            raise SourceError(f"rdata {found} is installed; the file is built with {self.rdata_version}")
        import rdata
        with warnings.catch_warnings():   # "Missing constructor for R class tbl_df"
            warnings.simplefilter("ignore", UserWarning)
            return rdata.conversion.convert(rdata.parser.parse_data(data))[name]
