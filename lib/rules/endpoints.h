/* endpoints.h - where each component connects (rlint_ctx_endpoint_at()), recorded from the
 * readings of struct db_state for --probe, which the CLI runs (the library does no I/O). */
#ifndef RLINT_ENDPOINTS_H
#define RLINT_ENDPOINTS_H

#include <rlint/rlint.h>

#include "rules.h"

struct db_state;

/* One endpoint and where its values are, for findings. */
struct endpoint {
    struct rlint_endpoint pub;
    struct rlint_sentinel_addr *addrs; /* pub.sentinels, owned */
    const struct secret *secret;
    const struct secret_entry *url_e, *hosts_e;
};

/* Records an endpoint per app component that reads st's database and reads it without
 * failing. 0 or RLINT_ENOMEM. */
int endpoints_collect(struct rules *rs, const struct db_state *st);
/* Frees rs->endpoints, wiping the credentials. */
void endpoints_release(struct rules *rs);

#endif
