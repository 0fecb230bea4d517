#!/bin/sh
# SPDX-License-Identifier: MIT
# Directory outputs (write/outdir.c): every file is mode 0644 whatever the
# umask, a second run replaces the files in place with the same bytes,
# and no temporary file is left behind.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir/tests" || exit 1

input=share/in/$(ls share/in | grep '\.xml$' | head -n 1)
url=https://share.example/s/

# run DIR UMASK: share pages of $input into DIR under UMASK.
run() {
	(umask "$2" && fm convert -q -t share --feed-url "$url" -o "$1/" \
	    "$input")
}

# modes DIR: each file's mode, one a line ("644 name").
modes() {
	(cd "$1" && for f in * .[!.]*; do
		[ -e "$f" ] && printf '%s %s\n' "$(stat -c %a "$f")" "$f"
	done)
}

for m in 077 022 000; do
	rm -rf "$TMP/o$m"
	if ! run "$TMP/o$m" "$m"; then
		not_ok "umask $m: convert -t share failed"
		continue
	fi
	n=$(ls "$TMP/o$m" | wc -l)
	bad=$(modes "$TMP/o$m" | grep -v '^644 ')
	if [ "$n" -ge 2 ] && [ -z "$bad" ]; then
		ok "umask $m: all $n files are 0644"
	else
		not_ok "umask $m: $n files, modes other than 0644:"
		echo "$bad" | head -5 | sed 's/^/# /'
	fi
done

# The second run over the first: same bytes, nothing left over. Hard
# links keep the first run's inodes alive, so no new file can reuse one.
cp -R "$TMP/o022" "$TMP/first"
cp -al "$TMP/o022" "$TMP/links"
ls -i "$TMP/o022" | sort -k2 >"$TMP/inodes1"
if run "$TMP/o022" 022 && diff -r "$TMP/first" "$TMP/o022" >"$TMP/diff"; then
	ok "a second run writes the same files"
else
	not_ok "a second run writes the same files"
	head -20 "$TMP/diff" | sed 's/^/# /'
fi
ls -i "$TMP/o022" | sort -k2 >"$TMP/inodes2"
# Each file was replaced (a new inode by rename), not rewritten in place.
same=$(join -1 2 -2 2 "$TMP/inodes1" "$TMP/inodes2" | awk '$2 == $3' | wc -l)
if [ "$same" -eq 0 ]; then
	ok "every file was replaced by a rename"
else
	not_ok "$same files kept their inode"
fi
left=$(find "$TMP"/o* -name '*.tmp.*' | wc -l)
if [ "$left" -eq 0 ]; then
	ok "no temporary files left"
else
	not_ok "$left temporary files left"
fi
done_testing
