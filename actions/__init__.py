"""Rasa custom actions: thin translations between Rasa's tracker and the project's logic in `bot/`."""
