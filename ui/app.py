"""The web application served by ``zjtx serve``: the JSON API plus the UI at ``/``."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.service import AssistantService
from ui.api import create_app
from zjtx.settings import Settings


def create_web_app(settings: Settings, service: AssistantService | None = None) -> FastAPI:
    """The API under ``/api`` (OpenAPI at ``/openapi.json``) with the Gradio UI mounted at ``/``.

    ``service`` skips the background load (tests pass the session's real service).
    """
    from ui.gradio_app import mount_ui

    return mount_ui(create_app(settings, service=service, include_home=False))
