/* SPDX-License-Identifier: MIT */
/*
 * A tiny TAP producer for unit tests. Checks never stop the program, so
 * one run reports every failure; a failed check prints the expression
 * and both values. Each test program ends with "return tap_done();".
 */
#ifndef FEEDMILL_TESTS_TAP_H
#define FEEDMILL_TESTS_TAP_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void
tap_ok(int ok, const char *file, int line, const char *msg)
{
	tap_n++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_n, msg);
	if (!ok)
		printf("#   at %s:%d\n", file, line);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#define CHECK(cond) tap_ok(!!(cond), __FILE__, __LINE__, #cond)

#define CHECK_INT_EQ(got, want) do {					\
	int64_t tap_g_ = (int64_t)(got), tap_w_ = (int64_t)(want);	\
	tap_ok(tap_g_ == tap_w_, __FILE__, __LINE__, #got " == " #want); \
	if (tap_g_ != tap_w_)						\
		printf("#   got %" PRId64 ", expected %" PRId64 "\n",	\
		    tap_g_, tap_w_);					\
} while (0)

#define CHECK_STR_EQ(got, want) do {					\
	const char *tap_g_ = (got), *tap_w_ = (want);			\
	int tap_eq_ = (tap_g_ == NULL || tap_w_ == NULL) ?		\
	    tap_g_ == tap_w_ : strcmp(tap_g_, tap_w_) == 0;		\
	tap_ok(tap_eq_, __FILE__, __LINE__, #got " == " #want);	\
	if (!tap_eq_)							\
		printf("#   got \"%s\", expected \"%s\"\n",		\
		    tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)"); \
} while (0)

/* A check with a message built at run time (for table-driven tests). */
#define CHECK_MSG(cond, ...) do {					\
	char tap_m_[512];						\
	snprintf(tap_m_, sizeof tap_m_, __VA_ARGS__);			\
	tap_ok(!!(cond), __FILE__, __LINE__, tap_m_);			\
} while (0)

#endif
