/*
 * The floor for famfs's strict mode, written for the mount-read benchmark: a minimal libfuse
 * low-level daemon serving one read-only file, "data", whose bytes are a MAP_SHARED mapping of
 * SOURCE. Opens ask for direct I/O (no page cache) and READ replies with fuse_reply_buf straight
 * from the mapping, which is what famfs-fuse does in strict mode: whatever this reaches is what
 * the kernel's FUSE direct-I/O path allows a daemon to reach on this machine.
 *
 * Usage: mapped_ll SOURCE MOUNTPOINT   (foreground; unmount to stop)
 */
#define FUSE_USE_VERSION 34
#include <fuse_lowlevel.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

static const char *name = "data";
static const fuse_ino_t data_ino = 2;
static const double forever = 86400;
static const char *bytes;
static size_t length;

static void fill_stat(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	if (ino == FUSE_ROOT_ID) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else {
		st->st_mode = S_IFREG | 0444;
		st->st_nlink = 1;
		st->st_size = (off_t)length;
	}
}

static void ll_lookup(fuse_req_t req, fuse_ino_t parent, const char *n)
{
	struct fuse_entry_param e;

	if (parent != FUSE_ROOT_ID || strcmp(n, name) != 0) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.ino = data_ino;
	e.attr_timeout = e.entry_timeout = forever;
	fill_stat(data_ino, &e.attr);
	fuse_reply_entry(req, &e);
}

static void ll_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	(void)fi;
	fill_stat(ino, &st);
	fuse_reply_attr(req, &st, forever);
}

static void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	fi->direct_io = 1;
	fuse_reply_open(req, fi);
}

static void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	if ((size_t)off >= length) {
		fuse_reply_buf(req, NULL, 0);
		return;
	}
	if (size > length - (size_t)off)
		size = length - (size_t)off;
	fuse_reply_buf(req, bytes + off, size);
}

static const struct fuse_lowlevel_ops ops = {
	.lookup = ll_lookup,
	.getattr = ll_getattr,
	.open = ll_open,
	.read = ll_read,
};

int main(int argc, char **argv)
{
	char *fuse_argv[] = { argv[0], "-o", "allow_other", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, fuse_argv);
	struct fuse_session *se;
	struct fuse_loop_config *config;
	struct stat st;
	int fd, rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SOURCE MOUNTPOINT\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(argv[1]);
		return 1;
	}
	length = (size_t)st.st_size;
	bytes = mmap(NULL, length, PROT_READ, MAP_SHARED, fd, 0);
	if (bytes == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
	if (se == NULL || fuse_set_signal_handlers(se) != 0 || fuse_session_mount(se, argv[2]) != 0)
		return 1;
	config = fuse_loop_cfg_create();
	rc = fuse_session_loop_mt(se, config);
	fuse_loop_cfg_destroy(config);
	fuse_session_unmount(se);
	fuse_remove_signal_handlers(se);
	fuse_session_destroy(se);
	return rc != 0;
}
