/* SPDX-License-Identifier: MIT */
/* UTF-8 repair, control-character removal, whitespace folding, excerpts. */
#include "config.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* Windows-1252 for 0x80..0x9f; 0 marks the five undefined bytes. */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

uint32_t
text_cp1252(unsigned char c)
{
	if (c >= 0x80 && c < 0xa0)
		return cp1252[c - 0x80] != 0 ? cp1252[c - 0x80] : 0xfffd;
	return c;
}

/* See text.h: text_utf8_decode() where its inline part gives up. */
size_t
text_utf8_decode_slow(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t	 len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, and beyond U+10FFFF are invalid. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
text_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

bool
text_utf8_valid(const char *s, size_t n)
{
	uint32_t cp;
	size_t	 i, k;

	for (i = 0; i < n; i += k) {
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return false;
	}
	return true;
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v';
}

/* Does byte c stand for itself in text_clean() with these flags? */
static bool
is_plain(unsigned char c, unsigned flags)
{
	return (c > 0x20 && c < 0x7f) || (!(flags & TEXT_COLLAPSE) &&
	    (c == ' ' || ((flags & TEXT_MULTILINE) &&
	    (c == '\n' || c == '\t'))));
}

/*
 * The length of the run of is_plain() bytes at s (n bytes): bytes from
 * lo (0x21, or the space when it is kept) to 0x7e at once, the others
 * one by one.
 */
static size_t
plain_run(const char *s, size_t n, unsigned flags)
{
	unsigned char lo = (flags & TEXT_COLLAPSE) ? 0x21 : 0x20;
	size_t	 k = 0;

	for (;;) {
		k += text_span(s + k, n - k, lo, 0x7e, 0, 0);
		if (k >= n || !is_plain((unsigned char)s[k], flags))
			return k;
		k++;
	}
}

/*
 * The length of the longest prefix of the n bytes at s that is printable
 * ASCII without two spaces in a row: what collapsing keeps as it is,
 * but for a space at either end. Sixteen bytes at a time with SSE2 (each
 * compared with the byte after it for the pairs).
 */
static size_t
collapsed_run(const char *s, size_t n)
{
	size_t	 i = 0;
	unsigned char c;
#ifdef __SSE2__
	const __m128i flip = _mm_set1_epi8((char)0x80);
	const __m128i lo = _mm_set1_epi8((char)(0x20 ^ 0x80));
	const __m128i hi = _mm_set1_epi8((char)(0x7e ^ 0x80));
	const __m128i sp = _mm_set1_epi8(' ');
	__m128i	 v, w, f, stop;
	unsigned m;

	for (; i + 17 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		w = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
		f = _mm_xor_si128(v, flip);
		stop = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(f, lo),
		    _mm_cmpgt_epi8(f, hi)), _mm_and_si128(_mm_cmpeq_epi8(v, sp),
		    _mm_cmpeq_epi8(w, sp)));
		m = (unsigned)_mm_movemask_epi8(stop);
		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e || (c == ' ' && i + 1 < n &&
		    s[i + 1] == ' '))
			break;
	}
	return i;
}

/* See text.h. */
bool
text_is_clean(const char *s, size_t n, unsigned flags, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	 i = 0, k;
	uint32_t cp;

	/* Nothing is cut, and an empty result is NULL, not a copy. */
	if (s == NULL || n == 0 || n > max)
		return false;
	/* Collapsing trims: a space at either end changes the text. */
	if ((flags & TEXT_COLLAPSE) && (u[0] == ' ' || u[n - 1] == ' '))
		return false;
	while (i < n) {
		/*
		 * Printable ASCII stays; collapsing, as long as no two spaces
		 * meet (a lone space between two characters that stay is
		 * written back as it was, the pending space).
		 */
		if (flags & TEXT_COLLAPSE)
			i += collapsed_run(s + i, n - i);
		else
			i += text_span(s + i, n - i, 0x20, 0x7e, 0, 0);
		if (i >= n)
			break;
		if (is_plain(u[i], flags)) {
			i++;
			continue;
		}
		/*
		 * Collapsing, a lone space between two characters that stay
		 * is written back as it was (the pending space); the one
		 * before it stayed, as every byte before i did.
		 */
		if ((flags & TEXT_COLLAPSE) && u[i] == ' ' && i > 0 &&
		    u[i - 1] != ' ' && i + 1 < n && !is_space(u[i + 1])) {
			i++;
			continue;
		}
		if (u[i] < 0x80)
			return false;
		/*
		 * A valid sequence of an allowed character above ASCII is
		 * written back encoded as it was (never white space, CR,
		 * tab or LF).
		 */
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || !text_char_ok(cp))
			return false;
		i += k;
	}
	return true;
}

