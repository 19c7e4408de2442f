<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>a16z</title>
<link>https://a16z.com/</link>
<description>Andreessen Horowitz</description>
<item>
<title>Emerging Architectures for LLM Applications</title>
<link>https://a16z.com/emerging-architectures-for-llm-applications/</link>
<guid isPermaLink="false">https://a16z.com/?p=108573</guid>
<pubDate>Tue, 20 Jun 2023 13:00:00 +0000</pubDate>
<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/"><![CDATA[Matt Bornstein, Rajko Radovanovic]]></dc:creator>
<description><![CDATA[A reference architecture for the LLM app stack. “Quotes” — em dashes…]]></description>
</item>
</channel>
</rss>
