"""Price levels: which dollar amounts are per-unit prices, which asset they belong to, their role."""
from __future__ import annotations

import pytest


def levels(nlp, text: str) -> dict[tuple[str, float], str]:
    """{(asset, value): role} of the prices found in `text`."""
    return {(p.asset, p.value): p.role for p in nlp(text)._.prices}


def case(text: str, expected: dict[tuple[str, float], str], name: str):
    return pytest.param(text, expected, id=name)


@pytest.mark.parametrize("text, expected", [
    case("Avalanche's AVAX changed hands at $27.40 late on Wednesday.", {("AVAX", 27.4): "current"}, "current-changed-hands"),
    case("Market snapshot: ADA$0.4512, DOT$6.12.", {("ADA", 0.4512): "current", ("DOT", 6.12): "current"},
         "current-glued-tickers"),
    case("Litecoin climbed 6% to $94.10 on Friday.", {("LTC", 94.1): "current"}, "current-end-of-move"),
    case("Bitcoin closed the week at $58,200.", {("BTC", 58200): "current"}, "current-closed-the-week-is-no-position"),
    case("Ether settled around $2,480 after the auction.", {("ETH", 2480): "current"}, "current-verb-before-hedge"),
    case("The analyst added that ether, last at $3,050, looked heavy.", {("ETH", 3050): "current"},
         "current-speech-verb-added-is-no-trade"),
    case("Cardano's ADA rose as high as $0.71 before paring gains.", {("ADA", 0.71): "high"}, "high-as-high-as"),
    case("Avalanche slid as low as $21.30 overnight.", {("AVAX", 21.3): "low"}, "low-as-low-as"),
    case("Bitcoin and ether fell hard on Monday. Solana touched $118 in Asian hours.", {("SOL", 118): "low"},
         "touched-after-a-fall-is-low"),
    case("Bitcoin and ether rallied on Monday. Solana touched $262 in Asian hours.", {("SOL", 262): "high"},
         "touched-after-a-rally-is-high"),
    case("The March 3 low at $52,300 is the level bitcoin bulls must defend.", {("BTC", 52300): "low"}, "low-at"),
    case("Solana cooled after its all-time high of $295 in January.", {("SOL", 295): "ath"}, "ath-nearest-cue-wins"),
    case("Traders kept pointing to $73,800, the record bitcoin set in March.", {("BTC", 73800): "ath"},
         "ath-appositive"),
    case("Ether's record, set in November 2021, was $4,878.", {("ETH", 4878): "ath"}, "ath-subject-with-aside"),
    case("Analysts expect buyers to step in around $2,900 for ether.", {("ETH", 2900): "support"},
         "support-buyers-step-in"),
    case("The $3,000 zone, where ether stalled for most of the summer, should now act as support, one trader said.",
         {("ETH", 3000): "support"}, "support-what-the-level-becomes-later-in-its-clause"),
    case("She would only add solana on a pullback to between $150 and $155.",
         {("SOL", 150): "support", ("SOL", 155): "support"}, "support-buying-a-pullback"),
    case("Sellers have capped XRP near $3.40 for a month.", {("XRP", 3.4): "resistance"}, "resistance-capped"),
    case("Analysts at one bank see solana reaching $400 by year-end.", {("SOL", 400): "target"}, "target-by-year-end"),
    case("He said ether would trade below $2,000 at some point next year.", {("ETH", 2000): "target"},
         "target-forecast-below"),
    case("A daily close above $110,000 would confirm the breakout for bitcoin.", {("BTC", 110000): "threshold"},
         "threshold-close-above"),
    case("The issuer said it would treat a sustained move back above $0.995 as proof that USDe had recovered.",
         {("USDE", 0.995): "threshold"}, "threshold-noun-move-under-a-modal"),
    case("There was nothing underneath $58,000 for bitcoin except stop-losses.", {("BTC", 58000): "threshold"},
         "threshold-underneath"),
    case("The treasury firm holds 40,000 ETH bought at an average cost of $2,910.", {("ETH", 2910): "other"},
         "other-average-cost"),
    case("Its cost to mine one bitcoin rose to $64,000 from $41,500 a year earlier.",
         {("BTC", 64000): "other", ("BTC", 41500): "other"}, "other-cost-and-its-earlier-value"),
    case("Dogecoin slipped on Tuesday. \u201cI've owned this coin since it was $0.02,\u201d the trader said.",
         {("DOGE", 0.02): "other"}, "other-historical-since-it-was"),
    case("Dealers were hedged around the $60,000 and $65,000 strikes on bitcoin.",
         {("BTC", 60000): "other", ("BTC", 65000): "other"}, "other-strikes-noun-after-the-list"),
    case("Max pain sits at $61,000 for bitcoin and $2,450 for ether.",
         {("BTC", 61000): "other", ("ETH", 2450): "other"}, "other-listed-for-two-assets"),
    case("She took profit on half of her solana position at $210.", {("SOL", 210): "other"}, "other-own-trade"),
    case("A weekly close above $72,000 opens $75,000, then the psychological $80,000 for bitcoin.",
         {("BTC", 75000): "target", ("BTC", 80000): "target"}, "list-shares-the-cue-before-it"),
    case("\u201cHold $240 and $300 is a matter of weeks,\u201d the solana bull wrote.",
         {("SOL", 240): "threshold", ("SOL", 300): "target"}, "predicate-after-a-list-governs-only-its-level"),
    case("Some bulls still call for $1 million per bitcoin by 2030.", {("BTC", 1_000_000): "target"},
         "big-value-written-per-coin"),
    case("Ether fell 4% on Monday. Analysts at Norrvik Securities cut their year-end target to $3,000 from $4,500.",
         {("ETH", 3000): "target", ("ETH", 4500): "target"}, "revised-target-and-its-old-value"),
    case("The token, which started the year near $2.60, now trades at $1.90, XRP data show.",
         {("XRP", 2.6): "other", ("XRP", 1.9): "current"}, "start-of-a-period-is-history"),
    case("The fund would add more XRP if prices revisited $1.60.", {("XRP", 1.6): "threshold"},
         "conditional-revisit"),
    case("AVAX slid 3% to $21.40. Support sits at $19.80, traders said.", {("AVAX", 19.8): "support"},
         "role-noun-opening-a-sentence-is-no-company"),
    case("Prediction markets give a 35% chance of solana hitting $300 before June.", {("SOL", 300): "target"},
         "probability-of-reaching-a-level"),
    case("Options price a 20% probability that ether ends the year above $5,000.", {("ETH", 5000): "threshold"},
         "probability-of-ending-above-a-level"),
    case("“Lose that and I think $2,000 comes quickly for ether, maybe $1,800,” she said.",
         {("ETH", 2000): "target", ("ETH", 1800): "target"}, "hedged-afterthought-shares-the-role"),
    case("Bitcoin's next resistance is the $100,000 round number.", {("BTC", 100000): "resistance"},
         "round-number-is-no-funding-round"),
    case("There was little resting supply until the $3.20 area for XRP.", {("XRP", 3.2): "resistance"},
         "order-book-supply-is-resistance"),
    case("Buy orders are stacked near $60,000 for bitcoin.", {("BTC", 60000): "support"}, "order-book-bids-are-support"),
    case("He would trim exposure if ether lost $2,900 on a daily close.", {("ETH", 2900): "threshold"},
         "conditional-loss-of-a-level"),
    case("Traders now watch $68,000, the top of the range since April, for bitcoin.", {("BTC", 68000): "resistance"},
         "appositive-top-of-range"),
    case("Ether bounced from $2,150, the session low, to trade higher.", {("ETH", 2150): "low"}, "appositive-session-low"),
    case("Litecoin is hovering just under $90 ahead of the halving.", {("LTC", 90): "current"}, "hovering-just-under"),
    case("Ether fell to as little as $2,810 overnight.", {("ETH", 2810): "low"}, "as-little-as"),
    case("Sellers have repeatedly emerged near $3,500 for ether.", {("ETH", 3500): "resistance"}, "sellers-emerge-at"),
    case("Bids showed up around $140 for solana on every dip.", {("SOL", 140): "support"}, "bids-show-up-at"),
    case("Bitcoin briefly pierced $100,000 before pulling back.", {("BTC", 100000): "threshold"}, "pierced"),
    case("Metaplanet's average purchase price stands at $84,000 per bitcoin.", {("BTC", 84000): "other"},
         "company-cost-per-coin-is-a-price"),
    case("Bitcoin traded at $16,000 in late 2022, after FTX collapsed.", {("BTC", 16000): "other"},
         "dated-past-price-is-history"),
    case("Dogecoin hit $0.74, clearing its May 2021 peak, before cooling to $0.69.", {("DOGE", 0.69): "current"},
         "a-year-describing-another-level-dates-nothing"),
    case("It recalled March 2020, when bitcoin slid to $3,900 in a day.", {("BTC", 3900): "other"}, "year-when"),
    case("Ether ended 2023 at $2,280 and now trades at $3,100.", {("ETH", 2280): "other", ("ETH", 3100): "current"},
         "year-end-close-is-history-present-tense-is-current"),
    case("The measured move from the triangle points to $3.80 for XRP.", {("XRP", 3.8): "target"}, "measured-move"),
    case("Solana found a bid around $150 on Tuesday.", {("SOL", 150): "support"}, "found-a-bid"),
    case("Ether sank to $2,050 at the height of the panic.", {("ETH", 2050): "low"}, "extreme-of-a-move"),
    case("Ether recovered to $2,700 following a slide to $2,450 earlier in the week.",
         {("ETH", 2700): "current", ("ETH", 2450): "low"}, "narrated-slide-to-is-a-low"),
    case("Solana has bounced twice from the $120 to $125 zone since May.",
         {("SOL", 120): "support", ("SOL", 125): "support"}, "bounced-from-a-zone"),
    case("Can Polkadot's DOT reach $10 this month?", {("DOT", 10): "target"}, "question-can-reach"),
    case("For XRP, immediate support lies at $2.10, followed by $1.95.",
         {("XRP", 2.1): "support", ("XRP", 1.95): "support"}, "followed-by-in-a-list"),
    case("If that happens, $4,000 is very doable for ether.", {("ETH", 4000): "target"}, "predicate-adjective-target"),
    case("Litecoin is coiling in a wedge, with the lower boundary near $78 and the upper trendline at $86.",
         {("LTC", 78): "support", ("LTC", 86): "resistance"}, "chart-pattern-edges"),
])
def test_roles(nlp, text, expected):
    found = levels(nlp, text)
    assert {key: found.get(key) for key in expected} == expected, found


