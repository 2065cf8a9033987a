"""Typed helpers that read tangguh's configuration from the environment."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

PREFIX = "TANGGUH_"
TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y", "t"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", "f", ""})


class ConfigError(ValueError):
    """A setting in the environment has a value tangguh cannot use."""


def env_str(name: str, default: str = "") -> str:
    """The string value of TANGGUH_<name>, or the default when unset."""
    return os.environ.get(PREFIX + name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting; accepts 1/0, true/false, yes/no, on/off."""
    raw = os.environ.get(PREFIX + name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{PREFIX}{name}={raw!r} is not a yes/no value (use true or false)")


def env_int(name: str, default: int) -> int:
    """An integer setting."""
    raw = os.environ.get(PREFIX + name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{PREFIX}{name}={raw!r} is not a whole number") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list setting; blanks are dropped."""
    raw = os.environ.get(PREFIX + name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def content_security_policy(tile_url: str = "") -> str:
    """The Content-Security-Policy of every response: TANGGUH_CONTENT_SECURITY_POLICY, or a
    strict policy allowing only tangguh's own (vendored) scripts, styles, fonts and images, with
    no inline script or style, plus the map tile server when one is configured."""
    given = env_str("CONTENT_SECURITY_POLICY")
    if given:
        return given
    images = ["'self'", "data:"]
    if tile_url:
        scheme, _sep, rest = tile_url.partition("://")
        host = rest.split("/", 1)[0]
        if scheme in ("http", "https") and host and "{" not in host:
            images.append(f"{scheme}://{host}")
        elif scheme in ("http", "https") and host:
            # A tile URL with a subdomain template ({s}.tile.example.org): the whole domain.
            images.append(f"{scheme}://*.{host.split('.', 1)[-1]}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def default_data_dir() -> Path:
    """Where tangguh keeps its database and uploads when TANGGUH_DATA_DIR is unset."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tangguh"


def data_dir() -> Path:
    """The data directory: the SQLite file, uploaded files, collected static files."""
    raw = env_str("DATA_DIR")
    return Path(raw).expanduser().resolve() if raw else default_data_dir()


def secret_key(directory: Path) -> str:
    """TANGGUH_SECRET_KEY, or a random key kept in the data directory (survives restarts)."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    path = directory / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def registry_key(directory: Path) -> str:
    """TANGGUH_REGISTRY_KEY (a Fernet key: 32 random bytes, URL-safe base64), or a random key kept
    in the data directory beside the secret key. It encrypts the registry's personal identifiers
    (NIK, KK): keep it in the backup, apart from the database."""
    key = env_str("REGISTRY_KEY")
    if key:
        return key
    path = directory / "registry_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    directory.mkdir(parents=True, exist_ok=True)
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
