"""The one exception the routes raise for a client or server error."""
from __future__ import annotations

from collections.abc import Mapping

from fastapi import HTTPException


class ApiError(HTTPException):
    """An HTTP error with its message and, for a bad parameter, which one."""

    def __init__(self, status: int, message: str, parameter: str | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=dict(headers) if headers else None)
        self.parameter = parameter
