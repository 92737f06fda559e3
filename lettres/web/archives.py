"""ZIP downloads of produced files (a dossier's documents of one day, a batch's results), built in memory."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from starlette.responses import Response

from lettres.confinement import read_beneath
from lettres.web.requetes import inside


def zip_trees(trees: Iterable[Path], base: Path, garde: Path, extra: Iterable[tuple[Path, str]] = ()) -> bytes:
    """Every regular file under ``trees`` (links left out, nothing outside ``garde``), named relative to
    ``base``, then the ``extra`` files under their given names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in trees:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink() and inside(path, garde):
                    # read from the guard folder's descriptor, no link followed: a swap meanwhile gives nothing
                    data = read_beneath(garde, path.relative_to(garde).as_posix())
                    if data is not None:
                        archive.writestr(path.relative_to(base).as_posix(), data)
        for path, name in extra:
            data = read_beneath(path.parent, path.name)
            if data is not None:
                archive.writestr(name, data)
    return buffer.getvalue()


def zip_response(data: bytes, name: str) -> Response:
    """The archive as a download named ``name``.zip."""
    return Response(
        data, media_type="application/zip", headers={"content-disposition": f'attachment; filename="{name}.zip"'}
    )
