/* conn.h - one bounded Redis connection for --probe: a plain TCP socket (non-blocking connect,
 * poll() for every read and write) and hiredis's reply reader for the protocol. Debian's
 * hiredis 0.14 has no TLS, and its blocking context owns the socket, so the transport is ours
 * (TLS with OpenSSL on the same socket) and only the RESP parser is hiredis's (HACKING). */
#ifndef CMD_PROBE_CONN_H
#define CMD_PROBE_CONN_H

#include <stddef.h>

#include <hiredis/hiredis.h>
#include <openssl/ssl.h>

enum conn_status {
    CONN_OK = 0,
    CONN_RESOLVE,         /* the host name does not resolve */
    CONN_RESOLVE_TIMEOUT, /* nor within the timeout (the resolver still runs, detached) */
    CONN_REFUSED,         /* connection refused, host or network unreachable */
    CONN_TIMEOUT,         /* no connection or no reply within the timeout */
    CONN_CLOSED,          /* the server closed the connection */
    CONN_IO,              /* another socket error (errno kept) */
    CONN_PROTOCOL,        /* the reply is not RESP, or an array has too many elements */
    CONN_TOO_LARGE,       /* the reply is larger than the bound (conn.c) */
    CONN_NOMEM,
    CONN_TLS,        /* the TLS handshake failed (not the certificate) */
    CONN_TLS_VERIFY, /* the server's certificate does not verify (CA, host name, dates) */
    CONN_TLS_CONFIG, /* the CA, certificate or key given is not PEM that OpenSSL takes */
};

/* TLS as a component makes it: the CA it trusts (NULL: the system's), its client certificate
 * and key (both or neither), PEM. The server's certificate and host name are verified. */
struct conn_tls {
    const char *ca_pem;
    const char *cert_pem;
    const char *key_pem;
};

struct conn {
    int fd;
    redisReader *reader;
    int timeout_ms;          /* for connect, and for each command (send and whole reply) */
    enum conn_status status; /* of the last call */
    int sys_errno;           /* with CONN_IO / CONN_REFUSED */
    char sys_text[96];       /* its strerror_r() text: strerror() is not thread-safe */
    SSL_CTX *ssl_ctx;        /* with TLS */
    SSL *ssl;
    long verify_result;    /* with CONN_TLS_VERIFY */
    unsigned long ssl_err; /* with CONN_TLS */
};

/* Connects to host:port within timeout_ms, with TLS when tls is not NULL (name resolution and
 * handshake included in the timeout). CONN_OK, or a status (also in c->status); the conn must be
 * closed with conn_close() in every case. */
enum conn_status conn_open(struct conn *c, const char *host, unsigned port, int timeout_ms,
                           const struct conn_tls *tls);
/* Sends one command (argc arguments, NUL-terminated strings) and reads its reply within
 * c->timeout_ms. The command buffer is wiped after sending (AUTH carries a password).
 * CONN_OK and *reply (freeReplyObject()), or a status; after a failure the conn is unusable. */
enum conn_status conn_command(struct conn *c, redisReply **reply, int argc, const char **argv);
void conn_close(struct conn *c);
/* "connection refused", "no answer within 2000 ms", ... into a static or errno string. */
const char *conn_status_text(const struct conn *c);

#endif
