/* objects.c - releasing the objects the model keeps; Secret values are wiped. */
#include "objects.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wipe.h"
#include "banned.h"

void
object_ref_release(struct object_ref *obj)
{
    free(obj->ignore);
    free(obj->file);
    free(obj->kind);
    free(obj->namespace_);
    free(obj->name);
}

int
object_ref_copy(struct object_ref *dst, const struct object_ref *src)
{
    *dst = *src;
    dst->file = xstrdup(src->file);
    dst->kind = xstrdup(src->kind);
    dst->namespace_ = xstrdup(src->namespace_);
    dst->name = xstrdup(src->name);
    dst->ignore = xstrdup(src->ignore);
    if ((src->file && !dst->file) || (src->kind && !dst->kind) ||
        (src->namespace_ && !dst->namespace_) || (src->name && !dst->name) ||
        (src->ignore && !dst->ignore)) {
        object_ref_release(dst);
        memset(dst, 0, sizeof(*dst));
        return RLINT_ENOMEM;
    }
    return 0;
}

void
secret_release(struct secret *secret)
{
    size_t i;
    object_ref_release(&secret->obj);
    for (i = 0; i < secret->count; i++) {
        struct secret_entry *e = &secret->entries[i];
        free(e->key);
        if (e->value) {
            wipe_free_n(e->value, e->len);
        }
        free(e->path);
    }
    free(secret->entries);
}

void
apimanager_release(struct apimanager *am)
{
    object_ref_release(&am->obj);
    free(am->disable_async);
}
