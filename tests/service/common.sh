# Shared by the service tests that need no HTTP fixture (sourced after
# tests/lib.sh): a service over one spool folder of ninjs wire copy.

# spool_service DIR [LINE]: DIR/feedmill.conf (state and outputs in DIR,
# one channel "all", LINE added to it) and one spool source,
# DIR/spool, polled hourly (poll --once reads a spool every time).
spool_service() {
	mkdir -p "$1/spool"
	printf '[service]\nstate_dir = state\noutput_dir = out\n' \
	    >"$1/feedmill.conf"
	printf 'base_url = https://news.example.com/\n[channel all]\n' \
	    >>"$1/feedmill.conf"
	[ -n "${2:-}" ] && printf '%s\n' "$2" >>"$1/feedmill.conf"
	printf '[source]\nspool = spool\ninterval = 1h\n' >"$1/wire.ini"
}

# ninjs FILE ID VERSION PUBSTATUS [EMBARGO]: version VERSION (1-9) of
# story urn:test:ID ("Story ID", "Body of ID."), written a minute ago
# (a spool reads files that stopped changing).
ninjs() {
	{
		printf '{"uri": "urn:test:%s", "version": "%s", ' "$2" "$3"
		printf '"headline": "Story %s", "body_text": "Body of %s.", ' \
		    "$2" "$2"
		printf '"versioncreated": "2026-11-28T0%s:00:00Z", ' "$3"
		[ -n "${5:-}" ] && printf '"embargoed": "%s", ' "$5"
		printf '"pubstatus": "%s"}\n' "$4"
	} >"$1"
	touch -d '1 minute ago' "$1"
}

# shown DIR: the stories of channel "all" (their ids after urn:test:)
# and the share pages (their names less the hash), on one line.
shown() {
	printf 'channel:'
	sed -n 's#.*<guid isPermaLink="false">urn:test:\(.*\)</guid>.*#\1#p' \
	    "$1/out/all.rss" | sort | tr '\n' ' '
	printf 'pages:'
	ls "$1/out/share" 2>/dev/null | sed 's/-[0-9a-f]*\.html$//' |
	    tr '\n' ' '
	echo
}

# expect_shown DIR WANT LABEL: a test that shown DIR is WANT.
expect_shown() {
	_got=$(shown "$1")
	if [ "$_got" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3: $_got"
	fi
}
