from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = "Postings"

    def ready(self):
        from .signals import connect_board_signals

        connect_board_signals()