char *
text_clean(const char *s, size_t n, unsigned flags, size_t max)
{
	char	*out, enc[4];
	size_t	 i, k, o = 0, el;
	uint32_t cp;
	bool	 pending_space = false;

	if (s == NULL)
		return NULL;
	/* Text that stays as it is: the common case, copied at once. */
	if (text_is_clean(s, n, flags, max)) {
		out = xmalloc(n + 1);
		memcpy(out, s, n);
		out[n] = '\0';
		return out;
	}
	/* Windows-1252 repair can triple a byte: size for the worst case. */
	out = xmalloc(n * 3 + 1);
	for (i = 0; i < n; i += k) {
		/*
		 * A run of printable ASCII stands for itself; so do white
		 * space characters that are kept as they are.
		 */
		k = plain_run(s + i, n - i, flags);
		if (k > 0) {
			if (pending_space) {
				if (o + 2 > max)
					break;
				out[o++] = ' ';
				pending_space = false;
			}
			if (k > max - o) {
				memcpy(out + o, s + i, max - o);
				o = max;
				break;
			}
			memcpy(out + o, s + i, k);
			o += k;
			continue;
		}
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			cp = text_cp1252((unsigned char)s[i]);
		}
		if (cp == '\r') {
			/* CR LF and lone CR both become LF. */
			if (i + 1 < n && s[i + 1] == '\n')
				continue;
			cp = '\n';
		}
		if (!text_char_ok(cp))
			continue;
		if (!(flags & TEXT_MULTILINE) && (cp == '\t' || cp == '\n'))
			cp = ' ';
		if ((flags & TEXT_COLLAPSE) && is_space(cp)) {
			if (o > 0)
				pending_space = true;
			continue;
		}
		el = text_utf8_encode(cp, enc);
		if (o + el + (pending_space ? 1 : 0) > max)
			break;
		if (pending_space) {
			out[o++] = ' ';
			pending_space = false;
		}
		memcpy(out + o, enc, el);
		o += el;
	}
	if (o == 0) {
		free(out);
		return NULL;
	}
	out[o] = '\0';
	return out;
}

char *
text_clean_str(const char *s, unsigned flags, size_t max)
{
	if (s == NULL)
		return NULL;
	return text_clean(s, strlen(s), flags, max);
}

char *
text_excerpt(const char *s, size_t max_chars)
{
	size_t	 i = 0, chars = 0, cut = 0, last_space = 0, k;
	size_t	 n = strlen(s);
	uint32_t cp = 0;
	char	*out;

	/* Each character is a byte or more: short texts fit. */
	if (n <= max_chars)
		return xstrdup(s);
	while (i < n) {
		if (chars == max_chars)
			break;
		if ((unsigned char)s[i] < 0x80) {
			cp = (unsigned char)s[i];
			k = 1;
		} else {
			/* An invalid byte counts as a character; cp stays. */
			k = text_utf8_decode(s + i, n - i, &cp);
			if (k == 0)
				k = 1;
		}
		if (cp == ' ')
			last_space = i;
		i += k;
		chars++;
	}
	if (i >= n)
		return xstrdup(s);
	cut = last_space > 0 ? last_space : i;
	/* Drop trailing punctuation and spaces before the ellipsis. */
	while (cut > 0 && strchr(" ,;:-", s[cut - 1]) != NULL)
		cut--;
	out = xmalloc(cut + 4);
	memcpy(out, s, cut);
	memcpy(out + cut, "\xe2\x80\xa6", 4);
	return out;
}

bool
text_is_blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s != '\0'; s++)
		if (!is_space((unsigned char)*s))
			return false;
	return true;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool
text_ieq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return false;
	return *a == *b;
}

int
text_hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
text_istarts(const char *s, const char *prefix)
{
	if (s == NULL)
		return false;
	for (; *prefix != '\0'; s++, prefix++)
		if (*s == '\0' || lower((unsigned char)*s) !=
		    lower((unsigned char)*prefix))
			return false;
	return true;
}

enum err
text_utf8_repair(struct utf8_repair *r, const char *s, size_t n, bool final,
    struct buf *out)
{
	char	 tmp[8], enc[4];
	size_t	 i = 0, k, need, take, el;
	uint32_t cp;
	enum err e;

	/* Complete a sequence split across the previous chunk boundary. */
	while (r->npend > 0) {
		need = 4 - r->npend;
		take = need < n - i ? need : n - i;
		memcpy(tmp, r->pend, r->npend);
		memcpy(tmp + r->npend, s + i, take);
		k = text_utf8_decode(tmp, r->npend + take, &cp);
		if (k == 0 && r->npend + take < 4 && !final &&
		    take == n - i) {
			/* Still possibly incomplete: keep waiting. */
			memcpy(r->pend + r->npend, s + i, take);
			r->npend += take;
			return ERR_OK;
		}
		if (k == 0) {
			el = text_utf8_encode(text_cp1252(
			    (unsigned char)tmp[0]), enc);
			r->fixed++;
			e = buf_addn(out, enc, el);
			if (e)
				return e;
			memmove(r->pend, r->pend + 1, --r->npend);
			continue;
		}
		e = buf_addn(out, tmp, k);
		if (e)
			return e;
		i += k - r->npend;
		r->npend = 0;
	}
	while (i < n) {
		size_t	 start = i;

		/* Copy a run of valid text at once. */
		while (i < n) {
			/* ASCII is valid. */
			i += text_span(s + i, n - i, 0, 0x7f, 0x80, 0x80);
			if (i >= n)
				break;
			k = text_utf8_decode(s + i, n - i, &cp);
			if (k == 0)
				break;
			i += k;
		}
		e = buf_addn(out, s + start, i - start);
		if (e)
			return e;
		if (i >= n)
			break;
		/* A possibly truncated sequence at the end of the chunk. */
		if (!final && n - i < 4) {
			size_t	 j;
			bool	 prefix = true;

			need = (unsigned char)s[i] >= 0xf0 ? 4 :
			    (unsigned char)s[i] >= 0xe0 ? 3 : 2;
			for (j = i + 1; j < n; j++)
				if (((unsigned char)s[j] & 0xc0) != 0x80)
					prefix = false;
			if ((unsigned char)s[i] >= 0xc2 && prefix &&
			    n - i < need) {
				memcpy(r->pend, s + i, n - i);
				r->npend = n - i;
				return ERR_OK;
			}
		}
		el = text_utf8_encode(text_cp1252((unsigned char)s[i]), enc);
		r->fixed++;
		e = buf_addn(out, enc, el);
		if (e)
			return e;
		i++;
	}
	return ERR_OK;
}
