"""Outputs that are whole or absent: atomic files, the output folder's manifest, signals.

Every command that writes files can use these (``simulate --out`` does for all of its
files)::

    from probisnis.outputs import atomic_open, write_text_atomic   # one file
    from probisnis.outputs import Manifest, OutputFolder, stop_on_signals  # a folder
    from probisnis.outputs import folder_lock     # one run at a time in a folder

See ``docs/simulation.md`` ("Output files, interruptions and the manifest").
"""

from probisnis.outputs.atomic import (
    atomic_open,
    atomic_path,
    check_target,
    os_error_message,
    write_bytes_atomic,
    write_text_atomic,
)
from probisnis.outputs.folder import OutputFolder
from probisnis.outputs.interrupt import Interrupted, signals_deferred, stop_on_signals
from probisnis.outputs.lock import LOCK_NAME, FolderLock, folder_lock
from probisnis.outputs.manifest import (
    MANIFEST_NAME,
    STATUSES,
    Manifest,
    file_digest,
    read_manifest,
    scenario_digest,
)

__all__ = [
    "LOCK_NAME",
    "MANIFEST_NAME",
    "STATUSES",
    "FolderLock",
    "Interrupted",
    "Manifest",
    "OutputFolder",
    "atomic_open",
    "atomic_path",
    "check_target",
    "file_digest",
    "folder_lock",
    "os_error_message",
    "read_manifest",
    "scenario_digest",
    "signals_deferred",
    "stop_on_signals",
    "write_bytes_atomic",
    "write_text_atomic",
]
