"""Messages a group's anonymous admins send "as the group": Telegram shows them from GroupAnonymousBot with
the group itself as `sender_chat`, and only the group's admins can post that way. Group commands from them
count as an admin's, with the group standing in as the member; anything personal (a quiz, an answer) has
nobody to belong to, so the bot says why it cannot take it instead of staying silent. Hiding oneself from the
leaderboard is such a thing too: it is each member's own choice, and the group has no row of its own."""

from __future__ import annotations

from telegram import Chat, Message

from studybot.engine.replies import Learner

PLATFORM = "telegram"
NOBODY_TO_QUIZ = (
    "You are posting as the group (an anonymous admin), so I can't tell whose quiz this is. Group commands "
    "(/challenge, /daily, /leaderboard) work as they are; to study, turn off “Remain anonymous” or message me."
)

OWN_ROW = ("hide", "show")  # `/leaderboard hide|show`: the caller's own row


def nobody_to_hide(name: str, args: str) -> str | None:
    """What to tell an anonymous admin who sent `/leaderboard hide|show`; None for any other command."""
    word = args.strip().lower()
    if name != "leaderboard" or word not in OWN_ROW:
        return None
    return (
        f"You are posting as the group (an anonymous admin), so I can't tell whose row to {word}: each member "
        f"hides or shows their own. Turn off “Remain anonymous” and send /leaderboard {word} again."
    )


def as_the_group(message: Message) -> bool:
    """Sent by one of the chat's admins posting anonymously (a channel's post in its discussion group has
    the channel as `sender_chat`, not the group)."""
    return message.sender_chat is not None and message.sender_chat.id == message.chat_id


def as_a_channel(message: Message) -> bool:
    """Posted on behalf of a channel: the group's linked channel (forwarded in by "Telegram", a sender not
    marked as a bot), or a member writing as their channel. No member of the group is behind it."""
    return message.sender_chat is not None and not as_the_group(message)


def stand_in(chat: Chat) -> Learner:
    """The member an anonymous admin's group command is played as: the group, under its own title (user
    ids are positive and group ids negative, so it never meets a person's account)."""
    return Learner(PLATFORM, str(chat.id), chat.title or "Group admins")
