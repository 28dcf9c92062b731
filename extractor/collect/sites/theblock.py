"""theblock.co: article layout (`articleLabel`, `articleByline`, `articleContent`), Pro paywall gate."""
from extractor.collect.sites.base import DROP, SiteParser


class TheBlockParser(SiteParser):
    NAME = "theblock"
    DOMAINS = ("theblock.co",)
    TITLE = "h1.articleLabel"
    AUTHORS = ".articleByline a.articleByline__author"
    PUBLISHED = ".articleByline .timestamp time"
    SECTION = ".articleCategory a"
    BODY = "#articleContent"
    DROP = DROP + ", .adContainer, .quickTake, .relatedArticles, .disclaimer"
    PAYWALL = ".paywallGate, .articleContent--locked"
