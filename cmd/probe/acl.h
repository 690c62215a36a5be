/* acl.h - may the ACL user a component authenticates as run the commands it sends (needs.c)?
 * Read-only: ACL DRYRUN (Redis 7), else MULTI, each command queued, DISCARD (HACKING). */
#ifndef CMD_PROBE_ACL_H
#define CMD_PROBE_ACL_H

#include <stdbool.h>

#include "conn.h"

/* On an authenticated connection as user ("default" when the component sends no user name),
 * checks each entry of needs[] for database that one of workloads sends; denied[i] (nneeds
 * entries, all false on entry) is set for each whose command the server refuses the user.
 * Key patterns are not judged (the keys are placeholders). 0 when done (possibly with
 * entries it could not check), -1 when the connection failed (c->status says why). */
int acl_check(struct conn *c, const char *user, const char *database, unsigned workloads,
              bool *denied);

#endif
