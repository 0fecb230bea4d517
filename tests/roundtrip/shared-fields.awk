# Reduce a feed-dump(5) to the fields that survive a trip through one
# output format, as "ARTICLE<TAB>key<TAB>value" lines (ARTICLE 0 = feed
# head). Lists whose order a format may change become unindexed keys.
# Usage: awk -v fmt=rss|atom|jsonfeed -f shared-fields.awk DUMP
BEGIN { FS = "\t"; art = 0 }
function flush(   d) {
	if (art == 0)
		return
	if (fmt == "rss") {
		# RSS has one date: pubDate is published, else updated.
		d = pub != "" ? pub : upd
		if (d != "")
			print art "\tdate\t" d
	} else {
		if (pub != "")
			print art "\tpublished\t" pub
		# Atom's updated falls back to published.
		if (fmt == "atom" && upd == "")
			upd = pub
		if (upd != "")
			print art "\tupdated\t" upd
	}
	pub = upd = ""
}
/^$/ { flush(); art++; next }
{
	key = $1
	val = substr($0, length($1) + 2)
	if (art == 0) {
		if (key ~ /^feed\.(title|home_url)$/)
			print art "\t" key "\t" val
		next
	}
	if (key == "published") { pub = val; next }
	if (key == "updated") { upd = val; next }
	if (key ~ /^author\[[0-9]+\]\.name$/) { print art "\tauthor\t" val; next }
	if (key ~ /^category\[[0-9]+\]\.term$/) { print art "\ttag\t" val; next }
	if (fmt == "jsonfeed" && key ~ /^keyword\[[0-9]+\]$/) {
		print art "\ttag\t" val
		next
	}
	if (fmt == "atom" && key == "id" && val !~ /^[A-Za-z][A-Za-z0-9+.-]*:[^ ]*$/)
		next	# not an IRI: the Atom writer wraps it in a tag: URI
	if (key ~ /^(id|url|title|content_html)$/ ||
	    key ~ /^enclosure\[[0-9]+\]\.(url|type|length)$/ ||
	    (fmt != "rss" && key ~ /^(summary|content_text)$/) ||
	    (fmt == "atom" && key ~ /^author\[[0-9]+\]\.(email|url)$/) ||
	    (fmt == "jsonfeed" && key ~ /^(language|image\[[0-9]+\]\.url)$/) ||
	    (fmt == "jsonfeed" && key ~ /^enclosure\[[0-9]+\]\.duration$/))
		print art "\t" key "\t" val
}
END { flush() }
