/*
 * daxpeek DEVICE OFFSET COUNT     writes COUNT bytes at OFFSET of DEVICE to stdout
 * daxpeek -w DEVICE OFFSET TEXT   stores TEXT at OFFSET of DEVICE
 * Device-dax refuses read() and write() and only maps whole aligned units (2 MiB here), and
 * busybox has no mmap tool: the harness needs this to see the host's marker bytes at offset 0
 * of /dev/dax0.0 without depending on famfs itself, to leave its own for the host to see, and
 * for guests to signal each other through the memory they share. Linked statically.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int write_mode = argc == 5 && strcmp(argv[1], "-w") == 0;
    if (write_mode) {
        argv++;
        argc--;
    }
    if (argc != 4) {
        fprintf(stderr, "usage: daxpeek DEVICE OFFSET COUNT | daxpeek -w DEVICE OFFSET TEXT\n");
        return 2;
    }
    unsigned long long offset = strtoull(argv[2], NULL, 0);
    unsigned long long count = write_mode ? strlen(argv[3]) : strtoull(argv[3], NULL, 0);
    const unsigned long long unit = 2ULL << 20; /* covers the dax alignments used (4 KiB, 2 MiB) */
    unsigned long long base = offset & ~(unit - 1);
    unsigned long long length = (offset + count - base + unit - 1) & ~(unit - 1);
    int fd = open(argv[1], write_mode ? O_RDWR : O_RDONLY);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    unsigned char *p = mmap(NULL, length, write_mode ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, (off_t)base);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    if (write_mode) {
        /* Plain stores reach the memory itself: device-dax has no page cache (msync is EINVAL). */
        memcpy(p + (offset - base), argv[3], count);
        return 0;
    }
    if (fwrite(p + (offset - base), 1, count, stdout) != count) {
        perror("write");
        return 1;
    }
    return 0;
}
