"""Canonical URLs: one spelling per page, so a page is fetched, stored and counted once.

A canonical URL has a lower-case http(s) scheme and host, no default port, no user
info, no fragment, a non-empty path, and a query without tracking parameters (the
list lives in `models/sources.toml`, table `[urls]`), remaining parameters sorted.
"""
from __future__ import annotations

import tomllib
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from extractor.resources import MODELS_DIR

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


def _tracking_rules() -> tuple[frozenset[str], tuple[str, ...]]:
    with (MODELS_DIR / "sources.toml").open("rb") as fh:
        rules = tomllib.load(fh).get("urls", {})
    return (frozenset(name.lower() for name in rules.get("tracking_parameters", ())),
            tuple(prefix.lower() for prefix in rules.get("tracking_prefixes", ())))


TRACKING_PARAMETERS, TRACKING_PREFIXES = _tracking_rules()


def is_tracking(parameter: str) -> bool:
    name = parameter.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical spelling of `url` (resolved against `base`); ValueError if not http(s) with a host."""
    absolute = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(absolute)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise ValueError(f"URL has no host: {url!r}")
    try:
        port = parts.port
    except ValueError as err:  # "http://host:99999/" and the like
        raise ValueError(f"bad port in URL {url!r}") from err
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    query = sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not is_tracking(name))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def host_of(url: str) -> str:
    """The lower-case host name of `url`, without port ("" when there is none)."""
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def netloc_of(url: str) -> str:
    """Host and port: the unit the crawler is polite to (one request at a time, with a delay)."""
    return urlsplit(canonical_url(url)).netloc


def origin_of(url: str) -> str:
    """scheme://host[:port], the scope of one robots.txt."""
    parts = urlsplit(canonical_url(url))
    return f"{parts.scheme}://{parts.netloc}"


def on_hosts(url: str, hosts: Iterable[str]) -> bool:
    """True when `url` is http(s) and its host is exactly one of `hosts`."""
    return urlsplit(url).scheme.lower() in SCHEMES and host_of(url) in {h.lower() for h in hosts}


def matches_domains(url: str, domains: Iterable[str]) -> bool:
    """True when the host of `url` is one of `domains` or a subdomain of one."""
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)
