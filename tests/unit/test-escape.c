/* SPDX-License-Identifier: MIT */
/* XML text, attribute and JSON escaping. */
#include "config.h"

#include "tap.h"
#include "util/escape.h"

enum kind { XML, ATTR, JSON };

static void
check(enum kind k, const char *in, const char *want)
{
	struct buf b;
	enum err e;

	buf_init(&b, 1000);
	e = k == XML ? buf_add_xml(&b, in) : k == ATTR ?
	    buf_add_xml_attr(&b, in) : buf_add_json(&b, in);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_STR_EQ(buf_str(&b), want);
	buf_cleanup(&b);
}

int
main(void)
{
	check(XML, "a < b & c > d \"q\"", "a &lt; b &amp; c &gt; d \"q\"");
	check(XML, "]]> stays safe", "]]&gt; stays safe");
	check(XML, "ctl\x01\x0b\x1f gone\ttab", "ctl gone\ttab");
	check(XML, "bad \xff byte", "bad  byte");
	check(XML, "\xef\xbf\xbe nonchar", " nonchar");
	check(XML, "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80");
	check(ATTR, "x\"y<z>&\n\t", "x&quot;y&lt;z&gt;&amp;&#10;&#9;");
	check(JSON, "plain", "\"plain\"");
	check(JSON, "q\"b\\s/", "\"q\\\"b\\\\s/\"");
	check(JSON, "</script>", "\"<\\/script>\"");
	check(JSON, "nl\ncr\rtab\t\x01", "\"nl\\ncr\\rtab\\t\\u0001\"");
	check(JSON, "ls\xe2\x80\xa8ps\xe2\x80\xa9", "\"ls\\u2028ps\\u2029\"");
	check(JSON, "bad \xc3 end", "\"bad  end\"");
	check(JSON, "\xe2\x82\xac", "\"\xe2\x82\xac\"");
	return tap_done();
}