@pytest.mark.parametrize("text, expected", [
    case("Bitcoin traded at $90-92K for most of the day.", {("BTC", 90000): "low", ("BTC", 92000): "high"},
         "dash-range-magnitude-carried-back"),
    case("Solana traded between $60 and $65 all week.", {("SOL", 60): "low", ("SOL", 65): "high"}, "between-small-dollars"),
    case("Ether spent the week between $2,400 and $2,750.", {("ETH", 2400): "low", ("ETH", 2750): "high"},
         "between-and-traded-range"),
    case("XRP has been stuck between $2.10 and $2.40 since March.", {("XRP", 2.1): "support", ("XRP", 2.4): "resistance"},
         "confined-range"),
    case("For ether, the $3,300-$3,350 area is now the pivot.", {("ETH", 3300): "threshold", ("ETH", 3350): "threshold"},
         "zone-is-a-level"),
    case("Overhead, the $3.40-$3.50 band has capped rallies, and XRP has traded between $2.90 and $3.20 this week.",
         {("XRP", 3.4): "resistance", ("XRP", 3.5): "resistance", ("XRP", 2.9): "low", ("XRP", 3.2): "high"},
         "range-read-in-its-own-clause"),
    case("Cardano held between $0.60 and $0.62 on each dip this week.", {("ADA", 0.6): "support", ("ADA", 0.62): "support"},
         "range-bought-on-dips"),
])
def test_ranges_are_two_prices(nlp, text, expected):
    found = levels(nlp, text)
    assert {key: found.get(key) for key in expected} == expected, found


