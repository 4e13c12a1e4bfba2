"""Values as the database keeps them: JSON text for notes' data and a task's kept columns."""
from __future__ import annotations

from typing import Any


def json_text(data: dict[str, Any] | None) -> str | None:
    """A dict as JSON text (Chinese kept as written); nothing for an empty one."""
    if not data:
        return None
    import json  # only on paths that store data: plain reads skip it

    return json.dumps(data, ensure_ascii=False)


def json_data(text: str | None) -> dict[str, Any] | None:
    """JSON text back as a dict; None for none."""
    if not text:
        return None
    import json

    loaded: dict[str, Any] = json.loads(text)
    return loaded
