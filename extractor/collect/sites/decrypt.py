"""decrypt.co: Next.js article layout (`post-header`, `post-content`, "Decrypt-a-cookie" boxes)."""
from extractor.collect.sites.base import DROP, SiteParser


class DecryptParser(SiteParser):
    NAME = "decrypt"
    DOMAINS = ("decrypt.co",)
    TITLE = ".post-header h1"
    AUTHORS = ".post-header a[href^='/author/']"
    PUBLISHED = ".post-header time[datetime]"
    SECTION = ".post-header .post-category"
    BODY = "div.post-content"
    DROP = DROP + ", .ad-container, .newsletter-box, .recommended-posts, .editor-note"
