"""Patient-information assistant for oligometastatic non-small cell lung cancer: all project logic.

Modules here import no Rasa code unless their name says so (`bot.rasa_ext`), so the clinical logic is
tested in milliseconds and runs in whichever process needs it.
"""
