/* input.c - reading the inputs: files, directories (recursively, sorted, loops avoided) and
 * stdin; a regular file is read as the library parses it, anything else handed to it as one
 * buffer. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "wipe.h"

#define MAX_DIR_DEPTH 64

struct walk {
    struct rlint_ctx *ctx;
    const struct config *cfg;
    struct input_pass *pass;
    size_t visit;  /* load_path() calls so far: a read again says only what is new */
    long files;
    bool failed;
    bool oom;
    bool reload;   /* RLINT_ERELOAD: stop, the caller reads everything again */
    dev_t *devs;
    ino_t *inos;
    size_t nvisited;
};

/* A read again (after RLINT_ERELOAD) repeats no message the first read gave. */
#define SAY(w, fn, ...)                                                                           \
    do {                                                                                           \
        if ((w)->visit > (w)->pass->said_visits)                                                   \
            fn(__VA_ARGS__);                                                                       \
    } while (0)

static bool
has_manifest_suffix(const char *name)
{
    static const char *const suffixes[] = {".yaml", ".yml", ".json"};
    size_t len = strlen(name), i;
    for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        size_t sl = strlen(suffixes[i]);
        if (len > sl && strcmp(name + len - sl, suffixes[i]) == 0)
            return true;
    }
    return false;
}

/* Reads fd to its end, or to max + 1 bytes: enough for the library to see that the input is
 * over the limit without holding an unbounded stream in memory. */
