"""Discord's limits on what a bot sends, checked the way the API does: a violation is a 400 (code 50035)."""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10
TITLE = 256
DESCRIPTION = 4096
FOOTER = 2048
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
EMBEDS_TOTAL = 6000
ROWS = 5
BUTTONS_PER_ROW = 5
CUSTOM_ID = 100
LABEL = 80
SELECT_OPTIONS = 25
SELECT_TEXT = 100
MODAL_TITLE = 45
MODAL_COMPONENTS = 5
TEXT_INPUT = 4000


def message_problems(body: dict[str, Any]) -> list[str]:
    problems = []
    content = body.get("content") or ""
    if len(content) > CONTENT:
        problems.append(f"content: {len(content)} > {CONTENT}")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        problems.append(f"embeds: {len(embeds)} > {EMBEDS}")
    total = 0
    for embed in embeds:
        problems += _embed_problems(embed)
        total += embed_length(embed)
    if total > EMBEDS_TOTAL:
        problems.append(f"embeds total: {total} > {EMBEDS_TOTAL}")
    problems += components_problems(body.get("components") or [])
    return problems


def embed_length(embed: dict[str, Any]) -> int:
    fields = embed.get("fields") or []
    return (
        len(embed.get("title") or "")
        + len(embed.get("description") or "")
        + len((embed.get("footer") or {}).get("text") or "")
        + len((embed.get("author") or {}).get("name") or "")
        + sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
    )


def _embed_problems(embed: dict[str, Any]) -> list[str]:
    problems = []
    for key, limit in (("title", TITLE), ("description", DESCRIPTION)):
        if len(embed.get(key) or "") > limit:
            problems.append(f"embed {key}: > {limit}")
    if len((embed.get("footer") or {}).get("text") or "") > FOOTER:
        problems.append(f"embed footer: > {FOOTER}")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        problems.append(f"embed fields: > {FIELDS}")
    for field in fields:
        if len(field.get("name") or "") > FIELD_NAME or len(field.get("value") or "") > FIELD_VALUE:
            problems.append("embed field too long")
    return problems


def components_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems = []
    if len(rows) > ROWS:
        problems.append(f"components: {len(rows)} rows > {ROWS}")
    for row in rows:
        buttons = row.get("components") or []
        if row.get("type") == 1 and len(buttons) > BUTTONS_PER_ROW:
            problems.append(f"action row: {len(buttons)} buttons > {BUTTONS_PER_ROW}")
        if any(c.get("type") == 3 for c in buttons) and len(buttons) != 1:
            problems.append("action row: a select menu shares its row")
        for component in buttons:
            problems += _component_problems(component)
    return problems


def _component_problems(component: dict[str, Any]) -> list[str]:
    problems = []
    custom_id = component.get("custom_id")
    if custom_id is not None and not 1 <= len(custom_id) <= CUSTOM_ID:
        problems.append(f"custom_id: {len(custom_id)} characters")
    if component.get("type") == 2 and len(component.get("label") or "") > LABEL:
        problems.append(f"button label: > {LABEL}")
    if component.get("type") == 3:
        problems += _select_problems(component)
    if component.get("type") == 4 and (component.get("max_length") or 0) > TEXT_INPUT:
        problems.append(f"text input max_length: > {TEXT_INPUT}")
    return problems


def _select_problems(select: dict[str, Any]) -> list[str]:
    options = select.get("options") or []
    problems = [] if 1 <= len(options) <= SELECT_OPTIONS else [f"select: {len(options)} options"]
    for option in options:
        for key in ("label", "value", "description"):
            if len(option.get(key) or "") > SELECT_TEXT:
                problems.append(f"select option {key}: > {SELECT_TEXT}")
        if not option.get("label") or not option.get("value"):
            problems.append("select option without label or value")
    return problems


def modal_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    if not 1 <= len(data.get("title") or "") <= MODAL_TITLE:
        problems.append(f"modal title: not 1-{MODAL_TITLE} characters")
    components = data.get("components") or []
    if not 1 <= len(components) <= MODAL_COMPONENTS:
        problems.append(f"modal: {len(components)} components")
    if not 1 <= len(data.get("custom_id") or "") <= CUSTOM_ID:
        problems.append("modal custom_id")
    for component in components:
        inner = component.get("components") or ([component["component"]] if "component" in component else [])
        for item in inner:
            problems += _component_problems(item)
    return problems
