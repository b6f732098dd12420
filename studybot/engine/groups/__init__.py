"""Study together in a group chat or a server channel: challenges, the question of the day, the leaderboard.

Every rule lives here; adapters parse a command or a press, call `GroupEngine` (api.py), and render what it
returns (replies.py). Chats and members are opaque strings: a chat is (platform, chat id), a member is a
`Learner` of that platform, the same learner as in a private chat.
"""
