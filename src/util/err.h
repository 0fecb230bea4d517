/* SPDX-License-Identifier: MIT */
/*
 * One error enum for the whole program. Codes say what the caller does
 * next; the detecting site logs the details once (file, line, reason).
 */
#ifndef FEEDMILL_UTIL_ERR_H
#define FEEDMILL_UTIL_ERR_H

#define ERR_MAP(X)						\
	X(OK,          "success")				\
	X(IO,          "input/output error")			\
	X(PARSE,       "malformed input")			\
	X(UNSUPPORTED, "unsupported format")			\
	X(TOO_LARGE,   "input exceeds size limit")		\
	X(NET,         "network error")				\
	X(HTTP,        "unexpected HTTP status")		\
	X(TIMEOUT,     "timed out")				\
	X(STORE,       "database error")			\
	X(CONFIG,      "invalid configuration")			\
	X(USAGE,       "invalid arguments")			\
	X(DENIED,      "refused by policy")

enum err {
#define X(name, text) ERR_##name,
	ERR_MAP(X)
#undef X
	ERR__COUNT
};

#define WARN_UNUSED __attribute__((warn_unused_result))

const char	*err_str(enum err e);
const char	*err_name(enum err e);

#endif
