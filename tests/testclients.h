/* testclients.h - the client a component uses in a 3scale version, from the embedded version
 * profiles: the reader tests state their facts per version, as the fact sheet does, and so
 * also check that the profiles name the right clients. */
#ifndef RLINT_TESTCLIENTS_H
#define RLINT_TESTCLIENTS_H

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "readers.h"

/* CLIENT_NONE for a version no embedded profile covers (the test then fails elsewhere). */
static inline enum redis_client
client_in(enum reader reader, int minor)
{
    static enum redis_client clients[17][READER__MAX];
    static bool loaded;
    size_t i;
    int m, r;

    if (!loaded) {
        for (i = 0; i < embedded_profiles_count; i++) {
            struct profile p;
            char *error = NULL;
            if (profile_parse(&p, embedded_profiles[i].name, embedded_profiles[i].json,
                              strlen(embedded_profiles[i].json), &error) != 0) {
                free(error);
                continue;
            }
            for (m = p.from; m <= p.to && m < 17; m++)
                for (r = 0; r < READER__MAX; r++)
                    clients[m][r] = p.clients[r];
            profile_release(&p);
        }
        loaded = true;
    }
    return minor >= 0 && minor < 17 ? clients[minor][reader] : CLIENT_NONE;
}

#endif