@pytest.mark.parametrize("text, value", [
    pytest.param("Bitcoin's market capitalisation climbed to $1.9 trillion on Monday.", 1.9e12, id="market-cap"),
    pytest.param("Trading volume in ether reached $31 billion over the day.", 31e9, id="volume"),
    pytest.param("Spot bitcoin ETFs drew $412 million in net inflows on Tuesday.", 412e6, id="fund-flows"),
    pytest.param("Open interest in solana futures hit $7.2 billion.", 7.2e9, id="open-interest"),
    pytest.param("Liquidations of bitcoin longs reached $220 million.", 220e6, id="liquidation-amount"),
    pytest.param("Moving ether cost users a fee of $0.42 on average this week.", 0.42, id="fee"),
    pytest.param("The startup raised $15 million to build on Solana.", 15e6, id="fundraising"),
    pytest.param("Strategy bought 3,000 bitcoin for $285 million last week.", 285e6, id="company-purchase-total"),
    pytest.param("Shares of Coinbase rose to $212 while bitcoin held steady.", 212, id="stock-price"),
    pytest.param("Gold traded at $2,400 an ounce while bitcoin drifted.", 2400, id="gold-price"),
    pytest.param("The CoinDesk 20 index rose to $3,150 on Friday, while ether lagged.", 3150, id="index-level"),
    pytest.param("The dollar index rose to $104 as bitcoin slipped.", 104, id="dollar-index"),
    pytest.param("The bridge lost $400,000 in the exploit, while bitcoin traded flat.", 400000, id="amount-lost"),
    pytest.param("The ether fund charges $20 per $10,000 invested.", 10000, id="amount-invested"),
])
def test_not_prices(nlp, text, value):
    assert [p for p in nlp(text)._.prices if p.value == value] == []


