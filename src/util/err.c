/* SPDX-License-Identifier: MIT */
/* Names and messages for enum err, generated from ERR_MAP. */
#include "config.h"
#include "util/err.h"

static const char *const messages[] = {
#define X(name, text) [ERR_##name] = text,
	ERR_MAP(X)
#undef X
};

static const char *const names[] = {
#define X(name, text) [ERR_##name] = #name,
	ERR_MAP(X)
#undef X
};

const char *
err_str(enum err e)
{
	if ((unsigned)e >= ERR__COUNT)
		return "unknown error";
	return messages[e];
}

const char *
err_name(enum err e)
{
	if ((unsigned)e >= ERR__COUNT)
		return "UNKNOWN";
	return names[e];
}
