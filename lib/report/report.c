/* report.c - the findings list: adding, the per-file findings limit, sorting. */
#include "report.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "params.h"
#include "ruleset.h"
#include "util.h"
#include "workload.h"
#include "banned.h"

static struct file_count *
file_counter(struct report *rep, const char *file)
{
    size_t i = name_index_get(&rep->by_file, file, NULL);
    if (i != SIZE_MAX)
        return &rep->files[i];
    if (grow_array(&rep->files, &rep->files_cap, rep->nfiles + 1, sizeof(*rep->files)) < 0)
        return NULL;
    memset(&rep->files[rep->nfiles], 0, sizeof(rep->files[0]));
    rep->files[rep->nfiles].file = xstrdup(file);
    if (!rep->files[rep->nfiles].file)
        return NULL;
    /* the key is the copy, which lives as long as the index */
    if (name_index_put(&rep->by_file, rep->files[rep->nfiles].file, NULL, rep->nfiles) < 0) {
        free(rep->files[rep->nfiles].file);
        return NULL;
    }
    return &rep->files[rep->nfiles++];
}

static void
diag_release(struct rlint_diag *d)
{
    free((char *)d->message);
    free((char *)d->component);
    free((char *)d->file);
    free((char *)d->object_kind);
    free((char *)d->object_namespace);
    free((char *)d->object_name);
    free((char *)d->key);
    free((char *)d->path);
}

static int
push_diag(struct report *rep, enum rule_id rule, enum rlint_severity severity,
          const char *component, const struct diag_loc *loc, char *message)
{
    const struct object_ref *obj = loc->obj;
    struct rlint_diag d = {0};
    const char *file = loc->file ? loc->file : obj ? obj->file : NULL;

    d.rule = rule_info(rule)->id;
    d.severity = severity;
    d.message = message;
    d.component = xstrdup(component);
    d.file = xstrdup(file ? file : "-");
    d.line = loc->line ? loc->line : obj ? obj->line : 0;
    d.column = loc->line ? loc->column : obj ? obj->column : 0;
    if (obj) {
        d.object_kind = xstrdup(obj->kind);
        d.object_namespace = xstrdup(obj->namespace_);
        d.object_name = xstrdup(obj->name);
    }
    d.key = xstrdup(loc->key);
    d.path = loc->path ? xstrdup(loc->path)
             : loc->wl ? wl_path(loc->wl, loc->wl_list, loc->wl_index)
                       : NULL;
    if (!d.file || (component && !d.component) || (obj && obj->kind && !d.object_kind) ||
        (obj && obj->namespace_ && !d.object_namespace) || (obj && obj->name && !d.object_name) ||
        (loc->key && !d.key) || ((loc->path || loc->wl) && !d.path) ||
        grow_array(&rep->diags, &rep->diags_cap, rep->ndiags + 1, sizeof(*rep->diags)) < 0) {
        diag_release(&d);
        return RLINT_ENOMEM;
    }
    rep->diags[rep->ndiags++] = d;
    return 0;
}

/* Counts one more finding for file: 1 when it is to be added, 0 when the file is past the
 * findings limit (the first time, after adding the finding that says so), or RLINT_ENOMEM. */
static int
count_finding(struct report *rep, const char *file)
{
    struct file_count *fc = file_counter(rep, file);
    struct diag_loc at;
    char *message;
    int rc;

    if (!fc)
        return RLINT_ENOMEM;
    if (fc->findings < rep->limit) {
        fc->findings++;
        return 1;
    }
    if (fc->limit_reported)
        return 0;
    fc->limit_reported = true;
    rep->limit_hit = true;
    memset(&at, 0, sizeof(at));
    at.file = fc->file;
    message = xstrdup("too many findings in this file; the rest are not reported "
                      "(--max-findings)");
    if (!message)
        return RLINT_ENOMEM;
    rc = push_diag(rep, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &at, message);
    return rc < 0 ? rc : 0;
}