@pytest.mark.parametrize("text, asset, value", [
    pytest.param("Dogecoin jumped 9% on Monday. The token later pulled back to $0.31.", "DOGE", 0.31,
                 id="asset-from-earlier-sentence"),
    pytest.param("Bitcoin opened the week quietly. Volumes were thin. Funding was flat. Nobody moved. "
                 "Options were calm. Desks were idle. Bulls now need $61,000 to hold.", "BTC", 61000,
                 id="asset-named-long-before"),
    pytest.param("Ether could outperform bitcoin this year, with a target of $4,800.", "ETH", 4800,
                 id="benchmark-asset-is-not-the-subject"),
    pytest.param("Bitcoin and ether both rose, to $97,500 and $3,420 respectively.", "ETH", 3420,
                 id="plausible-range-picks-the-asset"),
    pytest.param("She said a settlement below $61,500 on Friday would force bitcoin dealers to sell.", "BTC", 61500,
                 id="level-preposition-after-a-total-noun"),
    pytest.param("SOL at $180 is cheap, the fund manager said.", "SOL", 180, id="ambiguous-ticker-with-a-price"),
    pytest.param("Solana and ether ended the day at $150 and $3,200, respectively.", "SOL", 150,
                 id="respectively-pairs-assets-and-levels"),
    pytest.param("Bitcoin held up better than equities, slipping 0.9% to $94,100.", "BTC", 94100,
                 id="benchmark-stocks-are-not-the-subject"),
    pytest.param("Ether jumped 6% after bitcoin funds saw inflows. The token now trades at $3,300.", "ETH", 3300,
                 id="subject-of-the-sentence-before"),
    pytest.param("Ether tracked bitcoin higher, gaining 7% to $3,480.", "ETH", 3480, id="tracked-asset-is-a-benchmark"),
    pytest.param("Ether slid 3%. Helium's HNT rallied 9% on the news. The $2,400 level held, traders said.", "ETH", 2400,
                 id="unlisted-asset-is-not-priced-in-thousands"),
])
def test_attachment(nlp, text, asset, value):
    assert (asset, value) in levels(nlp, text)


