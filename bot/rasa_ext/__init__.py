"""The few pieces that plug project logic into the Rasa server process itself (Python 3.10 env)."""
