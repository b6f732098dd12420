"""Discord's limits on what a bot sends, checked the way the API does: a violation is a 400 (code 50035)."""

from __future__ import annotations

import re
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
MODAL_LABEL = 45
MODAL_LABEL_DESCRIPTION = 100
TEXT_INPUT = 4000
TEXT_DISPLAY = 4000
TEXT_INPUT_PLACEHOLDER = 100
SELECT_PLACEHOLDER = 150
AUTHOR = 256
CHOICES = 25  # autocomplete results
CHOICE_TEXT = 100  # a choice's name, and a string value
MODAL_TYPES = {10, 18}  # a text display, a label around one component (action rows are legacy, still taken)


COMMANDS = 100  # of one scope (global, or one guild)
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
COMMAND_DESCRIPTION = 100
OPTIONS = 25  # a command's options (or a subcommand's), and an option's choices


def commands_problems(commands: list[dict[str, Any]]) -> list[str]:
    """A command sync: at most 100 commands, unique names; names lower-case 1-32, descriptions 1-100, at most
    25 options (and choices) each, at every level of subcommands."""
    problems = [] if len(commands) <= COMMANDS else [f"commands: {len(commands)} > {COMMANDS}"]
    names = [c.get("name") for c in commands]
    problems += [f"command {n!r} twice" for n in sorted({n for n in names if names.count(n) > 1})]
    for command in commands:
        problems += _command_problems(command)
    return problems


def _command_problems(item: dict[str, Any]) -> list[str]:
    name, problems = str(item.get("name") or ""), []
    if not COMMAND_NAME.match(name) or name != name.lower():
        problems.append(f"command or option name {name!r}")
    if not 1 <= len(item.get("description") or "") <= COMMAND_DESCRIPTION:
        problems.append(f"{name}: description not 1-{COMMAND_DESCRIPTION} characters")
    options, choices = item.get("options") or [], item.get("choices") or []
    if len(options) > OPTIONS or len(choices) > OPTIONS:
        problems.append(f"{name}: more than {OPTIONS} options or choices")
    problems += [f"{name}: {p}" for p in choices_problems(choices)]
    for option in options:
        problems += _command_problems(option)
    return problems


def empty(message: dict[str, Any]) -> bool:
    """Discord's 50006 "Cannot send an empty message": no text, embed, file, component, sticker or poll."""
    keys = ("content", "embeds", "attachments", "components", "sticker_ids", "poll")
    return not any(message.get(key) for key in keys)


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
    return problems + _duplicate_ids(body.get("components") or [])


def _duplicate_ids(rows: list[dict[str, Any]]) -> list[str]:
    """Each component's custom_id must be unique within its message (or modal)."""
    ids: list[str] = []
    for row in rows:
        inner = row.get("components") or ([row["component"]] if "component" in row else [])
        ids += [c["custom_id"] for c in [row, *inner] if c.get("custom_id")]
    return [f"custom_id {i!r} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]


def choices_problems(choices: list[dict[str, Any]]) -> list[str]:
    """An autocomplete result: at most 25 choices, each named 1-100 characters, a string value ≤ 100."""
    problems = [] if len(choices) <= CHOICES else [f"choices: {len(choices)} > {CHOICES}"]
    for choice in choices:
        value = choice.get("value")
        if not 1 <= len(choice.get("name") or "") <= CHOICE_TEXT:
            problems.append(f"choice name: not 1-{CHOICE_TEXT} characters")
        if isinstance(value, str) and len(value) > CHOICE_TEXT:
            problems.append(f"choice value: > {CHOICE_TEXT}")
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
    if len((embed.get("author") or {}).get("name") or "") > AUTHOR:
        problems.append(f"embed author: > {AUTHOR}")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        problems.append(f"embed fields: > {FIELDS}")
    for field in fields:
        if not 1 <= len(field.get("name") or "") <= FIELD_NAME or not 1 <= len(field.get("value") or "") <= FIELD_VALUE:
            problems.append("embed field: name 1-256 and value 1-1,024 characters")
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
    if component.get("type") == 2:
        problems += _button_problems(component)
    if component.get("type") == 3:
        problems += _select_problems(component)
    if component.get("type") == 4:
        problems += _text_input_problems(component)
    return problems


def _button_problems(button: dict[str, Any]) -> list[str]:
    problems = [f"button label: > {LABEL}"] if len(button.get("label") or "") > LABEL else []
    if not button.get("label") and not button.get("emoji"):
        problems.append("button: neither label nor emoji")
    link = button.get("style") == 5
    if link != bool(button.get("url")) or link == bool(button.get("custom_id")):
        problems.append("button: a link button has a url, any other a custom_id")
    return problems


def _text_input_problems(field: dict[str, Any]) -> list[str]:
    problems = []
    low, high = field.get("min_length") or 0, field.get("max_length") or TEXT_INPUT
    if not 0 <= low <= high <= TEXT_INPUT or high < 1:
        problems.append(f"text input: min_length {low}, max_length {high}")
    if len(field.get("value") or "") > high:
        problems.append("text input: value longer than max_length")
    if len(field.get("placeholder") or "") > TEXT_INPUT_PLACEHOLDER:
        problems.append(f"text input placeholder: > {TEXT_INPUT_PLACEHOLDER}")
    if len(field.get("label") or "") > MODAL_LABEL:
        problems.append(f"text input label: > {MODAL_LABEL}")
    return problems


def _select_problems(select: dict[str, Any]) -> list[str]:
    options = select.get("options") or []
    problems = [] if 1 <= len(options) <= SELECT_OPTIONS else [f"select: {len(options)} options"]
    if len(select.get("placeholder") or "") > SELECT_PLACEHOLDER:
        problems.append(f"select placeholder: > {SELECT_PLACEHOLDER}")
    low, high = select.get("min_values", 1), select.get("max_values", 1)
    if not 0 <= low <= high <= len(options):
        problems.append(f"select: min_values {low}, max_values {high} of {len(options)} options")
    values = [option.get("value") for option in options]
    if len(set(values)) != len(values):
        problems.append("select: two options share a value")
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
    problems += _duplicate_ids(components)
    for component in components:
        problems += _modal_component_problems(component)
        inner = component.get("components") or ([component["component"]] if "component" in component else [])
        for item in inner:
            problems += _component_problems(item)
    return problems


def _modal_component_problems(component: dict[str, Any]) -> list[str]:
    kind = component.get("type")
    if kind == 18 and not 1 <= len(component.get("label") or "") <= MODAL_LABEL:
        return [f"modal label: not 1-{MODAL_LABEL} characters"]
    if kind == 18 and len(component.get("description") or "") > MODAL_LABEL_DESCRIPTION:
        return [f"modal label description: > {MODAL_LABEL_DESCRIPTION}"]
    if kind == 10 and not 1 <= len(component.get("content") or "") <= TEXT_DISPLAY:
        return [f"text display: not 1-{TEXT_DISPLAY} characters"]
    if kind not in MODAL_TYPES | {1}:
        return [f"modal component type {kind}"]
    return []
