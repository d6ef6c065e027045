"""A local admin token for ``zjtx serve`` when ``ZJTX_ADMIN_TOKEN`` is unset.

Uploads, deletes and rebuilds need the admin token. A fresh ``make run`` has none, so every
write was refused until the server was restarted with the variable set (new-user trial 39). The
server now makes one token per data directory, in a file only the machine's user can read
(``data/admin_token``), and says where it is; the token itself is never printed or logged.
``ZJTX_LOCAL_ADMIN_TOKEN=false`` keeps writes disabled instead.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from zjtx.settings import Settings

TOKEN_FILE = "admin_token"
_ENV = "ZJTX_ADMIN_TOKEN"


def with_local_token(settings: Settings) -> tuple[Settings, Path | None]:
    """``settings`` with an admin token, and the file it was read from when it is the local one.

    A token set in the environment wins; ``local_admin_token`` off leaves the settings as they are.
    The token is put in this process's environment too, so that ``--workers`` processes, which read
    their own settings, accept it as well."""
    configured = settings.admin_token.get_secret_value() if settings.admin_token is not None else ""
    if configured or not settings.local_admin_token:
        return settings, None
    path = settings.data_dir / TOKEN_FILE
    token = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    if not token:
        path.parent.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(18)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(token + "\n")
    os.chmod(path, 0o600)
    os.environ[_ENV] = token
    return settings.model_copy(update={"admin_token": SecretStr(token)}), path