@pytest.mark.parametrize("text, expected", [
    case("BTC got flushed overnight and is back at ~60.1k now.", {("BTC", 60100): "current"}, "bare-thousands-level"),
    case("BTC chopped between 64k and 69k all month.", {("BTC", 64000): "low", ("BTC", 69000): "high"},
         "bare-thousands-range"),
    case("Ether changed hands at ¥520,000 in Tokyo, or about US$3,470, on Friday.", {("ETH", 3470): "current"},
         "dollar-equivalent-takes-the-local-amount-role"),
    case("XRP traded at 4,100 won on Upbit (about US$2.95) this morning.", {("XRP", 2.95): "current"},
         "bracketed-dollar-equivalent"),
    case("Solana was at $182 late on Friday after touching $171 in Asian hours.", {("SOL", 171): "low"},
         "touched-below-the-current-price-is-a-low"),
    case("Solana was at $182 late on Friday after touching $195 in Asian hours.", {("SOL", 195): "high"},
         "touched-above-the-current-price-is-a-high"),
    case("• SOL: down 4% on the day, now $171.", {("SOL", 171): "current"}, "now"),
    case("Cardano reference price: US$0.52.", {("ADA", 0.52): "current"}, "noun-price-before-the-level"),
    case("Lose $2,800 and I'm looking at $2,650 next for ether.", {("ETH", 2650): "target"}, "looking-at-next"),
    case("Cardano slid to $0.58 at its low on Sunday.", {("ADA", 0.58): "low"}, "at-its-low-after-the-level"),
    case("Ether dropped at times to 2,310 dollars on Sunday.", {("ETH", 2310): "low"}, "at-times-to"),
    case("For bitcoin, the Sunday flush took it to $59,200 before buyers returned.", {("BTC", 59200): "low"},
         "a-fall-took-it-to"),
    case("The strategist pencils in a recovery to $3,000 for ether by June.", {("ETH", 3000): "target"}, "pencils-in"),
    case("He said he would only add more solana below $120.", {("SOL", 120): "threshold"},
         "conditional-purchase-below-a-level"),
    case("The desk bought ether below $2,000 during the crash.", {("ETH", 2000): "other"}, "past-purchase-below-a-level"),
    case("She said she would be a buyer around $2,500 for ether.", {("ETH", 2500): "support"}, "would-be-a-buyer-around"),
    case("The trader cut his XRP position at $3.10 on Tuesday.", {("XRP", 3.1): "other"}, "cut-a-position-at"),
    case("When solana fell to $126 on Sunday, funding flipped negative.", {("SOL", 126): "low"},
         "when-it-fell-to-is-the-low-of-that-fall"),
    case("When XRP dropped under $2 on Monday, holders panicked.", {("XRP", 2): "threshold"},
         "when-it-dropped-under-is-a-crossing"),
    case("At $3 XRP, most of the new wallets would be in profit.", {("XRP", 3): "threshold"},
         "at-a-price-of-the-asset-opening-a-sentence"),
    case("Perhaps at $5,000 ether becomes a treasury asset.", {("ETH", 5000): "threshold"}, "perhaps-at"),
    case("Early on Sunday a bitcoin cost 61,800 dollars.", {("BTC", 61800): "current"}, "a-coin-cost"),
    case("On Friday one ether had cost more than 3,000 dollars.", {("ETH", 3000): "other"}, "a-coin-had-cost"),
    case("Her average entry on the solana trade is now $142.", {("SOL", 142): "other"}, "average-entry"),
    case("His average cost is $2,900 for ether, and at $2,600 he is underwater.",
         {("ETH", 2900): "other", ("ETH", 2600): "current"}, "a-level-with-its-own-subject-is-no-list-item"),
    case("Analysts see $72,000 as the next hurdle for bitcoin.", {("BTC", 72000): "resistance"}, "hurdle"),
    case("A failure there brings $2,200 back into play for ether.", {("ETH", 2200): "target"}, "back-into-play"),
    case("USDC traded at a premium and touched $1.004 on Kraken.", {("USDC", 1.004): "high"},
         "touched-after-a-premium-is-a-high"),
    case("Bitcoin tumbled 8% on Monday as leverage unwound.\n\nTraders stayed nervous. Solana touched $120 in Asia.",
         {("SOL", 120): "low"}, "touched-in-a-quiet-paragraph-follows-the-article"),
    case("Solana at $145 is fine, one fund manager said.", {("SOL", 145): "current"}, "is-fine-is-no-penalty"),
    case("She trimmed her bitcoin holdings near $96,000 on Tuesday.", {("BTC", 96000): "other"},
         "holdings-near-a-level"),
    case("For BTC, 73.8k is the ATH and the only number that matters.", {("BTC", 73800): "ath"}, "is-the-ath"),
    case("BTC's weekly open was 69.8k.", {("BTC", 69800): "other"}, "weekly-open"),
    case("I'd want to re-enter SOL near $165 if it cools off.", {("SOL", 165): "support"}, "want-to-re-enter-near"),
    case("ETH: chopping at 3,520, bought back at 3,380 on Tuesday.",
         {("ETH", 3520): "current", ("ETH", 3380): "other"}, "plain-numbers-on-a-line-headed-by-the-asset"),
    case("3/ $ETH held the 2,300 level. Currently 2,415.", {("ETH", 2300): "threshold", ("ETH", 2415): "current"},
         "plain-numbers-on-a-thread-line-headed-by-a-cashtag"),
    case("4/ $SOL sitting at $131. Not touching it until 120.", {("SOL", 120): "threshold"}, "until-a-level"),
    case("| Asset | Close | MoM |\n| SOL | $186.40 | +11.2% |", {("SOL", 186.4): "current"}, "table-row"),
    case("We see $100,000 as the key level for BTC into November.", {("BTC", 100000): "threshold"},
         "seen-as-the-key-level"),
    case("Bitcoin climbed to Rp1.7 billion, or roughly 104,300 USD, on Tuesday.", {("BTC", 104300): "current"},
         "dollar-equivalent-of-rupiah"),
    case("The next resistance for bitcoin sits at 108,000 USD, with support at 100,000 USD.",
         {("BTC", 108000): "resistance", ("BTC", 100000): "support"}, "resistance-sits-at"),
    case("When the price of one bitcoin fell to about $16,500 in November 2022, lenders called their loans.",
         {("BTC", 16500): "low"}, "when-a-long-subject-fell-to"),
    case("In March 2022, a bitcoin was worth roughly $44,000.", {("BTC", 44000): "other"}, "dated-unit-price-is-history"),
    case("Bitcoin rose 3.6% over the week to around $67,900.", {("BTC", 67900): "current"}, "move-over-the-week-to"),
    case("Winners: SUI +9.1% w/w ($3.88), LINK +7.7% ($19.40).", {("SUI", 3.88): "current", ("LINK", 19.4): "current"},
         "bracketed-price-after-a-change"),
    case("Bitcoin is down five percent at around sixty-eight thousand dollars this morning.",
         {("BTC", 68000): "current"}, "spoken-amount"),
    case("Ether was at 3,950 dollars per token, down 0.7 percent.", {("ETH", 3950): "current"},
         "per-token-after-a-current-price"),
    case("Analysts said bitcoin could revisit the 100,000-dollar mark next week.", {("BTC", 100000): "target"},
         "hyphenated-dollar-amount"),
])
def test_roles_in_other_styles(nlp, text, expected):
    found = levels(nlp, text)
    assert {key: found.get(key) for key in expected} == expected, found


