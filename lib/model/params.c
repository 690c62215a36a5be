/* params.c - placeholders and their values, as `oc process` gives them (facts Appendix C T6).
 *
 * A placeholder takes the --param of its name; else, inside a Template, its parameter's
 * `value:`; a parameter with `generate: expression` gets a value made up at install time, and
 * one with `required: true` and no value makes oc process refuse the template without -p:
 * both are unknown offline, and the value is left unresolved (RLINT007, secret.c). A
 * parameter with neither gives "". A placeholder no parameter defines stays as written, as
 * oc process leaves it. Parameter values may be secrets: only names reach a message.
 */
#include "params.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "util.h"
#include "wipe.h"
#include "banned.h"

size_t
encoded_bound(const struct model *model)
{
    size_t limit = model->value_limit;
    return limit > SIZE_MAX / 2 ? limit : limit / 3 * 4 + 8;
}

static bool
name_char(char c, bool first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

static const struct param *
find_param(const struct model *model, const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < model->nparams; i++)
        if (strlen(model->params[i].name) == len && memcmp(model->params[i].name, name, len) == 0)
            return &model->params[i];
    return NULL;
}

/* The Template parameter of that name, or NULL. */
static const struct node *
template_param(const struct model *model, const char *name, size_t len)
{
    const struct node *params = model->template_params;
    size_t i;
    for (i = 0; params && params->type == NODE_SEQUENCE && i < params->count; i++) {
        const struct node *p = node_items(params)[i];
        const struct node *n = node_get(p, "name");
        if (p->type == NODE_MAPPING && node_is_scalar(n) && n->len == len &&
            memcmp(n->value, name, len) == 0)
            return p;
    }
    return NULL;
}

static bool
is_true(const struct node *n)
{
    return node_is_scalar(n) && (strcmp(n->value, "true") == 0 || strcmp(n->value, "True") == 0);
}

/* Is item an element of the sep-separated list sb? */
static bool
list_has(const struct strbuf *sb, const char *sep, const char *item)
{
    size_t n = strlen(item), m = strlen(sep);
    const char *p = sb->len ? sb->buf : NULL;
    while (p) {
        const char *next = mem_find(p, sb->len - (size_t)(p - sb->buf), sep);
        size_t l = next ? (size_t)(next - p) : sb->len - (size_t)(p - sb->buf);
        if (l == n && memcmp(p, item, n) == 0)
            return true;
        p = next ? next + m : NULL;
    }
    return false;
}

/* Appends before + name + after to the sep-separated list sb, unless it is there already. */
static void
list_add_once(struct strbuf *sb, const char *sep, const char *before, const char *name,
              size_t len, const char *after)
{
    struct strbuf one;
    char *item;
    strbuf_init(&one);
    strbuf_adds(&one, before);
    strbuf_add(&one, name, len);
    strbuf_adds(&one, after);
    item = strbuf_finish(&one);
    if (!item) {
        sb->failed = true;
        return;
    }
    if (!list_has(sb, sep, item)) {
        if (sb->len)
            strbuf_adds(sb, sep);
        strbuf_adds(sb, item);
    }
    free(item);
}

/* Turns the lists of parameter names in defaults and empties into the note for the findings
 * at the value, in defaults: "from the default of parameter A; parameter B has no value: oc
 * process substitutes """. */
static void
compose_note(struct strbuf *defaults, struct strbuf *empties)
{
    struct strbuf note;
    strbuf_init(&note);
    note.failed = defaults->failed || empties->failed;
    if (defaults->len)
        strbuf_addf(&note, "from the default of parameter%s %s",
                    strchr(defaults->buf, ',') ? "s" : "", defaults->buf);
    if (empties->len) {
        bool several = strchr(empties->buf, ',') != NULL;
        strbuf_addf(&note, "%sparameter%s %s ha%s no value: oc process substitutes \"\"",
                    note.len ? "; " : "", several ? "s" : "", empties->buf,
                    several ? "ve" : "s");
    }
    strbuf_release(defaults);
    *defaults = note;
}

int
substitute(const struct model *model, const char *s, size_t len, char **out, size_t *out_len,
           struct subst_info *info)
{
    struct strbuf sb, unknown, defaults, empties;
    bool unresolved = false;
    size_t i = 0;

