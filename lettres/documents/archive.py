"""A zip archive whose first entries never change, completed with a few new entries many times.

Each letter is its template's unchanging parts (styles, fonts, images…, compressed once) followed by
its rendered parts. ``zipfile`` in append mode re-reads the central directory of the unchanging
parts for every letter; here it is kept as bytes, and each letter only adds its own local entries,
their central records and the end record (PKWARE APPNOTE 4.3: no ZIP64, sizes stay far below 4 GiB).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, as zipfile writes it
_ATTRIBUTES = 0o600 << 16  # what zipfile gives an entry written from a name
_LIMIT = 0x7FFFFFFF


def _dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


class BaseZip:
    """``entries`` (name → bytes) compressed once; ``complete`` adds the rest of one archive."""

    def __init__(self, entries: list[zipfile.ZipInfo], read, date_time: tuple[int, ...]):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in entries:
                target.writestr(info, read(info), zipfile.ZIP_DEFLATED)
        raw = buffer.getvalue()
        signature, _, _, _, self._count, size, offset, _ = _END.unpack(raw[-_END.size :])
        if signature != b"PK\x05\x06":
            raise ValueError("archive de base illisible")
        self._local = raw[:offset]
        self._central = raw[offset : offset + size]
        self._time, self._date = _dos_time(date_time)

    def state(self) -> tuple:
        """What ``from_state`` needs to rebuild it: bytes and numbers only (kept on disk between runs)."""
        return (self._local, self._central, self._count, self._time, self._date)

    @classmethod
    def from_state(cls, state: tuple) -> BaseZip:
        base = cls.__new__(cls)
        base._local, base._central, base._count, base._time, base._date = state
        return base

    @property
    def prefix(self) -> bytes:
        """The bytes every completed archive begins with."""
        return self._local

    def complete(self, parts: list[tuple[str, str]], level: int = 1) -> bytes:
        """The whole archive: the unchanging entries, then ``parts`` (name, XML text) deflated."""
        chunks = [self._local]
        central = [self._central]
        offset = len(self._local)
        for name, text in parts:
            data = text.encode()
            compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
            packed = compressor.compress(data) + compressor.flush()
            if max(len(data), len(packed), offset) > _LIMIT:
                raise ValueError("document trop grand pour une archive sans ZIP64")
            crc = zlib.crc32(data)
            encoded = name.encode()
            flags = 0 if name.isascii() else 0x800  # UTF-8 name
            chunks += [
                _LOCAL.pack(
                    b"PK\x03\x04", _VERSION, flags, zipfile.ZIP_DEFLATED, self._time, self._date, crc,
                    len(packed), len(data), len(encoded), 0,
                ),
                encoded,
                packed,
            ]  # fmt: skip
            central += [
                _CENTRAL.pack(
                    b"PK\x01\x02", _MADE_BY, _VERSION, flags, zipfile.ZIP_DEFLATED, self._time, self._date, crc,
                    len(packed), len(data), len(encoded), 0, 0, 0, 0, _ATTRIBUTES, offset,
                ),
                encoded,
            ]  # fmt: skip
            offset += _LOCAL.size + len(encoded) + len(packed)
        directory = b"".join(central)
        count = self._count + len(parts)
        end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
        return b"".join(chunks) + directory + end
