# Reduce a feed-dump(5) to the fields that survive a trip through one
# output format, as "ARTICLE<TAB>key<TAB>value" lines (ARTICLE 0 = feed
# head). Lists whose order a format may change become unindexed keys.
# Usage: awk -v fmt=rss|atom|jsonfeed -f shared-fields.awk DUMP
BEGIN { FS = "\t"; art = 0 }
# Writers may change the offset a time is written in, never the instant:
# compare seconds since the epoch (days-from-civil, integer arithmetic).
function epoch(s,   y, m, d, hh, mm, ss, off, era, yoe, doy, doe, sign) {
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	hh = substr(s, 12, 2) + 0; mm = substr(s, 15, 2) + 0
	ss = substr(s, 18, 2) + 0
	off = 0
	if (length(s) >= 25) {
		sign = substr(s, 20, 1) == "-" ? -1 : 1
		off = sign * (substr(s, 21, 2) * 3600 + substr(s, 24, 2) * 60)
	}
	if (m <= 2)
		y--
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss - off
}
function flush(   d) {
	if (art == 0)
		return
	if (fmt == "rss") {
		# RSS has one date: pubDate is published, else updated.
		d = pub != "" ? pub : upd
		if (d != "")
			print art "\tdate\t" epoch(d)
	} else {
		if (pub != "")
			print art "\tpublished\t" epoch(pub)
		# Atom's updated falls back to published.
		if (fmt == "atom" && upd == "")
			upd = pub
		if (upd != "")
			print art "\tupdated\t" epoch(upd)
	}
	# Atom has one content: HTML wins over text when a source had both.
	if (ctext != "" && (fmt == "jsonfeed" || !chtml))
		print art "\tcontent_text\t" ctext
	ctext = ""
	chtml = 0
	# JSON Feed carries one image: the lead.
	if (fmt == "jsonfeed" && lead != "")
		print art "\timage\t" img[lead]
	pub = upd = lead = ""
	delete img
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
	if (key == "content_text") { if (fmt != "rss") ctext = val; next }
	if (key == "content_html")
		chtml = 1
	if (key ~ /^image\[[0-9]+\]\.url$/) { img[key] = val; next }
	if (key ~ /^image\[[0-9]+\]\.lead$/) {
		lead = key
		sub(/\.lead$/, ".url", lead)
		next
	}
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
	    (fmt == "jsonfeed" && key == "language") ||
	    (fmt == "jsonfeed" && key ~ /^enclosure\[[0-9]+\]\.duration$/))
		print art "\t" key "\t" val
}
END { flush() }
