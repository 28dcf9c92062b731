"""blockworks.co: Next.js article layout (`article-header`, `article-body`, `related-posts`)."""
from extractor.collect.sites.base import DROP, SiteParser


class BlockworksParser(SiteParser):
    NAME = "blockworks"
    DOMAINS = ("blockworks.co",)
    TITLE = "article header h1"
    AUTHORS = "article header .author-name"
    PUBLISHED = "article header time[datetime]"
    SECTION = "article header .category-tag"
    BODY = "article div.article-body"
    DROP = DROP + ", .ad-unit, .newsletter-cta, .related-posts, .author-bio"
