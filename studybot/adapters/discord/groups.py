"""Group play in a server channel: /challenge, /daily and /leaderboard as public messages, each member's
press acknowledged ephemerally. Personal quizzes stay ephemeral (handlers.py). The channel's messages (also
the group timer's view of Discord channels): group_posts.py."""

from __future__ import annotations

import logging
from typing import Any

import discord

from studybot.adapters import group_text
from studybot.adapters.discord.codec import ButtonId
from studybot.adapters.discord.group_posts import PLATFORM, QUESTION, ChannelPosts, bold
from studybot.adapters.discord.handlers import in_time
from studybot.adapters.discord.late import acknowledged, by_dm, first_response, is_late
from studybot.adapters.discord.message import embed, md
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.commands import command_word, dispatch_group
from studybot.engine.groups.replies import GroupReply, GroupUpdate, Leaderboard, Place
from studybot.engine.replies import Learner, Level
from studybot.push.challenges import ChatGone

POSTED = "Posted in this channel."
CANNOT_POST = "I can't post in this channel. Give me View Channel and Send Messages here, then try again."
NOT_NOW = "Discord would not take the question in this channel just now. Try /challenge again in a minute."
NOT_SHOWN = "Done, but Discord would not take the message in this channel just now."
NO_EMBEDS = "I can't show questions in this channel: give me Embed Links here (and Send Messages), then try again."
log = logging.getLogger(__name__)


def learner_of(user: discord.abc.User) -> Learner:
    return Learner(PLATFORM, str(user.id), user.display_name)


class DiscordGroups:
    """The group side of the Discord adapter; `posts` is also the group timer's view of Discord channels."""

    def __init__(self, client: discord.Client, groups: GroupEngine, admin_role: str | None = None) -> None:
        self.client = client
        self.groups = groups
        self.admin_role = admin_role
        self.posts = ChannelPosts(client, groups)

    def is_admin(self, interaction: discord.Interaction[Any]) -> bool:
        """Manage Server, or the role named (or numbered) in STUDYBOT_DISCORD_ADMIN_ROLE."""
        if interaction.permissions.manage_guild:
            return True
        roles = getattr(interaction.user, "roles", [])
        wanted = (self.admin_role or "").strip()
        return bool(wanted) and any(wanted in (role.name, str(role.id)) for role in roles)

    async def command(self, interaction: discord.Interaction[Any], line: str) -> bool:
        """Handle a group command in a server channel; False when `line` is not one. A slow database call
        is acknowledged first ("thinking…"); the chat's messages go out even if the acknowledgement failed."""
        found = command_word(line)
        if interaction.guild_id is None or interaction.channel_id is None or found is None:
            return False
        if _posts_questions(*found) and not interaction.app_permissions.embed_links:  # else Discord drops the
            await _answer(interaction, NO_EMBEDS, None, False)  # question's text and keeps its buttons
            return True
        place = Place(PLATFORM, str(interaction.channel_id), by_admin=self.is_admin(interaction))
        work = dispatch_group(self.groups, place, learner_of(interaction.user), line)
        reply = await in_time(interaction, work, thinking=True)
        if reply is None:
            return False
        await _answer(interaction, *_reply_to_caller(reply))
        if isinstance(reply, GroupUpdate):
            await self._show_after_command(interaction, reply)
        return True

    async def _show_after_command(self, interaction: discord.Interaction[Any], reply: GroupUpdate) -> None:
        try:
            await self.posts.show(reply)
        except ChatGone:  # the bot may answer commands here but not see the channel: end what it started
            await self.groups.chat_gone(PLATFORM, reply.chat_id)
            await _answer(interaction, CANNOT_POST, None, False)
        except discord.Forbidden:  # Missing Permissions: `show` ended the challenge
            await _answer(interaction, CANNOT_POST, None, False)
        except discord.HTTPException as exc:  # not taken now (429s past discord.py's retries, a 5xx)
            log.warning("discord: channel %s: not shown: %s", reply.chat_id, exc)
            if reply.ask is not None:  # a challenge whose first question nobody saw ends, to be started again
                await self.groups.end_challenge(PLATFORM, reply.chat_id)
            await _answer(interaction, NOT_NOW if reply.ask is not None else NOT_SHOWN, None, False)

    async def press(self, interaction: discord.Interaction[Any], button: ButtonId) -> None:
        """A member's answer to a challenge question: acknowledged to them alone (deferred first when the
        database is slow), the channel updated even if the acknowledgement failed."""
        place = Place(PLATFORM, str(interaction.channel_id))
        work = self.groups.answer(place, learner_of(interaction.user), button.nonce, button.arg)
        update = await in_time(interaction, work, thinking=False)
        await _answer(interaction, md(update.say.text if update.say else "Answer recorded."), None, False)
        await self.posts.show(update)


def _posts_questions(name: str, args: str) -> bool:
    """Whether the command starts questions posted in the channel later: a challenge, a question of the day."""
    word = args.strip().lower()
    return (name == "challenge" and word != "stop") or (name == "daily" and word not in ("", "off"))


def _reply_to_caller(reply: GroupReply) -> tuple[str | None, discord.Embed | None, bool]:
    """(text, embed, public): the leaderboard and a command's plain answer in public; a refusal, and what
    concerns the caller alone (/leaderboard hide), to them."""
    if isinstance(reply, Leaderboard):
        return None, embed("\n".join(group_text.leaderboard_lines(reply, md, bold)), colour=QUESTION), True
    if reply.say is None:
        return "Challenge on: the questions come in this channel.", None, False
    error = reply.say.level is Level.ERROR
    return ("⚠️ " if error else "") + md(reply.say.text), None, not (error or reply.personal)


async def _answer(
    interaction: discord.Interaction[Any], text: str | None, shown: discord.Embed | None, public: bool
) -> None:
    """Answer the caller: the response, or after a defer (an ephemeral "thinking…") that message, or for a
    public answer a follow-up; too late to answer the interaction (10062), by DM or in the channel. A failure
    is logged; the caller's work goes on."""
    content: dict[str, Any] = {"content": text} if shown is None else {"embed": shown}
    try:
        sending = not acknowledged(interaction) and not is_late(interaction)
        if sending and await first_response(
            interaction, interaction.response.send_message(**content, ephemeral=not public)
        ):
            return
        if is_late(interaction):
            await (_post(interaction, content) if public else by_dm(interaction, content))
        elif acknowledged(interaction) is not discord.InteractionResponseType.deferred_channel_message:
            await interaction.followup.send(**content, ephemeral=not public)
        elif not public:
            await interaction.edit_original_response(**content)
        else:  # the deferred "thinking…" is ephemeral: it points to a post in the channel
            await interaction.edit_original_response(content=POSTED)
            await _post(interaction, content)
    except discord.HTTPException as exc:
        log.warning("discord: group interaction %s not answered: %s", interaction.id, exc)


async def _post(interaction: discord.Interaction[Any], content: dict[str, Any]) -> None:
    if interaction.channel_id is not None:
        await interaction.client.get_partial_messageable(interaction.channel_id).send(**content)
