/* fuzz-kubeconfig.c - cmd/kube's kubeconfig loader (parsing, merging, context resolution,
 * base64 *-data fields) on arbitrary files.
 *
 * cmd/kube has no buffer-level parser, so the input is written to files in a private
 * temporary directory and $KUBECONFIG (through a stub getenv) names them. A line "#---8<---"
 * splits the input into two files, which exercises client-go's merge. Exec plugins are never
 * run: kube_exec_credentials() is not called, kube_config_load() only reads the exec section.
 * HOME and the in-cluster variables are not set, so nothing outside the directory is loaded
 * unless the input names an absolute path (a certificate-authority: file, say); run the
 * fuzzer with stdin from /dev/null so that such a path cannot block.
 */
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kubeconfig.h"

#define SPLIT "\n#---8<---\n"

static char dir[64];
static char kubeconfig[160]; /* "dir/a:dir/b" */

static const char *
stub_getenv(const char *name)
{
    if (strcmp(name, "KUBECONFIG") == 0)
        return kubeconfig;
    return NULL;
}

static void
remove_dir(void)
{
    char path[96];

    snprintf(path, sizeof(path), "%s/a", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/b", dir);
    unlink(path);
    rmdir(dir);
}

static int
setup(void)
{
    const char *tmp = getenv("TMPDIR");

    if (dir[0])
        return 0;
    snprintf(dir, sizeof(dir), "%s/rlint-fuzz-kube-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        return -1;
    }
    snprintf(kubeconfig, sizeof(kubeconfig), "%s/a:%s/b", dir, dir);
    atexit(remove_dir);
    return 0;
}

static int
write_file(const char *name, const uint8_t *data, size_t size)
{
    char path[96];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f)
        return -1;
    n = size ? fwrite(data, 1, size, f) : 0;
    if (fclose(f) != 0 || n != size)
        return -1;
    return 0;
}

static const uint8_t *
find_split(const uint8_t *data, size_t size)
{
    size_t k = sizeof(SPLIT) - 1, i;

    for (i = 0; i + k <= size; i++)
        if (memcmp(data + i, SPLIT, k) == 0)
            return data + i;
    return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kube_source src = {.getenv_fn = stub_getenv};
    struct kube_target t;
    const uint8_t *split;
    char *error = NULL;
    volatile size_t sink = 0;

    if (setup() < 0)
        return 0;
    split = find_split(data, size);
    if (split) {
        size_t at = (size_t)(split - data), skip = sizeof(SPLIT) - 1;
        /* a keeps its last newline, b starts after the marker line */
        if (write_file("a", data, at + 1) < 0 ||
            write_file("b", split + skip, size - at - skip) < 0)
            return 0;
    } else {
        char path[96];
        if (write_file("a", data, size) < 0)
            return 0;
        snprintf(path, sizeof(path), "%s/b", dir);
        unlink(path); /* a missing $KUBECONFIG entry is skipped, as client-go does */
    }

    if (kube_config_load(&t, &src, &error) == 0) {
        sink += (t.context ? strlen(t.context) : 0) + (t.server ? strlen(t.server) : 0) + t.ca_len;
        sink += t.auth.cert_len + t.auth.key_len + (t.namespace_ ? strlen(t.namespace_) : 0);
        if (t.auth.exec) { /* read, never run */
            char **a;
            sink += t.auth.exec->command ? strlen(t.auth.exec->command) : 0;
            for (a = t.auth.exec->args; a && *a; a++)
                sink += strlen(*a);
            for (a = t.auth.exec->env; a && *a; a++)
                sink += strlen(*a);
        }
        kube_target_release(&t);
    } else {
        sink += error ? strlen(error) : 0;
    }
    free(error);
    (void)sink;
    return 0;
}
