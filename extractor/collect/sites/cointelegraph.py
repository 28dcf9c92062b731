"""cointelegraph.com: Nuxt article layout (`post__title`, `post-meta`, `post-content`)."""
from extractor.collect.sites.base import DROP, SiteParser


class CointelegraphParser(SiteParser):
    NAME = "cointelegraph"
    DOMAINS = ("cointelegraph.com",)
    TITLE = "h1.post__title"
    AUTHORS = ".post-meta__author-name"
    PUBLISHED = "time.post-meta__publish-date"
    SECTION = ".post-cover__badge"
    BODY = "div.post-content"
    DROP = DROP + ", .post-content__ad, .related-list, .post-content__subscribe, .tags-list"
