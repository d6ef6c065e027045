"""Kept for callers of the old module: the Gradio app now lives in ``ui/gradio/``."""

from ui.gradio.app import WebUI, build_blocks, mount_ui

__all__ = ["WebUI", "build_blocks", "mount_ui"]
