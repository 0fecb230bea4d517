# Sourced by tests/people/run.sh and browser.sh: install html-validate and
# playwright-core from npm into the build tree on first use. The two
# suites run in parallel under make -j, so the install holds a lock and
# the second suite waits for the first one's install instead of racing it.
node_dir="$top_builddir/tests/people-node"
HV_VERSION=9.7.1
PW_VERSION=1.49.1
people_node_install() {
	command -v npm >/dev/null || return 0
	mkdir -p "$node_dir"
	(
		flock 9
		if [ ! -d "$node_dir/node_modules/html-validate" ] ||
		    [ ! -d "$node_dir/node_modules/playwright-core" ]; then
			timeout 300 npm install --prefix "$node_dir" --no-audit \
			    --no-fund --silent "html-validate@$HV_VERSION" \
			    "playwright-core@$PW_VERSION" >/dev/null 2>&1
		fi
	) 9>"$node_dir.lock"
}
