"""Where to crawl: site profiles (feeds, sitemaps, allowed hosts) read from TOML.

The built-in profiles live in `models/sources.toml`. A user file passed with
`--sources` adds sites, or replaces a built-in site of the same name, so a site is
added without code. Every address is checked when the file is read: a profile that
would send the crawler off its own hosts is an error naming the file and the site.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from extractor.collect.urls import canonical_url, host_of, on_hosts
from extractor.resources import MODELS_DIR

BUILTIN_SOURCES = MODELS_DIR / "sources.toml"
SITE_KEYS = ("hosts", "feeds", "sitemaps")


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names the file and the site."""


@dataclass(frozen=True)
class Site:
    """One news site: where its article links are listed and which hosts it may be fetched from."""

    name: str
    hosts: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()

    def allows(self, url: str) -> bool:
        return on_hosts(url, self.hosts)


def load_sources(path: str | Path | None = None) -> dict[str, Site]:
    """The built-in sites, plus (and overridden by) the sites in `path`."""
    sites = read_sites(BUILTIN_SOURCES)
    if path is not None:
        sites.update(read_sites(Path(path)))
    return sites


def read_sites(path: Path) -> dict[str, Site]:
    """The [sites] of one TOML file, validated."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as err:
        raise SourcesError(f"{path}: cannot read: {err.strerror or err}") from err
    except tomllib.TOMLDecodeError as err:
        raise SourcesError(f"{path}: not valid TOML: {err}") from err
    tables = data.get("sites", {})
    if not isinstance(tables, dict):
        raise SourcesError(f"{path}: [sites] must be a table of site tables")
    return {name: _site(path, name, table) for name, table in tables.items()}


def site_for_addresses(feeds: Iterable[str] = (), sitemaps: Iterable[str] = ()) -> list[Site]:
    """Ad-hoc sites for addresses given on the command line: one per host, named after it."""
    by_host: dict[str, dict[str, list[str]]] = {}
    for kind, urls in (("feeds", feeds), ("sitemaps", sitemaps)):
        for url in urls:
            try:
                address = canonical_url(url)
            except ValueError as err:
                raise SourcesError(f"--{kind[:-1]} {url}: {err}") from err
            by_host.setdefault(host_of(address), {"feeds": [], "sitemaps": []})[kind].append(address)
    return [Site(name=host, hosts=(host,), feeds=tuple(lists["feeds"]), sitemaps=tuple(lists["sitemaps"]))
            for host, lists in by_host.items()]


def _site(path: Path, name: str, table: Any) -> Site:
    where = f"{path}: site {name!r}"
    if not isinstance(table, dict):
        raise SourcesError(f"{where}: must be a table with {', '.join(SITE_KEYS)}")
    unknown = sorted(set(table) - set(SITE_KEYS))
    if unknown:
        raise SourcesError(f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(SITE_KEYS)}")
    lists = {key: _strings(where, key, table.get(key, [])) for key in SITE_KEYS}
    addresses = {key: tuple(_address(where, key, url) for url in lists[key]) for key in ("feeds", "sitemaps")}
    if not addresses["feeds"] and not addresses["sitemaps"]:
        raise SourcesError(f"{where}: lists no feeds and no sitemaps")
    hosts = tuple(h.lower() for h in lists["hosts"]) or tuple(
        dict.fromkeys(host_of(url) for url in addresses["feeds"] + addresses["sitemaps"]))
    for key in ("feeds", "sitemaps"):
        for url in addresses[key]:
            if not on_hosts(url, hosts):
                raise SourcesError(f"{where}: {key} address {url} is not on its hosts ({', '.join(hosts)})")
    return Site(name=name, hosts=hosts, feeds=addresses["feeds"], sitemaps=addresses["sitemaps"])


def _strings(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SourcesError(f"{where}: {key} must be a list of strings")
    return value


def _address(where: str, key: str, url: str) -> str:
    try:
        return canonical_url(url)
    except ValueError as err:
        raise SourcesError(f"{where}: {key}: {err}") from err
