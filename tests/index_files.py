"""Edit a file of a built index as a build would have written it, its checksum included."""

import hashlib
import json
from pathlib import Path

from qa.store import CHECKSUMS


def write_build_file(build_dir: Path, name: str, data: bytes) -> None:
    """Replace `name` in `build_dir` and record its new size and digest in checksums.json, so
    the index reads it as written by its build (not as damage)."""
    (build_dir / name).write_bytes(data)
    checksums = json.loads((build_dir / CHECKSUMS).read_text("utf-8"))
    checksums["files"][name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (build_dir / CHECKSUMS).write_text(json.dumps(checksums), "utf-8")
