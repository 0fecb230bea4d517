/* SPDX-License-Identifier: MIT */
/*
 * What creating share pages costs the kernel (not a test; not built by
 * default): N files of 6 KB (a share page's size) into one new folder,
 * four ways, with the process's CPU time per file.
 *
 *	cc -O2 -o /tmp/fs-create bench/fs-create.c
 *	/tmp/fs-create /dev/shm/x MODE 20000	# rm -rf /dev/shm/x between
 *
 * MODE 0: a temporary name, then renameat (what outdir.c does);
 * 1: O_TMPFILE, then linkat through /proc/self/fd (no privilege);
 * 2: O_TMPFILE, then linkat AT_EMPTY_PATH (needs CAP_DAC_READ_SEARCH);
 * 3: the final name at once (not atomic: the floor).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double
seconds(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
create(int dfd, int mode, int i, const char *p, size_t n)
{
	char	 name[128], tmp[160], proc[64];
	int	 fd;

	snprintf(name, sizeof name, "story-number-%d-abcdef0123.html", i);
	if (mode == 0) {
		snprintf(tmp, sizeof tmp, ".%s.tmp.%06d", name, i);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0644);
	} else if (mode == 3)
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0644);
	else
		fd = openat(dfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		return -1;
	if (mode == 0 && renameat(dfd, tmp, dfd, name) != 0)
		return -1;
	if (mode == 1) {
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		if (linkat(AT_FDCWD, proc, dfd, name, AT_SYMLINK_FOLLOW) != 0)
			return -1;
	}
	if (mode == 2 && linkat(fd, "", dfd, name, AT_EMPTY_PATH) != 0)
		return -1;
	return close(fd);
}

int
main(int argc, char **argv)
{
	static char page[6200];
	double	 w0, c0, cpu;
	int	 dfd, mode, n, i;

	if (argc != 4) {
		fprintf(stderr, "usage: fs-create DIR MODE N\n");
		return 2;
	}
	mode = atoi(argv[2]);
	n = atoi(argv[3]);
	memset(page, 'x', sizeof page);
	if (mkdir(argv[1], 0755) != 0 ||
	    (dfd = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0) {
		perror(argv[1]);
		return 1;
	}
	w0 = seconds(CLOCK_MONOTONIC);
	c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++)
		if (create(dfd, mode, i, page, sizeof page) != 0) {
			perror("create");
			return 1;
		}
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("mode %d: %d files, wall %.3f s, CPU %.3f s, %.1f us a file\n",
	    mode, n, seconds(CLOCK_MONOTONIC) - w0, cpu, cpu / n * 1e6);
	return 0;
}
