"""Discord: slash commands, quiz embeds with buttons, and DMs for pushes (discord.py 2.7)."""

from studybot.adapters.discord.client import DiscordService, StudyClient, service
from studybot.adapters.discord.delivery import DiscordDelivery, open_delivery

__all__ = ["DiscordDelivery", "DiscordService", "StudyClient", "open_delivery", "service"]
