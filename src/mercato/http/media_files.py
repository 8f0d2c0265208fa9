"""The media routes: ``POST /media/uploads/<UUID>`` takes the file of a media upload (the
form ``createMediaUpload``'s upload policy describes: its fields and the file as the part
``file``), answering 204 like the S3 form Centra hands out; ``GET /media/<file>`` serves
uploaded files from the media directory (``MERCATO_MEDIA_DIRECTORY``)."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from mercato.api.media_uploads import media_storage
from mercato.catalog.media_uploads import (
    MAX_UPLOAD_BYTES,
    MediaStorage,
    UploadRefusedError,
    store_upload,
)
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.settings import Settings

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_FILE = re.compile(rf"{_UUID.pattern}\.(png|jpg|gif)")


def routes(settings: Settings, database: Database) -> list[BaseRoute]:
    storage = media_storage(settings)
    writer = Writer.system(database, "media upload")

    async def upload(request: Request) -> Response:
        upload_uuid = request.path_params["uuid"]
        if _UUID.fullmatch(upload_uuid) is None:
            return _refused(404, "No upload has this address.")
        content = await _file_content(request, upload_uuid)
        if isinstance(content, Response):
            return content
        try:
            await run_in_threadpool(store_upload, writer, storage, upload_uuid, content)
        except UploadRefusedError as refused:
            return _refused(refused.status, refused.message)
        return Response(status_code=204)

    async def media_file(request: Request) -> Response:
        return _served(storage, request.path_params["name"])

    return [
        Route("/media/uploads/{uuid}", upload, methods=["POST"]),
        Route("/media/{name}", media_file, methods=["GET", "HEAD"]),
    ]


async def _file_content(request: Request, upload_uuid: str) -> bytes | Response:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return _refused(415, "Send the file as multipart/form-data, in the part named file.")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + 65_536:
        return _refused(413, f"An upload holds at most {MAX_UPLOAD_BYTES} bytes.")
    async with request.form(max_files=1, max_fields=20) as form:
        key = form.get("key")
        if key is not None and key != upload_uuid:
            return _refused(400, "The form's key field does not name this upload.")
        part = form.get("file")
        if not isinstance(part, UploadFile):
            return _refused(400, 'Send the image as the form part "file".')
        return await part.read(MAX_UPLOAD_BYTES + 1)


def _served(storage: MediaStorage, name: str) -> Response:
    if _FILE.fullmatch(name) is None:
        return _refused(404, "No such media file.")
    path = Path(storage.directory) / name
    if not path.is_file():
        return _refused(404, "No such media file.")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})


def _refused(status: int, message: str) -> Response:
    return JSONResponse({"message": message}, status_code=status)
