"""``createMediaUpload`` and ``completeMediaUpload`` (reference 3.31): the handlers. The file
itself is POSTed to ``/media/uploads/<UUID>`` (``mercato.http.media_files``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from mercato.api.caller import services_of
from mercato.api.common import Handler, ok, once
from mercato.catalog import media_uploads
from mercato.db.unit_of_work import Codec
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref
from mercato.settings import Settings


def media_storage(settings: Settings) -> media_uploads.MediaStorage:
    return media_uploads.MediaStorage(Path(settings.media_directory), settings.public_url)


#: How an opened upload is stored with its idempotency key: a retry gets the same UUID.
UPLOAD_CODEC: Codec[media_uploads.OpenedUpload] = Codec(
    encode=lambda opened: {"uuid": opened.uuid, "expiresAt": opened.expires_at.isoformat()},
    decode=lambda stored: media_uploads.OpenedUpload(
        stored["uuid"], datetime.fromisoformat(stored["expiresAt"])
    ),
)


def create_media_upload(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    services = services_of(context)
    storage = media_storage(services.settings)
    data = arguments["input"]
    opened = once(
        context,
        "createMediaUpload",
        "MediaUpload",
        data,
        lambda writer: media_uploads.create_media_upload(writer, storage, data["mediaType"]),
        UPLOAD_CODEC,
    )
    return ok(
        UUID=opened.uuid,
        uploadPolicy={
            "attributes": [
                {"name": "action", "value": storage.upload_url(opened.uuid)},
                {"name": "method", "value": "POST"},
                {"name": "enctype", "value": "multipart/form-data"},
            ],
            "fields": [{"name": "key", "value": opened.uuid}],
        },
    )


def complete_media_upload(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    services = services_of(context)
    data = arguments["input"]
    media_id = media_uploads.complete_media_upload(
        services.writer,
        media_storage(services.settings),
        media_uploads.MediaUploadComplete(
            uuid=data["UUID"],
            object_type=data["objectType"],
            object_id=data["objectId"],
            meta_data_json=data.get("metaDataJSON"),
        ),
    )
    return ok(productMedia=Ref("ProductMedia", media_id))


MUTATIONS: Mapping[str, Handler] = {
    "createMediaUpload": create_media_upload,
    "completeMediaUpload": complete_media_upload,
}
