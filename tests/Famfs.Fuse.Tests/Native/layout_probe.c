/* Prints the size and field offsets of every libfuse/glibc struct famfs-fuse declares in C#,
 * one "name value" per line, as the compiler lays them out. NativeLayoutTests compiles this
 * against the installed libfuse3-dev headers and compares with the C# structs. */
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#define SIZE(type) printf("sizeof %s %zu\n", #type, sizeof(struct type))
#define FIELD(type, field) printf("%s.%s %zu\n", #type, #field, offsetof(struct type, field))

/* Bitfields have no offsetof: set one in a zeroed struct and print the 32-bit word after flags. */
#define BIT(field)                                                                \
	do {                                                                      \
		struct fuse_file_info fi;                                         \
		unsigned int word;                                                \
		memset(&fi, 0, sizeof(fi));                                       \
		fi.field = 1;                                                     \
		memcpy(&word, (char *)&fi + offsetof(struct fuse_file_info, flags) + sizeof(int), sizeof(word)); \
		printf("bit fuse_file_info.%s %u\n", #field, word);               \
	} while (0)

int main(void)
{
	SIZE(stat);
	FIELD(stat, st_dev); FIELD(stat, st_ino); FIELD(stat, st_nlink); FIELD(stat, st_mode);
	FIELD(stat, st_uid); FIELD(stat, st_gid); FIELD(stat, st_rdev); FIELD(stat, st_size);
	FIELD(stat, st_blksize); FIELD(stat, st_blocks);
	FIELD(stat, st_atim.tv_sec); FIELD(stat, st_atim.tv_nsec);
	FIELD(stat, st_mtim.tv_sec); FIELD(stat, st_mtim.tv_nsec);
	FIELD(stat, st_ctim.tv_sec); FIELD(stat, st_ctim.tv_nsec);

	SIZE(statvfs);
	FIELD(statvfs, f_bsize); FIELD(statvfs, f_frsize); FIELD(statvfs, f_blocks); FIELD(statvfs, f_bfree);
	FIELD(statvfs, f_bavail); FIELD(statvfs, f_files); FIELD(statvfs, f_ffree); FIELD(statvfs, f_favail);
	FIELD(statvfs, f_fsid); FIELD(statvfs, f_flag); FIELD(statvfs, f_namemax);

	SIZE(fuse_entry_param);
	FIELD(fuse_entry_param, ino); FIELD(fuse_entry_param, generation); FIELD(fuse_entry_param, attr);
	FIELD(fuse_entry_param, attr_timeout); FIELD(fuse_entry_param, entry_timeout);

	SIZE(fuse_file_info);
	FIELD(fuse_file_info, flags); FIELD(fuse_file_info, fh); FIELD(fuse_file_info, lock_owner);
	FIELD(fuse_file_info, poll_events);
	BIT(writepage); BIT(direct_io); BIT(keep_cache); BIT(flush); BIT(nonseekable);
	BIT(flock_release); BIT(cache_readdir); BIT(noflush);

	SIZE(fuse_ctx);
	FIELD(fuse_ctx, uid); FIELD(fuse_ctx, gid); FIELD(fuse_ctx, pid); FIELD(fuse_ctx, umask);

	SIZE(fuse_args);
	FIELD(fuse_args, argc); FIELD(fuse_args, argv); FIELD(fuse_args, allocated);

	SIZE(fuse_lowlevel_ops);
	FIELD(fuse_lowlevel_ops, lookup); FIELD(fuse_lowlevel_ops, forget); FIELD(fuse_lowlevel_ops, getattr);
	FIELD(fuse_lowlevel_ops, setattr); FIELD(fuse_lowlevel_ops, readlink); FIELD(fuse_lowlevel_ops, mknod);
	FIELD(fuse_lowlevel_ops, mkdir); FIELD(fuse_lowlevel_ops, unlink); FIELD(fuse_lowlevel_ops, rmdir);
	FIELD(fuse_lowlevel_ops, symlink); FIELD(fuse_lowlevel_ops, rename); FIELD(fuse_lowlevel_ops, link);
	FIELD(fuse_lowlevel_ops, open); FIELD(fuse_lowlevel_ops, read); FIELD(fuse_lowlevel_ops, write);
	FIELD(fuse_lowlevel_ops, flush); FIELD(fuse_lowlevel_ops, release); FIELD(fuse_lowlevel_ops, fsync);
	FIELD(fuse_lowlevel_ops, opendir); FIELD(fuse_lowlevel_ops, readdir); FIELD(fuse_lowlevel_ops, releasedir);
	FIELD(fuse_lowlevel_ops, statfs); FIELD(fuse_lowlevel_ops, getxattr); FIELD(fuse_lowlevel_ops, listxattr);
	FIELD(fuse_lowlevel_ops, create); FIELD(fuse_lowlevel_ops, readdirplus);

	/* Values passed by pointer or as arguments, which the C# signatures assume. */
	printf("sizeof fuse_ino_t %zu\n", sizeof(fuse_ino_t));
	printf("sizeof off_t %zu\n", sizeof(off_t));
	printf("sizeof mode_t %zu\n", sizeof(mode_t));
	printf("sizeof dev_t %zu\n", sizeof(dev_t));
	return 0;
}
