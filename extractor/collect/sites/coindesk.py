"""coindesk.com: Next.js article layout (header block, `document-body`, "More For You" rail)."""
from extractor.collect.sites.base import DROP, SiteParser


class CoinDeskParser(SiteParser):
    NAME = "coindesk"
    DOMAINS = ("coindesk.com",)
    TITLE = "[data-module-name=article-header] h1"
    AUTHORS = "[data-module-name=article-header] .byline a[href^='/author/']"
    PUBLISHED = "[data-module-name=article-header] time[datetime]"
    SECTION = "[data-module-name=article-header] .breadcrumb a"
    BODY = "div.document-body"
    DROP = DROP + ", .ad-slot, [data-module-name=newsletter-signup], .related-articles, .disclosure"
