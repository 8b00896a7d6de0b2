"""Custom Rasa channels: WhatsApp (Twilio), Microsoft Teams (Bot Framework) and the
website widget's Socket.IO channel.

These modules run inside the Rasa environment (``.venv-rasa``): they may import
``rasa``, but nothing from the app environment. ``credentials.yml`` (local) and
``credentials.prod.yml`` (production) name them by module path.
"""
