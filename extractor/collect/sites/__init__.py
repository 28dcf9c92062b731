"""One small parser per news site, picked by the page's domain (see `base.SiteParser`)."""
from __future__ import annotations

from typing import Optional

from extractor.collect.sites.base import SiteParser
from extractor.collect.sites.bitcoinmagazine import BitcoinMagazineParser
from extractor.collect.sites.blockworks import BlockworksParser
from extractor.collect.sites.coindesk import CoinDeskParser
from extractor.collect.sites.cointelegraph import CointelegraphParser
from extractor.collect.sites.decrypt import DecryptParser
from extractor.collect.sites.theblock import TheBlockParser
from extractor.collect.urls import matches_domains

PARSERS: tuple[type[SiteParser], ...] = (CoinDeskParser, CointelegraphParser, TheBlockParser,
                                         DecryptParser, BlockworksParser, BitcoinMagazineParser)


def parser_for(url: str) -> Optional[SiteParser]:
    """The parser for the site `url` belongs to, or None for a site without one."""
    for parser in PARSERS:
        if matches_domains(url, parser.DOMAINS):
            return parser()
    return None


__all__ = ["PARSERS", "SiteParser", "parser_for"]
