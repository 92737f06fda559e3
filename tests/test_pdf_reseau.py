"""The PDF step never reaches the network, even for a document that links to an image on a server."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest

from lettres.documents.pdf import convert, find_soffice
from lettres.documents.rendu import templates_root

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice absent (installé en intégration continue)")

IMAGE_LIEE = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="952500" cy="952500"/><wp:docPr id="99" name="image"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="99" name="x.png"/>'
    '<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdEspion" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/><a:stretch><a:fillRect/></a:stretch>'
    '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
)


class Espion(http.server.BaseHTTPRequestHandler):
    requetes: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Espion.requetes.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def docx_with_remote_image(path: Path, url: str) -> None:
    source = templates_root() / "docx" / "bordereau-pieces.docx"
    with zipfile.ZipFile(source) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + IMAGE_LIEE.encode(), 1)
    rel = (
        f'<Relationship Id="rIdEspion" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        f'Target="{url}" TargetMode="External"/></Relationships>'
    )
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rel.encode()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def test_libreoffice_fetches_nothing(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), Espion)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        docx = tmp_path / "lettre.docx"
        docx_with_remote_image(docx, f"http://127.0.0.1:{server.server_port}/espion.png")
        written = convert([docx])
    finally:
        server.shutdown()
        server.server_close()
    assert written == [tmp_path / "lettre.pdf"]
    assert Espion.requetes == []
