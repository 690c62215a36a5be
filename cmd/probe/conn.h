/* conn.h - one bounded Redis connection for --probe: a plain TCP socket (non-blocking connect,
 * poll() for every read and write) and hiredis's reply reader for the protocol. Debian's
 * hiredis 0.14 has no TLS, and its blocking context has no connect timeout we could combine
 * with a TLS layer, so the transport is ours and only the RESP parser is hiredis's (HACKING). */
#ifndef CMD_PROBE_CONN_H
#define CMD_PROBE_CONN_H

#include <stddef.h>

#include <hiredis/hiredis.h>

enum conn_status {
    CONN_OK = 0,
    CONN_RESOLVE,  /* the host name does not resolve */
    CONN_REFUSED,  /* connection refused, host or network unreachable */
    CONN_TIMEOUT,  /* no connection or no reply within the timeout */
    CONN_CLOSED,   /* the server closed the connection */
    CONN_IO,       /* another socket error (errno kept) */
    CONN_PROTOCOL, /* the reply is not RESP */
    CONN_NOMEM,
};

struct conn {
    int fd;
    redisReader *reader;
    int timeout_ms;       /* for connect, and for each command (send and whole reply) */
    enum conn_status status; /* of the last call */
    int sys_errno;        /* with CONN_IO / CONN_REFUSED */
};

/* Connects to host:port within timeout_ms. CONN_OK, or a status (also in c->status); the
 * conn must be closed with conn_close() in every case. */
enum conn_status conn_open(struct conn *c, const char *host, unsigned port, int timeout_ms);
/* Sends one command (argc arguments, NUL-terminated strings) and reads its reply within
 * c->timeout_ms. The command buffer is wiped after sending (AUTH carries a password).
 * CONN_OK and *reply (freeReplyObject()), or a status; after a failure the conn is unusable. */
enum conn_status conn_command(struct conn *c, redisReply **reply, int argc, const char **argv);
void conn_close(struct conn *c);
/* "connection refused", "no answer within 2000 ms", ... into a static or errno string. */
const char *conn_status_text(const struct conn *c);

#endif
