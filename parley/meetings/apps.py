from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings in the room: agenda, attendance, the projector, rounds, paper votes, minutes, results."""

    name = "parley.meetings"
    label = "meetings"
