"""bitcoinmagazine.com: Tempest layout (`m-detail-header`, `m-detail--body`)."""
from extractor.collect.sites.base import DROP, SiteParser


class BitcoinMagazineParser(SiteParser):
    NAME = "bitcoinmagazine"
    DOMAINS = ("bitcoinmagazine.com",)
    TITLE = "h1.m-detail-header--title"
    AUTHORS = ".m-detail-header--meta-author a"
    PUBLISHED = ".m-detail-header--date time"
    SECTION = ".m-detail-header--section a"
    BODY = "div.m-detail--body"
    DROP = DROP + ", .m-in-content-ad, .m-detail--related, .m-detail--newsletter"
