from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = "Postings"

    def ready(self):
        from roles import openings

        from .role_openings import level_openings
        from .signals import connect_board_signals

        connect_board_signals()
        # The role pages link each level's open postings; roles cannot import postings.
        openings.register(level_openings)