@pytest.mark.parametrize("text", [
    pytest.param("A thread about ETH got 2.4k upvotes overnight.", id="bare-thousands-counting-upvotes"),
    pytest.param("A whale moved 12k ETH to an exchange on Monday.", id="bare-thousands-counting-coins"),
    pytest.param("Solana was quoted at R$1,020 on Brazilian venues.", id="brazilian-reais"),
    pytest.param("Bitcoin hit Rs 95 lakh on Indian exchanges.", id="indian-rupees"),
    pytest.param("Ether closed at 4,600,000 won in Seoul.", id="korean-won"),
    pytest.param("Bitcoin rallied while a few thousand dollars went to fees.", id="a-few-thousand-is-no-amount"),
    pytest.param("The exchange agreed to a $40,000 fine, while bitcoin held steady.", id="penalty-noun-after-the-amount"),
    pytest.param("The Canadian dollar firmed to 71.9 US cents as XRP slipped.", id="a-fiat-currency-subject"),
    pytest.param("ETH: the upgrade ships in 2026 at the earliest.", id="a-year-on-an-asset-line"),
    pytest.param("Bitcoin miners earned 450 BTC, or about $30k, on Monday.", id="dollar-value-of-a-number-of-coins"),
    pytest.param("The fund holds 1.2 million SOL ($180 million) for clients.", id="bracketed-value-of-coins"),
    pytest.param("The index sat at 3,520 on Friday while ether slid.", id="plain-number-on-an-ordinary-line"),
])
def test_not_dollar_levels(nlp, text):
    assert nlp(text)._.prices == []


def test_conjunction_opens_the_next_item(nlp):
    text = "Analysts see room for Cardano's ADA to reach $1.20 and for Polkadot's DOT to double from $4."
    assert ("ADA", 1.2) in levels(nlp, text)
