import pytest

from extractor.collect.sources import SourcesError, load_sources, read_sites, site_for_addresses

REQUIRED_SITES = ("coindesk", "cointelegraph", "theblock", "decrypt", "blockworks", "bitcoinmagazine")


@pytest.mark.parametrize("name", REQUIRED_SITES)
def test_builtin_profile_has_https_feed_and_sitemap_on_its_hosts(name):
    site = load_sources()[name]
    assert site.feeds and site.sitemaps
    for url in site.feeds + site.sitemaps:
        assert url.startswith("https://") and site.allows(url)


def test_a_user_file_adds_a_site_and_replaces_a_builtin(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[sites.mysite]\nfeeds = ["https://news.example/feed.xml"]\n'
                    '[sites.decrypt]\nhosts = ["decrypt.co"]\nfeeds = ["https://decrypt.co/other-feed"]\n')
    sites = load_sources(path)
    assert sites["mysite"].hosts == ("news.example",)
    assert sites["decrypt"].feeds == ("https://decrypt.co/other-feed",)
    assert "coindesk" in sites


@pytest.mark.parametrize("body,message", [
    ('[sites.a]\nfeeds = ["https://a.example/f"]\nfeed = ["x"]\n', "unknown key(s) feed"),
    ('[sites.a]\nhosts = ["a.example"]\n', "lists no feeds and no sitemaps"),
    ('[sites.a]\nhosts = ["a.example"]\nfeeds = ["https://b.example/f"]\n', "not on its hosts"),
    ('[sites.a]\nfeeds = ["ftp://a.example/f"]\n', "not an http(s) URL"),
    ('[sites.a]\nfeeds = "https://a.example/f"\n', "must be a list of strings"),
    ('[sites.a\n', "not valid TOML"),
])
def test_bad_sources_file_names_file_site_and_problem(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(SourcesError) as caught:
        read_sites(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_command_line_addresses_make_one_site_per_host():
    sites = site_for_addresses(["https://a.example/feed", "https://b.example/rss"], ["https://a.example/sitemap.xml"])
    assert [(s.name, s.feeds, s.sitemaps) for s in sites] == [
        ("a.example", ("https://a.example/feed",), ("https://a.example/sitemap.xml",)),
        ("b.example", ("https://b.example/rss",), ())]