    /* most values hold no placeholder: one copy, no scan by character class */
    if (!memchr(s, '$', len) && len <= encoded_bound(model)) {
        if (info)
            memset(info, 0, sizeof(*info));
        *out = xstrndup(s, len);
        *out_len = len;
        return *out ? 0 : RLINT_ENOMEM;
    }
    strbuf_init(&sb);
    strbuf_init(&unknown);
    strbuf_init(&defaults);
    strbuf_init(&empties);
    /* stop once past the value-size limit: ${A} repeated with a long --param would otherwise
     * grow without bound before any limit is checked; the caller sees the length */
    while (i < len && sb.len <= encoded_bound(model)) {
        /* ${NAME}, ${{NAME}} (OpenShift non-string parameters) and $(NAME) (kustomize) */
        if (s[i] == '$' && i + 1 < len && (s[i + 1] == '{' || s[i + 1] == '(')) {
            char close = s[i + 1] == '{' ? '}' : ')';
            size_t start = i + 2, end;
            bool doubled = close == '}' && start < len && s[start] == '{';
            if (doubled)
                start++;
            end = start;
            while (end < len && name_char(s[end], end == start))
                end++;
            if (end > start && end < len && s[end] == close &&
                (!doubled || (end + 1 < len && s[end + 1] == '}'))) {
                const char *name = s + start, *text = s + i;
                size_t nlen = end - start, past = end + 1 + (doubled ? 1 : 0), tlen = past - i;
                const struct param *p = find_param(model, name, nlen);
                /* Template parameters are ${NAME} and ${{NAME}}; $(NAME) is kustomize's */
                const struct node *tp =
                    !p && close == '}' ? template_param(model, name, nlen) : NULL;
                const struct node *value = tp ? node_get(tp, "value") : NULL;
                bool generated = tp && node_get(tp, "generate");
                i = past;
                if (p) {
                    strbuf_adds(&sb, p->value);
                } else if (tp && node_is_scalar(value) && !node_scalar_is_null(value)) {
                    strbuf_add(&sb, value->value, value->len);
                    list_add_once(&defaults, ", ", "", name, nlen, "");
                } else if (tp && !generated && !is_true(node_get(tp, "required"))) {
                    /* neither value nor generate: oc process substitutes "" */
                    list_add_once(&empties, ", ", "", name, nlen, "");
                } else {
                    unresolved = true;
                    strbuf_add(&sb, text, tlen);
                    if (tlen < 100)
                        list_add_once(&unknown, "; ", "placeholder ", text, tlen,
                                      !tp ? " is unresolved"
                                      : generated
                                          ? " is generated by oc process (generate: "
                                            "expression)"
                                          : " is a required parameter without a default");
                }
                continue;
            }
        }
        {
            /* the plain run up to the next '$', at most to one past the limit */
            const char *dollar = memchr(s + i + 1, '$', len - i - 1);
            size_t run = dollar ? (size_t)(dollar - s) - i : len - i;
            size_t room = encoded_bound(model) - sb.len; /* the loop keeps sb.len <= bound */
            if (room < SIZE_MAX)
                room++;
            if (run > room)
                run = room;
            strbuf_add(&sb, s + i, run);
            i += run;
        }
    }
    *out_len = sb.len;
    *out = strbuf_finish(&sb);
    if (defaults.len || empties.len || defaults.failed || empties.failed)
        compose_note(&defaults, &empties);
    if (info) {
        bool any_unknown = unknown.len || unknown.failed;
        bool any_default = defaults.len || defaults.failed;
        memset(info, 0, sizeof(*info));
        info->unresolved = unresolved;
        info->unknown = any_unknown ? strbuf_finish(&unknown) : NULL;
        info->defaults = any_default ? strbuf_finish(&defaults) : NULL;
        if ((any_unknown && !info->unknown) || (any_default && !info->defaults)) {
            subst_info_release(info);
            wipe_free_n(*out, *out_len);
            *out = NULL;
        }
    }
    strbuf_release(&unknown);
    strbuf_release(&defaults);
    strbuf_release(&empties);
    return *out ? 0 : RLINT_ENOMEM;
}

int
substitute_params(const struct model *model, const char *s, size_t len, char **out,
                  size_t *out_len, bool *unresolved)
{
    struct subst_info info;
    int rc = substitute(model, s, len, out, out_len, &info);
    *unresolved = rc == 0 && info.unresolved;
    if (rc == 0)
        subst_info_release(&info);
    return rc;
}

void
subst_info_release(struct subst_info *info)
{
    free(info->unknown);
    free(info->defaults);
    info->unknown = info->defaults = NULL;
}

int
params_note_default(struct model *model, const char *file, unsigned line, unsigned column,
                    const char *note)
{
    struct default_use *u;
    if (grow_array(&model->default_uses, &model->default_uses_cap, model->ndefault_uses + 1,
                   sizeof(*model->default_uses)) < 0)
        return RLINT_ENOMEM;
    u = &model->default_uses[model->ndefault_uses];
    u->note = xstrdup(note);
    u->file = xstrdup(file);
    u->line = line;
    u->column = column;
    if (!u->note || !u->file) {
        free(u->note);
        free(u->file);
        return RLINT_ENOMEM;
    }
    model->ndefault_uses++;
    return 0;
}

const char *
params_default_at(const struct model *model, const char *file, unsigned line, unsigned column)
{
    size_t i;
    for (i = 0; line && i < model->ndefault_uses; i++) {
        const struct default_use *u = &model->default_uses[i];
        if (u->line == line && u->column == column && strcmp(u->file, file) == 0)
            return u->note;
    }
    return NULL;
}

void
params_release(struct model *model)
{
    size_t i;
    for (i = 0; i < model->ndefault_uses; i++) {
        free(model->default_uses[i].file);
        free(model->default_uses[i].note);
    }
    free(model->default_uses);
    model->default_uses = NULL;
    model->ndefault_uses = model->default_uses_cap = 0;
}