static int
read_all(int fd, size_t max, char **out, size_t *out_len)
{
    /* The bytes hold Secret values: the buffer is sized from the file when it is a regular
     * one, and otherwise grows by copying and wiping the old one, never by realloc(), which
     * may leave a copy behind in freed memory. */
    struct stat st;
    size_t cap = 64 * 1024, len = 0;
    char *buf;

    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t)st.st_size < max ? (size_t)st.st_size + 1 : max + 1;
    buf = malloc(cap);
    if (!buf)
        return -ENOMEM;
    while (len <= max) {
        ssize_t n;
        if (len == cap) {
            char *nb = malloc(cap * 2);
            if (!nb) {
                wipe_free_n(buf, len);
                return -ENOMEM;
            }
            memcpy(nb, buf, len);
            wipe_free_n(buf, len);
            buf = nb;
            cap *= 2;
        }
        n = read(fd, buf + len, (cap - len < max + 1 - len) ? cap - len : max + 1 - len);
        if (n < 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            wipe_free_n(buf, len);
            return -e;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

/* rlint_load_stream()'s read_at over a file descriptor; arg points to it */
struct fd_reader {
    int fd;
    int error; /* errno of the failed read */
};

/* Fills buf unless the file ends: chunks the size libyaml asks for, as its string input
 * gives, so that a bad byte is noticed at the same point as when the file was one buffer. */
static int
fd_read_at(void *arg, size_t offset, char *buf, size_t cap, size_t *got)
{
    struct fd_reader *r = arg;
    *got = 0;
    while (*got < cap) {
        ssize_t n;
        if (offset + *got > (size_t)INT64_MAX)
            return (r->error = EOVERFLOW), -1;
        n = pread(r->fd, buf + *got, cap - *got, (off_t)(offset + *got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return (r->error = errno), -1;
        if (n == 0)
            break;
        *got += (size_t)n;
    }
    return 0;
}

static void
load_fd(struct walk *w, int fd, const char *name)
{
    size_t len = 0;
    char *buf = NULL;
    struct stat st;
    int rc;

    /* A regular file is read as the parser goes, through a fixed buffer: the 40 MB file
     * costs 40 MB less. Anything else (a pipe, a FIFO, a file whose size the system does
     * not give) is read whole first, up to the limit. */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        struct fd_reader r = {.fd = fd};
        w->files++;
        rc = rlint_load_stream(w->ctx, name, fd_read_at, &r, (size_t)st.st_size);
        if (rc == RLINT_ERELOAD)
            w->reload = true;
        if (rc == RLINT_ENOMEM)
            w->oom = true;
        if (rc == RLINT_EIO) {
            SAY(w, errorf, "cannot read '%s': %s", name, strerror(r.error));
            w->failed = true;
        }
        return;
    }
    rc = read_all(fd, rlint_ctx_get_limit(w->ctx, RLINT_LIMIT_FILE_SIZE), &buf, &len);
    if (rc == -ENOMEM) {
        w->oom = true;
        return;
    }
    if (rc < 0) {
        SAY(w, errorf, "cannot read '%s': %s", name, strerror(-rc));
        w->failed = true;
        return;
    }
    w->files++;
    rc = rlint_load_buffer(w->ctx, name, buf, len);
    wipe_free_n(buf, len);
    if (rc == RLINT_ERELOAD)
        w->reload = true;
    if (rc == RLINT_ENOMEM)
        w->oom = true;
    /* RLINT_ELIMIT: the library reported it as a finding, which makes the exit status 3 */
}

static void load_path(struct walk *w, const char *path, bool top, int depth);

static bool
visited(struct walk *w, const struct stat *st)
{
    size_t i;
    for (i = 0; i < w->nvisited; i++)
        if (w->devs[i] == st->st_dev && w->inos[i] == st->st_ino)
            return true;
    return false;
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_dir(struct walk *w, const char *path, const struct stat *st, int depth)
{
    DIR *dir;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    dev_t *devs;
    ino_t *inos;

    if (depth > MAX_DIR_DEPTH) {
        SAY(w, errorf, "'%s': directories nested deeper than %d levels; not searched", path,
               MAX_DIR_DEPTH);
        w->failed = true;
        return;
    }
    if (visited(w, st))
        return; /* a symlink loop, or the same directory twice */
    devs = realloc(w->devs, (w->nvisited + 1) * sizeof(*devs));
    if (devs)
        w->devs = devs;
    inos = realloc(w->inos, (w->nvisited + 1) * sizeof(*inos));
    if (inos)
        w->inos = inos;
    if (!devs || !inos) {
        w->oom = true;
        return;
    }
    w->devs[w->nvisited] = st->st_dev;
    w->inos[w->nvisited++] = st->st_ino;

    dir = opendir(path);
    if (!dir) {
        SAY(w, errorf, "cannot open directory '%s': %s", path, strerror(errno));
        w->failed = true;
        return;
    }
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.') /* ., .., and hidden entries such as .git */
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*names));
            if (!nn) {
                w->oom = true;
                break;
            }
            names = nn;
        }
        names[n] = malloc(strlen(path) + strlen(de->d_name) + 2);
        if (!names[n]) {
            w->oom = true;
            break;
        }
        snprintf(names[n], strlen(path) + strlen(de->d_name) + 2, "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof(*names), compare_names);
    for (i = 0; i < n; i++) {
        if (!w->oom && !w->reload)
            load_path(w, names[i], false, depth + 1);
        free(names[i]);
    }
    free(names);
}

static void
load_path(struct walk *w, const char *path, bool top, int depth)
{
    struct stat st;
    int fd;

    w->visit++;
    if (strcmp(path, "-") == 0 && top) {
        load_fd(w, STDIN_FILENO, "-");
        return;
    }
    if (config_ignores(w->cfg, path))
        return; /* ignore-paths in the configuration */
    if (stat(path, &st) < 0) {
        if (top || errno != ENOENT) {
            SAY(w, errorf, "cannot read '%s': %s", path, strerror(errno));
            w->failed = true;
        }
        /* a dangling symlink found while walking is not an input */
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        load_dir(w, path, &st, depth);
        return;
    }
    if (!top && (!S_ISREG(st.st_mode) || !has_manifest_suffix(path)))
        return;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        SAY(w, errorf, "cannot read '%s': %s", path, strerror(errno));
        w->failed = true;
        return;
    }
    load_fd(w, fd, path);
    close(fd);
}

long
inputs_load(struct rlint_ctx *ctx, char **inputs, size_t ninputs, const struct config *cfg,
            bool *operational_failure, struct input_pass *pass)
{
    struct walk w = {.ctx = ctx, .cfg = cfg, .pass = pass};
    size_t i;

    pass->reload = false;
    for (i = 0; i < ninputs && !w.oom && !w.reload; i++) {
        long before = w.files;
        struct stat st;
        load_path(&w, inputs[i], true, 0);
        if (!w.oom && !w.reload && w.files == before && strcmp(inputs[i], "-") != 0 &&
            stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode))
            SAY(&w, warnf, "no *.yaml, *.yml or *.json file in '%s'", inputs[i]);
    }
    free(w.devs);
    free(w.inos);
    *operational_failure = w.failed;
    if (w.reload) {
        /* the messages of the paths before this one were given */
        pass->reload = true;
        pass->said_visits = w.visit - 1;
    }
    return w.oom ? -1 : w.files;
}

bool
inputs_rereadable(char **inputs, size_t ninputs)
{
    struct stat st;
    size_t i;
    for (i = 0; i < ninputs; i++)
        if (strcmp(inputs[i], "-") == 0 ||
            (stat(inputs[i], &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
            return false;
    return true;
}
