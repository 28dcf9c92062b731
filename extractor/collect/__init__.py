"""Collecting news before extraction: polite incremental crawling of sites, and news archives.

Live pages and archived pages (WARC) go through one parsing path, `page.parse_page`.
Modules: `sources` (site profiles), `urls` (canonical URLs), `fetch` (the polite HTTP
client), `feeds` / `sitemaps` (link discovery over `xmldocs`), `page` and `sites/`
(article parsing), `dates` (ISO dates), `warc` (raw pages kept and read back),
`state` (what was fetched, in the database), `crawler` (the orchestration) and
`cli` (`extractor crawl`).
"""
