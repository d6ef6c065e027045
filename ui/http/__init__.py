"""The JSON API: FastAPI routes for chat, search, eligibility, rewards, criteria, documents and review."""
