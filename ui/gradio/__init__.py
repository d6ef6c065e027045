"""The Gradio web app: one module per tab (chat, eligibility, rewards, knowledge base),
``app.py`` building the Blocks, pure formatters under ``formatting/``, CSS under ``static/``."""
