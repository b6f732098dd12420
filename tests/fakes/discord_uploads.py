"""Files a bot uploads to the fake Discord: multipart bodies (`payload_json` and `files[N]` parts), as the API
takes them, turned into the attachments a message carries. The bytes are kept for the test to read."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

ATTACHMENT_SCHEME = "attachment://"
MAX_UPLOAD = 10 * 1024 * 1024  # bytes: the limit for a bot without boosts


async def read_body(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The JSON body, and the uploaded files by part name ("files[0]") for a multipart request."""
    if not request.can_read_body:
        return {}, {}
    if not request.content_type.startswith("multipart/"):
        return await request.json(), {}
    form = await request.post()
    payload = form.get("payload_json")
    body = json.loads(payload) if isinstance(payload, str) else {}
    files = {name: part.file.read() for name, part in form.items() if isinstance(part, web.FileField)}
    return body, files


def attach(
    message: dict[str, Any], files: dict[str, bytes], uploads: dict[str, bytes], new_id: Callable[[], str]
) -> list[str]:
    """Replace `message`'s attachment stubs ({"id": N, "filename": ...}) by the attachments Discord makes of
    the uploaded parts, keeping their bytes in `uploads` by attachment id; the problems Discord would refuse."""
    problems, attached = [], []
    for stub in message.get("attachments") or []:
        data = files.get(f"files[{stub['id']}]")
        if data is None:
            problems.append(f"attachments: no file part for {stub}")
            continue
        if len(data) > MAX_UPLOAD:
            problems.append(f"attachments: {stub['filename']} is {len(data)} bytes")
        attachment_id = new_id()
        uploads[attachment_id] = data
        url = f"https://cdn.discordapp.invalid/attachments/{attachment_id}/{stub['filename']}"
        attached.append(
            {"id": attachment_id, "filename": stub["filename"], "size": len(data), "url": url, "proxy_url": url}
        )
    names = {a["filename"] for a in attached}
    for embed in message.get("embeds") or []:
        image = (embed.get("image") or {}).get("url") or ""
        if image.startswith(ATTACHMENT_SCHEME) and image.removeprefix(ATTACHMENT_SCHEME) not in names:
            problems.append(f"embed image {image}: no such attachment")
    if files and not attached:
        problems.append("files uploaded but no attachment names them")
    message["attachments"] = attached
    return problems
