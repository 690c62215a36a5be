/* profiles.c - --schemas DIR: reading version profiles from a directory. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && size < 16 * 1024 * 1024 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1)) &&
        fread(buf, 1, (size_t)size, f) == (size_t)size) {
        buf[size] = '\0';
        *len = (size_t)size;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
profiles_load_dir(struct rlint_ctx *ctx, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, i;
    int status = EXIT_OK;

    if (!d) {
        errorf("cannot open --schemas directory '%s': %s", dir, strerror(errno));
        return EXIT_USAGE;
    }
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        char **nn;
        if (strncmp(de->d_name, "3scale-", 7) != 0 || len < 6 ||
            strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        nn = realloc(names, (n + 1) * sizeof(*names));
        if (!nn || !(nn[n] = strdup(de->d_name))) {
            free(nn ? nn : names);
            closedir(d);
            errorf("out of memory");
            return EXIT_USAGE;
        }
        names = nn;
        n++;
    }
    closedir(d);
    if (n == 0) {
        errorf("no 3scale-*.json profile in --schemas directory '%s'", dir);
        free(names);
        return EXIT_USAGE;
    }
    qsort(names, n, sizeof(*names), compare_names);
    for (i = 0; i < n; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2, len = 0;
        char *path = malloc(plen), *buf;
        int rc;
        if (status == EXIT_OK && path) {
            snprintf(path, plen, "%s/%s", dir, names[i]);
            buf = read_file(path, &len);
            if (!buf) {
                errorf("cannot read profile '%s': %s", path, strerror(errno));
                status = EXIT_USAGE;
            } else {
                rc = rlint_ctx_add_profile(ctx, path, buf, len);
                free(buf);
                if (rc < 0) {
                    size_t k = rlint_diag_count(ctx);
                    const struct rlint_diag *d2 = k ? rlint_diag_at(ctx, k - 1) : NULL;
                    errorf("invalid profile: %s", d2 ? d2->message : rlint_strerror(rc));
                    status = EXIT_USAGE;
                }
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return status;
}
