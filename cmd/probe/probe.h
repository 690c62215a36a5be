/* probe.h - --probe: ask the servers and Sentinels each component connects to whether the
 * Secrets tell the truth (read-only commands only), and report findings RLINT100-RLINT114. */
#ifndef CMD_PROBE_PROBE_H
#define CMD_PROBE_PROBE_H

#include "../cmd.h"

/* Loads hiredis and OpenSSL (probe/dl.c), once, before the inputs are read: without them
 * nothing can be probed. EXIT_OK, or EXIT_OPERATIONAL after a message naming the library and
 * its package. */
int probe_init(void);
/* Probes every endpoint of ctx (after rlint_check()), once per distinct target, and adds the
 * findings to ctx; fills sum->probes. EXIT_OK, or EXIT_OPERATIONAL after a message. */
int probe_run(struct rlint_ctx *ctx, const struct probe_options *opts, struct run_summary *sum);

#endif
