"""File helpers shared by the kit's environment scripts."""
import os
import tempfile


def write_atomically(path, text):
    """Write text to path through a temporary file in the same directory, then rename it.

    Readers see the old file or the whole new one, never a part. Missing parent directories are
    created, and the file is made readable by everyone like any other output.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
