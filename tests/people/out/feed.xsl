<?xml version="1.0" encoding="UTF-8"?>
<!--
  feed.xsl, written by feedmill: shows an RSS 2.0 or Atom 1.0 feed as a
  page when a browser opens it. Feed readers ignore it.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:media="http://search.yahoo.com/mrss/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="atom media dc">
<xsl:output method="html" encoding="UTF-8" indent="no"
    doctype-system="about:legacy-compat"/>

<xsl:variable name="title">
  <xsl:choose>
    <xsl:when test="/rss"><xsl:value-of select="/rss/channel/title"/></xsl:when>
    <xsl:otherwise><xsl:value-of select="/atom:feed/atom:title"/></xsl:otherwise>
  </xsl:choose>
</xsl:variable>

<xsl:template match="/">
  <html lang="en">
    <xsl:if test="/rss/channel/language | /atom:feed/@xml:lang">
      <xsl:attribute name="lang">
        <xsl:value-of select="/rss/channel/language | /atom:feed/@xml:lang"/>
      </xsl:attribute>
    </xsl:if>
    <head>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title><xsl:value-of select="$title"/> (feed)</title>
      <style>
:root{color-scheme:light dark;--fg:#1b1c1e;--muted:#5b6067;--bg:#fff;--line:#e1e3e7;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#e6e7e9;--muted:#a3a8af;--bg:#131417;--line:#2d3137;--link:#8ab4f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:50rem;padding:.5rem 1.25rem 3rem;background:var(--bg);color:var(--fg);overflow-wrap:break-word;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
h1{font-size:2rem;line-height:1.15;margin:.75rem 0 .5rem}
h2{font-size:1.25rem;line-height:1.3;margin:0 0 .35rem}
h1,h2{overflow-wrap:anywhere}
h2 a{color:inherit;text-decoration:none}
h2 a:hover,h2 a:focus{text-decoration:underline}
p{margin:.35rem 0}
.desc{font-size:1.1rem}
.crumb,.meta,.byline,.links,.subscribe,.note{color:var(--muted);font-size:.9rem}
.subscribe a{display:inline-block;margin:.2rem .4rem .2rem 0;padding:.1rem .7rem;border:1px solid var(--line);border-radius:1rem;text-decoration:none}
.story,.channel{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;padding:1.25rem 0;border-top:1px solid var(--line)}
.story .text,.channel .text{flex:1 1 18rem;min-width:0}
.story .thumb{flex:1 1 100%}
.story img{display:block;width:100%;height:auto;border-radius:.4rem;background:var(--line)}
@media (min-width:40rem){.story .thumb{flex:0 0 13rem;order:2}}
.note{padding:1.5rem 0;border-top:1px solid var(--line)}
figure{margin:1rem 0}
figure img{display:block;max-width:100%;height:auto;border-radius:.4rem}
figcaption,.site,.redirect{color:var(--muted);font-size:.9rem}
</style>
    </head>
    <body>
      <header>
        <p class="crumb">This is a web feed. To follow it, copy its address
          into a feed reader<xsl:if test="/rss/channel/atom:link[@rel='self'] | /atom:feed/atom:link[@rel='self']">:
          <code><xsl:value-of select="(/rss/channel/atom:link[@rel='self'] | /atom:feed/atom:link[@rel='self'])[1]/@href"/></code></xsl:if>.</p>
        <h1><xsl:value-of select="$title"/></h1>
        <xsl:apply-templates select="/rss/channel | /atom:feed" mode="head"/>
      </header>
      <main>
        <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
        <xsl:if test="not(/rss/channel/item | /atom:feed/atom:entry)">
          <p class="note">No stories yet.</p>
        </xsl:if>
      </main>
    </body>
  </html>
</xsl:template>

<!-- The feed's description and web site. -->
<xsl:template match="channel" mode="head">
  <xsl:if test="description != title">
    <p class="desc"><xsl:value-of select="description"/></p>
  </xsl:if>
  <xsl:if test="link">
    <p class="meta"><a href="{link}"><xsl:value-of select="link"/></a></p>
  </xsl:if>
</xsl:template>

<xsl:template match="atom:feed" mode="head">
  <xsl:if test="atom:subtitle">
    <p class="desc"><xsl:value-of select="atom:subtitle"/></p>
  </xsl:if>
  <xsl:for-each select="atom:link[@rel='alternate'][1]">
    <p class="meta"><a href="{@href}"><xsl:value-of select="@href"/></a></p>
  </xsl:for-each>
</xsl:template>

<!-- One story: image, headline, dek, byline and time. -->
<xsl:template match="item">
  <xsl:call-template name="story">
    <xsl:with-param name="link" select="link"/>
    <xsl:with-param name="headline" select="title"/>
    <xsl:with-param name="image" select="(media:content[@medium='image']/@url | enclosure[starts-with(@type, 'image/')]/@url)[1]"/>
    <xsl:with-param name="text" select="description"/>
    <xsl:with-param name="html" select="true()"/>
    <xsl:with-param name="by" select="dc:creator | author[not(../dc:creator)]"/>
    <xsl:with-param name="date" select="pubDate"/>
    <xsl:with-param name="label" select="substring(pubDate, 6, 11)"/>
  </xsl:call-template>
</xsl:template>

<!--
  Atom entries need an author: feedmill writes the feed title for one
  without, which is no byline. The date shows as RSS dates do
  (26 Nov 2026).
-->
<xsl:template match="atom:entry">
  <xsl:variable name="date" select="(atom:published | atom:updated)[1]"/>
  <xsl:call-template name="story">
    <xsl:with-param name="link" select="(atom:link[@rel='alternate'] | atom:link[not(@rel)])[1]/@href"/>
    <xsl:with-param name="headline" select="atom:title"/>
    <xsl:with-param name="image" select="(media:content[@medium='image']/@url | atom:link[@rel='enclosure'][starts-with(@type, 'image/')]/@href)[1]"/>
    <xsl:with-param name="text" select="(atom:summary | atom:content)[1]"/>
    <xsl:with-param name="html" select="(atom:summary | atom:content)[1]/@type = 'html'"/>
    <xsl:with-param name="by" select="atom:author/atom:name[. != /atom:feed/atom:title]"/>
    <xsl:with-param name="date" select="$date"/>
    <xsl:with-param name="label" select="concat(substring($date, 9, 2), ' ', substring('JanFebMarAprMayJunJulAugSepOctNovDec', substring($date, 6, 2) * 3 - 2, 3), ' ', substring($date, 1, 4))"/>
    <xsl:with-param name="iso" select="string($date)"/>
  </xsl:call-template>
</xsl:template>

<xsl:template name="story">
  <xsl:param name="link"/>
  <xsl:param name="headline"/>
  <xsl:param name="image"/>
  <xsl:param name="text"/>
  <xsl:param name="html"/>
  <xsl:param name="by"/>
  <xsl:param name="date"/>
  <xsl:param name="label"/>
  <xsl:param name="iso"/>
  <article class="story">
    <xsl:if test="$image">
      <div class="thumb"><img src="{$image}" alt="" loading="lazy"/></div>
    </xsl:if>
    <div class="text">
      <h2>
        <xsl:choose>
          <xsl:when test="$link"><a href="{$link}"><xsl:value-of select="$headline"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="$headline"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <xsl:variable name="plain">
        <xsl:choose>
          <xsl:when test="$html">
            <xsl:call-template name="plain">
              <xsl:with-param name="s" select="normalize-space(substring($text, 1, 3000))"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:if test="normalize-space($plain)">
        <p class="dek">
          <xsl:value-of select="substring(normalize-space($plain), 1, 280)"/>
          <xsl:if test="string-length(normalize-space($plain)) &gt; 280">…</xsl:if>
        </p>
      </xsl:if>
      <xsl:if test="$by | $date">
        <p class="byline">
          <xsl:for-each select="$by">
            <xsl:if test="position() = 1">By </xsl:if>
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
          <xsl:if test="$by and $date"> · </xsl:if>
          <xsl:if test="$date"><time>
            <xsl:if test="$iso"><xsl:attribute name="datetime"><xsl:value-of select="$iso"/></xsl:attribute></xsl:if>
            <xsl:value-of select="$label"/></time></xsl:if>
        </p>
      </xsl:if>
    </div>
  </article>
</xsl:template>

<!--
  s without its HTML tags (descriptions carry escaped HTML); a space
  stands for each tag that is not inline.
-->
<xsl:template name="plain">
  <xsl:param name="s"/>
  <xsl:choose>
    <xsl:when test="contains($s, '&lt;')">
      <xsl:variable name="tag" select="substring-before(substring-after($s, '&lt;'), '&gt;')"/>
      <xsl:variable name="name" select="translate(substring-before(concat(translate($tag, '/', ''), ' '), ' '), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
      <xsl:call-template name="unescape">
        <xsl:with-param name="s" select="substring-before($s, '&lt;')"/>
      </xsl:call-template>
      <xsl:if test="not(contains(' a abbr b cite code em i img mark q s small span strong sub sup u ', concat(' ', $name, ' ')))">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:call-template name="plain">
        <xsl:with-param name="s" select="substring-after(substring-after($s, '&lt;'), '&gt;')"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:otherwise>
      <xsl:call-template name="unescape">
        <xsl:with-param name="s" select="$s"/>
      </xsl:call-template>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The text of HTML text: &lt; &gt; &quot; &#39; and &amp; as characters. -->
<xsl:template name="unescape">
  <xsl:param name="s"/>
  <xsl:choose>
    <xsl:when test="contains($s, '&amp;')">
      <xsl:value-of select="substring-before($s, '&amp;')"/>
      <xsl:variable name="rest" select="substring-after($s, '&amp;')"/>
      <xsl:choose>
        <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
        <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
        <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
        <xsl:when test="starts-with($rest, 'quot;')">"<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 6)"/></xsl:call-template></xsl:when>
        <xsl:when test="starts-with($rest, '#39;')">'<xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
        <xsl:otherwise>&amp;<xsl:call-template name="unescape"><xsl:with-param name="s" select="$rest"/></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </xsl:when>
    <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

</xsl:stylesheet>
