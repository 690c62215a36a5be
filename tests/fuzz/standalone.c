/* standalone.c - replays inputs through a fuzz target without libFuzzer (libgit2's
 * fuzzers/standalone_driver.c), so that every build runs each target's corpus as a test.
 *
 * Usage: fuzz-replay-<target> PATH...  Each PATH is a file or a directory, walked recursively;
 * every regular file is one input, copied into a buffer of exactly its size so that ASan sees
 * a read past the end. Exits 1 when a PATH cannot be read or when no input was found.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static size_t replayed;

static int
replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size;
    int rc = -1;

    if (!f)
        goto out;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc(size ? (size_t)size : 1);
    if (!buf)
        goto out;
    if (size && fread(buf, 1, (size_t)size, f) != (size_t)size)
        goto out;
    printf("%s\n", path); /* the last line names the input when a target crashes */
    fflush(stdout);
    LLVMFuzzerTestOneInput(buf, (size_t)size);
    replayed++;
    rc = 0;
out:
    if (rc < 0)
        fprintf(stderr, "fuzz-replay: cannot read '%s': %s\n", path, strerror(errno));
    free(buf);
    if (f)
        fclose(f);
    return rc;
}

static int
replay_path(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    int rc = 0;

    if (stat(path, &st) < 0) {
        fprintf(stderr, "fuzz-replay: '%s': %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISREG(st.st_mode))
        return replay_file(path);
    if (!S_ISDIR(st.st_mode))
        return 0;
    d = opendir(path);
    if (!d) {
        fprintf(stderr, "fuzz-replay: '%s': %s\n", path, strerror(errno));
        return -1;
    }
    while ((e = readdir(d))) {
        size_t n;
        char *sub;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n = strlen(path) + strlen(e->d_name) + 2;
        sub = malloc(n);
        if (!sub) {
            rc = -1;
            break;
        }
        snprintf(sub, n, "%s/%s", path, e->d_name);
        if (replay_path(sub) < 0)
            rc = -1;
        free(sub);
    }
    closedir(d);
    return rc;
}

int
main(int argc, char **argv)
{
    int i, rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++)
        if (replay_path(argv[i]) < 0)
            rc = 1;
    printf("replayed %zu inputs\n", replayed);
    if (replayed == 0) {
        fprintf(stderr, "fuzz-replay: no input found\n");
        rc = 1;
    }
    return rc;
}