int
report_adopt(struct report *rep, struct report *from)
{
    size_t i;
    int rc = 0;

    rep->suppressed += from->suppressed;
    from->suppressed = 0;
    for (i = 0; i < from->ndiags; i++) {
        struct rlint_diag *d = &from->diags[i];
        if (rc >= 0 && (rc = count_finding(rep, d->file)) > 0 &&
            (rc = grow_array(&rep->diags, &rep->diags_cap, rep->ndiags + 1,
                             sizeof(*rep->diags))) == 0) {
            rep->diags[rep->ndiags++] = *d;
            memset(d, 0, sizeof(*d));
        }
        diag_release(d);
    }
    from->ndiags = 0;
    return rc < 0 ? rc : 0;
}

/* Does the object's ignore annotation ("ID,name,...", or "all") name this rule? */
static bool
ignored_by(const struct object_ref *obj, enum rule_id rule)
{
    const struct rlint_rule_info *info = rule_info(rule);
    const char *p = obj ? obj->ignore : NULL;
    while (p && *p) {
        size_t n;
        while (*p == ' ' || *p == ',')
            p++;
        n = strcspn(p, ", ");
        if (n && ((strlen(info->id) == n && strncasecmp(p, info->id, n) == 0) ||
                  (strlen(info->name) == n && strncmp(p, info->name, n) == 0) ||
                  (n == 3 && strncmp(p, "all", 3) == 0)))
            return true;
        p += n;
    }
    return false;
}

int
report_add(struct report *rep, enum rule_id rule, enum rlint_severity severity,
           const char *component, const struct diag_loc *loc, const char *fmt, ...)
{
    struct strbuf sb;
    const char *file = loc->file ? loc->file : loc->obj ? loc->obj->file : "-";
    const char *note;
    char *message;
    va_list ap;
    int rc;

    if (rep->rule_override[rule] == 1 || ignored_by(loc->obj, rule)) {
        rep->suppressed++;
        return 0;
    }
    if (rep->rule_override[rule] >= 2)
        severity = (enum rlint_severity)(rep->rule_override[rule] - 2);
    if ((rc = count_finding(rep, file ? file : "-")) <= 0)
        return rc;

    strbuf_init(&sb);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    if (loc->line &&
        (note = params_default_at(rep->model, file ? file : "-", loc->line, loc->column)))
        strbuf_addf(&sb, " (%s)", note); /* the parameter's name, never its value */
    message = strbuf_finish(&sb);
    if (!message)
        return RLINT_ENOMEM;
    return push_diag(rep, rule, severity, component, loc, message);
}

struct decorated {
    struct rlint_diag d;
    size_t index;
};

static int
compare_decorated(const void *pa, const void *pb)
{
    const struct decorated *x = pa, *y = pb;
    const struct rlint_diag *a = &x->d, *b = &y->d;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

void
report_sort(struct report *rep)
{
    /* qsort is not stable: the original index breaks ties, so equal positions keep the order
     * the rules reported them in. */
    size_t i, n = rep->ndiags;
    struct decorated *dec;

    if (n < 2)
        return;
    dec = malloc(n * sizeof(*dec));
    if (!dec)
        return; /* unsorted is still correct output */
    for (i = 0; i < n; i++) {
        dec[i].d = rep->diags[i];
        dec[i].index = i;
    }
    qsort(dec, n, sizeof(*dec), compare_decorated);
    for (i = 0; i < n; i++)
        rep->diags[i] = dec[i].d;
    free(dec);
}

void
report_release(struct report *rep)
{
    size_t i;
    for (i = 0; i < rep->ndiags; i++)
        diag_release(&rep->diags[i]);
    free(rep->diags);
    for (i = 0; i < rep->nfiles; i++)
        free(rep->files[i].file);
    free(rep->files);
    name_index_release(&rep->by_file);
}
