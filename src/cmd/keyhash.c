/* SPDX-License-Identifier: MIT */
/*
 * feedmill key-hash: the SHA-256 of a partner key, for key_sha256 in a
 * [partner NAME] section; with --new, a fresh random key and its hash.
 * The key is read from standard input so it stays out of shell history
 * and process lists.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "cmd/cmd.h"
#include "util/caps.h"
#include "util/hash.h"

static const char usage_text[] =
"Usage: feedmill key-hash [--new]\n"
"Read a partner key (one line) on standard input and print its SHA-256,\n"
"the key_sha256 value of a [partner NAME] section in feedmill.conf.\n"
"\n"
"  -n, --new              make a random key instead (32 bytes, hex) and\n"
"                         print \"key KEY\" and \"key_sha256 HASH\"; give\n"
"                         the key to the partner, put the hash in the\n"
"                         configuration\n"
"  -h, --help             display this help and exit\n"
"\n"
"Keys are 1 to 256 bytes without spaces; partners send them as\n"
"\"Authorization: Bearer KEY\" or as ?key=KEY (then URL-safe characters\n"
"only). Exit status: 0 on success, 1 when no key was read, 2 on a usage\n"
"error.\n";

static const struct option longopts[] = {
	{ "new", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
keyhash_run(int argc, char **argv)
{
	unsigned char raw[32];
	char	 key[CAP_HTTP_KEY + 2], hex[HASH_HEX_LEN + 1];
	size_t	 n, i;
	int	 ch, fresh = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "nh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			fresh = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs("Try 'feedmill key-hash --help' for more "
			    "information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "feedmill key-hash: no arguments are taken "
		    "(the key is read on standard input)\n");
		return EXIT_USAGE;
	}
	if (fresh) {
		if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
			fprintf(stderr, "feedmill key-hash: no randomness\n");
			return EXIT_RUNTIME;
		}
		for (i = 0; i < sizeof raw; i++)
			snprintf(key + 2 * i, 3, "%02x", raw[i]);
		n = 2 * sizeof raw;
	} else {
		if (fgets(key, sizeof key, stdin) == NULL) {
			fprintf(stderr, "feedmill key-hash: no key on standard "
			    "input\n");
			return EXIT_RUNTIME;
		}
		n = strcspn(key, "\r\n");
		key[n] = '\0';
		if (n == 0 || n > CAP_HTTP_KEY || strpbrk(key, " \t") != NULL) {
			fprintf(stderr, "feedmill key-hash: a key is 1 to %d "
			    "bytes without spaces\n", CAP_HTTP_KEY);
			explicit_bzero(key, sizeof key);
			return EXIT_RUNTIME;
		}
	}
	hash_hex(key, n, hex);
	if (fresh)
		printf("key %s\nkey_sha256 %s\n", key, hex);
	else
		printf("%s\n", hex);
	explicit_bzero(key, sizeof key);
	explicit_bzero(raw, sizeof raw);
	return EXIT_OK;
}

const struct cmd cmd_keyhash = {
	.name = "key-hash",
	.summary = "print the SHA-256 of a partner key read on standard input",
	.run = keyhash_run,
};
