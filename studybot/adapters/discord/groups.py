"""Group play in a server channel: /challenge, /daily and /leaderboard as public messages, each member's
press acknowledged ephemerally. Personal quizzes stay ephemeral (handlers.py). This is also the group
timer's view of Discord channels (the next question, scoreboards, the question of the day)."""

from __future__ import annotations

import logging
from typing import Any

import discord

from studybot.adapters import group_text
from studybot.adapters.discord.buttons import QuizButton
from studybot.adapters.discord.codec import Action, ButtonId
from studybot.adapters.discord.message import LABEL_MAX, Outgoing, clip, embed, md
from studybot.engine.groups.api import GroupEngine
from studybot.engine.groups.commands import dispatch_group
from studybot.engine.groups.replies import ChallengeQuestion, ClosedQuestion, GroupUpdate, Leaderboard, Place
from studybot.engine.replies import Learner, Level
from studybot.push.challenges import ChatGone

PLATFORM = "discord"
ANYONE = 0
QUESTION = discord.Colour.gold()
DONE = discord.Colour.dark_grey()
GONE = frozenset({50001, 10003})  # Missing Access, Unknown Channel: the bot is out of the channel
CANNOT_POST = "I can't post in this channel. Give me View Channel and Send Messages here, then try again."
log = logging.getLogger(__name__)


def _bold(text: str) -> str:
    return f"**{md(text)}**"


def learner_of(user: discord.abc.User) -> Learner:
    return Learner(PLATFORM, str(user.id), user.display_name)


class DiscordGroups:
    platform = PLATFORM

    def __init__(self, client: discord.Client, groups: GroupEngine, admin_role: str | None = None) -> None:
        self.client = client
        self.groups = groups
        self.admin_role = admin_role

    def is_admin(self, interaction: discord.Interaction[Any]) -> bool:
        """Manage Server, or the role named (or numbered) in STUDYBOT_DISCORD_ADMIN_ROLE."""
        if interaction.permissions.manage_guild:
            return True
        roles = getattr(interaction.user, "roles", [])
        wanted = (self.admin_role or "").strip()
        return bool(wanted) and any(wanted in (role.name, str(role.id)) for role in roles)

    async def command(self, interaction: discord.Interaction[Any], line: str) -> bool:
        """Handle a group command in a server channel; False when `line` is not one."""
        if interaction.guild_id is None or interaction.channel_id is None:
            return False
        place = Place(PLATFORM, str(interaction.channel_id), by_admin=self.is_admin(interaction))
        reply = await dispatch_group(self.groups, place, learner_of(interaction.user), line)
        if reply is None:
            return False
        if isinstance(reply, Leaderboard):
            text = "\n".join(group_text.leaderboard_lines(reply, md, _bold))
            await interaction.response.send_message(embed=embed(text, colour=QUESTION))  # public
            return True
        said = reply.say
        if said is None:
            await interaction.response.send_message("Challenge on: the questions come in this channel.", ephemeral=True)
        else:
            error = said.level is Level.ERROR
            await interaction.response.send_message(("⚠️ " if error else "") + md(said.text), ephemeral=error)
        try:
            await self.show(reply)
        except ChatGone:  # the bot may answer commands here but not see the channel: end what it started
            await self.groups.chat_gone(PLATFORM, reply.chat_id)
            await interaction.followup.send(CANNOT_POST, ephemeral=True)
        except discord.Forbidden:  # Missing Permissions: the challenge ends, the daily question stays set
            await self.groups.end_challenge(PLATFORM, reply.chat_id)
            await interaction.followup.send(CANNOT_POST, ephemeral=True)
        return True

    async def press(self, interaction: discord.Interaction[Any], button: ButtonId) -> None:
        """A member's answer to a challenge question: acknowledged to them alone, the channel updated."""
        place = Place(PLATFORM, str(interaction.channel_id))
        update = await self.groups.answer(place, learner_of(interaction.user), button.nonce, button.arg)
        text = update.say.text if update.say else "Answer recorded."
        await interaction.response.send_message(md(text), ephemeral=True)
        await self.show(update)

    async def show(self, update: GroupUpdate) -> None:
        if not update.chat_id:
            return
        channel = self.client.get_partial_messageable(int(update.chat_id))
        try:
            for closed in update.closed:
                await self._close(channel, closed)
            if update.ask is not None:
                await self._ask(channel, update.ask)
            if update.scoreboard is not None:
                text = "\n".join(group_text.scoreboard_lines(update.scoreboard, md, _bold))
                await channel.send(embed=embed(text, colour=QUESTION))
        except discord.HTTPException as exc:
            if exc.code in GONE:
                raise ChatGone(str(exc)) from exc
            raise  # Missing Permissions and the like: this post is lost, the chat's settings stay

    async def _close(self, channel: discord.PartialMessageable, closed: ClosedQuestion) -> None:
        """Edit the closed question's message; one deleted meanwhile (Unknown Message) is left alone."""
        if closed.ref is None:
            return
        text = "\n".join(group_text.closed_lines(closed, md, _bold))
        message = channel.get_partial_message(int(closed.ref.partition(":")[2]))
        try:
            await message.edit(embed=embed(text, colour=DONE), view=Outgoing().kwargs()["view"])
        except discord.HTTPException as exc:
            if exc.code in GONE:
                raise
            log.info("discord: challenge message %s not edited: %s", closed.ref, exc)

    async def _ask(self, channel: discord.PartialMessageable, question: ChallengeQuestion) -> None:
        text = "\n".join(group_text.question_lines(question, md, _bold))
        out = Outgoing(embeds=[embed(text, colour=QUESTION)], buttons=buttons(question))
        sent = await channel.send(embeds=out.embeds, view=out.view())  # type: ignore[arg-type]
        await self.groups.remember_message(question.nonce, f"{sent.channel.id}:{sent.id}")


def buttons(question: ChallengeQuestion) -> list[QuizButton]:
    return [
        QuizButton(ButtonId(Action.CHALLENGE, question.nonce, ANYONE, c.key), clip(c.label, LABEL_MAX))
        for c in question.choices
    ]
