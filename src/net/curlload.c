/* SPDX-License-Identifier: MIT */
/*
 * libcurl, loaded when the first fetch needs it. Loading libcurl brings
 * some thirty libraries (TLS, Kerberos, LDAP, SSH, IDN...) whose
 * relocation took two thirds of the start-up of every feedmill process,
 * fetching or not; so the program is not linked with libcurl, and these
 * definitions of the libcurl functions net/ calls open libcurl.so.4 with
 * dlopen(3) on first use and pass each call on. Add a function here when
 * net/ starts calling a new one (the link fails until then).
 */
#include "config.h"

/* Our definitions below, not curl's type-checking macros. */
#define CURL_DISABLE_TYPECHECK 1

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <curl/curl.h>

#define CURL_SONAME	"libcurl.so.4"

/*
 * The address of libcurl's name. A missing library or symbol (a broken
 * installation) ends the program with status 1.
 */
static void *
sym(const char *name)
{
	static void	*lib;
	void		*p;

	if (lib == NULL) {
		lib = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (lib == NULL) {
			fprintf(stderr, "feedmill: cannot load %s, needed to "
			    "fetch: %s\n", CURL_SONAME, dlerror());
			exit(EXIT_FAILURE);
		}
	}
	p = dlsym(lib, name);
	if (p == NULL) {
		fprintf(stderr, "feedmill: %s has no %s\n", CURL_SONAME, name);
		exit(EXIT_FAILURE);
	}
	return p;
}

/*
 * One pass-through function: the real one is looked up once. POSIX
 * guarantees a data pointer from dlsym() converts to a function pointer.
 */
#define PASS(ret, name, params, args)					\
ret									\
name params								\
{									\
	static ret (*f) params;						\
									\
	if (f == NULL)							\
		*(void **)&f = sym(#name);				\
	return f args;							\
}
#define PASS_VOID(name, params, args)					\
void									\
name params								\
{									\
	static void (*f) params;					\
									\
	if (f == NULL)							\
		*(void **)&f = sym(#name);				\
	f args;								\
}

PASS(CURLcode, curl_global_init, (long flags), (flags))
PASS_VOID(curl_global_cleanup, (void), ())
PASS(CURL *, curl_easy_init, (void), ())
PASS_VOID(curl_easy_cleanup, (CURL *h), (h))
PASS(CURLcode, curl_easy_perform, (CURL *h), (h))
PASS(const char *, curl_easy_strerror, (CURLcode c), (c))
PASS(struct curl_slist *, curl_slist_append,
    (struct curl_slist *l, const char *s), (l, s))
PASS_VOID(curl_slist_free_all, (struct curl_slist *l), (l))
PASS(CURLM *, curl_multi_init, (void), ())
PASS(CURLMcode, curl_multi_cleanup, (CURLM *m), (m))
PASS(CURLMcode, curl_multi_add_handle, (CURLM *m, CURL *h), (m, h))
PASS(CURLMcode, curl_multi_remove_handle, (CURLM *m, CURL *h), (m, h))
PASS(CURLMcode, curl_multi_perform, (CURLM *m, int *running), (m, running))
PASS(CURLMcode, curl_multi_poll, (CURLM *m, struct curl_waitfd *fds,
    unsigned int nfds, int timeout_ms, int *numfds),
    (m, fds, nfds, timeout_ms, numfds))
PASS(CURLMsg *, curl_multi_info_read, (CURLM *m, int *left), (m, left))
PASS(CURLMcode, curl_multi_assign, (CURLM *m, curl_socket_t s, void *p),
    (m, s, p))
PASS(CURLMcode, curl_multi_socket_action, (CURLM *m, curl_socket_t s,
    int ev_bitmask, int *running), (m, s, ev_bitmask, running))
PASS(const char *, curl_multi_strerror, (CURLMcode c), (c))

/*
 * The variadic ones take one argument whose type the option number
 * tells (curl.h: CURLOPTTYPE_*; multi options use the same ranges).
 * Function pointers travel as data pointers, as in libcurl itself.
 */
CURLcode
curl_easy_setopt(CURL *h, CURLoption o, ...)
{
	static CURLcode (*f)(CURL *, CURLoption, ...);
	va_list	 ap;
	CURLcode c;

	if (f == NULL)
		*(void **)&f = sym("curl_easy_setopt");
	va_start(ap, o);
	if (o < CURLOPTTYPE_OBJECTPOINT)
		c = f(h, o, va_arg(ap, long));
	else if (o >= CURLOPTTYPE_OFF_T && o < CURLOPTTYPE_BLOB)
		c = f(h, o, va_arg(ap, curl_off_t));
	else
		c = f(h, o, va_arg(ap, void *));
	va_end(ap);
	return c;
}

CURLMcode
curl_multi_setopt(CURLM *m, CURLMoption o, ...)
{
	static CURLMcode (*f)(CURLM *, CURLMoption, ...);
	va_list	 ap;
	CURLMcode c;

	if (f == NULL)
		*(void **)&f = sym("curl_multi_setopt");
	va_start(ap, o);
	if (o < CURLOPTTYPE_OBJECTPOINT)
		c = f(m, o, va_arg(ap, long));
	else if (o >= CURLOPTTYPE_OFF_T)
		c = f(m, o, va_arg(ap, curl_off_t));
	else
		c = f(m, o, va_arg(ap, void *));
	va_end(ap);
	return c;
}

/* Every CURLINFO_* takes a pointer to where the answer goes. */
CURLcode
curl_easy_getinfo(CURL *h, CURLINFO i, ...)
{
	static CURLcode (*f)(CURL *, CURLINFO, ...);
	va_list	 ap;
	CURLcode c;

	if (f == NULL)
		*(void **)&f = sym("curl_easy_getinfo");
	va_start(ap, i);
	c = f(h, i, va_arg(ap, void *));
	va_end(ap);
	return c;
}
