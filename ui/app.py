"""The web application served by ``zjtx serve``: the JSON API plus the UI at ``/``."""

from __future__ import annotations

from fastapi import FastAPI

from ui.api import create_app
from zjtx.settings import Settings


def create_web_app(settings: Settings) -> FastAPI:
    return create_app(settings)
