/* objects.c - releasing the objects the model keeps; Secret values are wiped. */
#include "objects.h"

#include <stdlib.h>

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
