/* SPDX-License-Identifier: MIT */
/* struct buf: growth, cap, take, formatting. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "util/buf.h"

int
main(void)
{
	struct buf b;
	char	*s, big[300];
	size_t	 len, i;

	buf_init(&b, 16);
	CHECK_STR_EQ(buf_str(&b), "");
	CHECK_INT_EQ(buf_add(&b, "hello"), ERR_OK);
	CHECK_INT_EQ(buf_addc(&b, ' '), ERR_OK);
	CHECK_INT_EQ(buf_addf(&b, "%d", 42), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "hello 42");
	CHECK_INT_EQ(b.len, 8);
	/* Over the cap: refused, buffer unchanged. */
	CHECK_INT_EQ(buf_add(&b, "0123456789"), ERR_TOO_LARGE);
	CHECK_STR_EQ(buf_str(&b), "hello 42");
	CHECK_INT_EQ(buf_add(&b, "01234567"), ERR_OK);
	CHECK_INT_EQ(b.len, 16);
	CHECK_INT_EQ(buf_addc(&b, 'x'), ERR_TOO_LARGE);
	buf_truncate(&b, 5);
	CHECK_STR_EQ(buf_str(&b), "hello");
	buf_reset(&b);
	CHECK_STR_EQ(buf_str(&b), "");
	CHECK_INT_EQ(buf_addn(&b, "ab\0cd", 5), ERR_OK);
	CHECK_INT_EQ(b.len, 5);
	s = buf_take(&b, &len);
	CHECK_INT_EQ(len, 5);
	CHECK(memcmp(s, "ab\0cd", 6) == 0);
	CHECK(b.data == NULL && b.len == 0);
	free(s);
	CHECK(buf_dup_or_null(&b) == NULL);
	buf_cleanup(&b);

	/* Long formatted output goes through the heap path. */
	buf_init(&b, 4096);
	for (i = 0; i < sizeof big - 1; i++)
		big[i] = (char)('a' + i % 26);
	big[sizeof big - 1] = '\0';
	CHECK_INT_EQ(buf_addf(&b, "[%s]", big), ERR_OK);
	CHECK_INT_EQ(b.len, sizeof big + 1);
	CHECK(b.data[0] == '[' && b.data[b.len - 1] == ']');
	s = buf_dup_or_null(&b);
	CHECK_STR_EQ(s, b.data);
	free(s);
	buf_cleanup(&b);

	/* Decimal numbers, as printf spells them. */
	buf_init(&b, 4096);
	CHECK_INT_EQ(buf_add_int(&b, 0), ERR_OK);
	CHECK_INT_EQ(buf_addc(&b, ' '), ERR_OK);
	CHECK_INT_EQ(buf_add_int(&b, -42), ERR_OK);
	CHECK_INT_EQ(buf_addc(&b, ' '), ERR_OK);
	CHECK_INT_EQ(buf_add_int(&b, INT64_MIN), ERR_OK);
	CHECK_INT_EQ(buf_addc(&b, ' '), ERR_OK);
	CHECK_INT_EQ(buf_add_int(&b, INT64_MAX), ERR_OK);
	CHECK_INT_EQ(buf_addc(&b, ' '), ERR_OK);
	CHECK_INT_EQ(buf_add_uint(&b, UINT64_MAX), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "0 -42 -9223372036854775808 "
	    "9223372036854775807 18446744073709551615");
	buf_cleanup(&b);
	/* A number that does not fit under the cap leaves the buffer alone. */
	buf_init(&b, 4);
	CHECK_INT_EQ(buf_add_int(&b, 123), ERR_OK);
	CHECK_INT_EQ(buf_add_int(&b, 45), ERR_TOO_LARGE);
	CHECK_STR_EQ(buf_str(&b), "123");
	buf_cleanup(&b);

	/*
	 * buf_reserve: one allocation that later appends fill without
	 * moving the contents; clamped to the cap; never shrinks; an empty
	 * reserved buffer reads as "".
	 */
	buf_init(&b, 100);
	buf_reserve(&b, 40);
	CHECK_INT_EQ(b.cap, 41);
	CHECK_INT_EQ(b.len, 0);
	CHECK_STR_EQ(buf_str(&b), "");
	s = b.data;
	for (i = 0; i < 40; i++)
		CHECK_INT_EQ(buf_addc(&b, (char)('a' + i % 26)), ERR_OK);
	CHECK(b.data == s);
	CHECK_INT_EQ(b.len, 40);
	CHECK(memcmp(b.data, "abcdefghijklmnopqrstuvwxyz", 26) == 0 &&
	    memcmp(b.data + 26, "abcdefghijklmn", 15) == 0);
	buf_reserve(&b, 10);
	CHECK_INT_EQ(b.cap, 41);
	CHECK(b.data == s);
	/* Growing a buffer that holds text keeps the text. */
	buf_reserve(&b, 1000);
	CHECK_INT_EQ(b.cap, 101);
	CHECK_INT_EQ(b.len, 40);
	CHECK(memcmp(b.data, "abcdefghijklmnopqrstuvwxyz", 26) == 0 &&
	    memcmp(b.data + 26, "abcdefghijklmn", 15) == 0);
	CHECK_INT_EQ(buf_addn(&b, big, 60), ERR_OK);
	CHECK_INT_EQ(b.len, 100);
	CHECK_INT_EQ(b.data[100], '\0');
	CHECK_INT_EQ(buf_addc(&b, 'x'), ERR_TOO_LARGE);
	buf_reset(&b);
	CHECK_INT_EQ(b.cap, 101);
	buf_cleanup(&b);
	buf_init(&b, 100);
	buf_reserve(&b, 0);
	CHECK_STR_EQ(buf_str(&b), "");
	CHECK_INT_EQ(buf_add(&b, "xyz"), ERR_OK);
	CHECK_STR_EQ(buf_str(&b), "xyz");
	buf_cleanup(&b);
	return tap_done();
}
