/* conn.c - bounded Redis connections for --probe: non-blocking connect + poll(), RESP parsed
 * by hiredis's reply reader (redisReaderCreate/Feed/GetReply). */
#include "conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "wipe.h"

/* What a server may send for one command. The replies --probe asks for are a few KiB (INFO,
 * SENTINEL replicas); the bounds keep a hostile or broken server from making the reader
 * allocate without limit: hiredis 0.14 allocates an array's element vector as soon as it
 * reads the header ("*2147483647" is 16 GiB) and has no limit of its own. */
#define CONN_MAX_REPLY_BYTES ((size_t)4 * 1024 * 1024)
#define CONN_MAX_ELEMENTS    65536

/* hiredis's default reply functions with createArray bounded; set up once, read-only after. */
static redisReplyObjectFunctions bounded_functions;
static void *(*default_create_array)(const redisReadTask *, int);
static pthread_once_t bounded_once = PTHREAD_ONCE_INIT;

static void *
bounded_create_array(const redisReadTask *task, int elements)
{
    if (elements > CONN_MAX_ELEMENTS)
        return NULL; /* the reader reports out of memory: a protocol failure here */
    return default_create_array(task, elements);
}

static void
bounded_init(void)
{
    redisReader *r = redisReaderCreate();
    if (!r)
        return;
    bounded_functions = *r->fn;
    default_create_array = bounded_functions.createArray;
    bounded_functions.createArray = bounded_create_array;
    redisReaderFree(r);
}

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on c->fd until deadline. 1 ready, 0 timed out, -1 error (errno). */
static int
wait_fd(int fd, short events, long long deadline)
{
    for (;;) {
        struct pollfd p = {.fd = fd, .events = events};
        long long left = deadline - now_ms();
        int n;
        if (left <= 0)
            return 0;
        n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
        if (n > 0)
            return 1;
        if (n < 0 && errno != EINTR)
            return -1;
    }
}

static enum conn_status
fail(struct conn *c, enum conn_status st, int err)
{
    c->status = st;
    c->sys_errno = err;
    if (err && strerror_r(err, c->sys_text, sizeof(c->sys_text)) != 0)
        snprintf(c->sys_text, sizeof(c->sys_text), "error %d", err);
    return st;
}

static enum conn_status
try_connect(struct conn *c, const struct addrinfo *ai, long long deadline)
{
    int fd, err = 0, one = 1;
    socklen_t len = sizeof(err);

    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return fail(c, CONN_IO, errno);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
        if (errno != EINPROGRESS) {
            err = errno;
            close(fd);
            return fail(c,
                        err == ECONNREFUSED || err == ENETUNREACH || err == EHOSTUNREACH
                            ? CONN_REFUSED
                            : CONN_IO,
                        err);
        }
        switch (wait_fd(fd, POLLOUT, deadline)) {
        case 0:
            close(fd);
            return fail(c, CONN_TIMEOUT, 0);
        case -1:
            err = errno;
            close(fd);
            return fail(c, CONN_IO, err);
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
            err = errno;
        if (err) {
            close(fd);
            return fail(c,
                        err == ECONNREFUSED || err == ENETUNREACH || err == EHOSTUNREACH
                            ? CONN_REFUSED
                            : CONN_IO,
                        err);
        }
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    c->fd = fd;
    return fail(c, CONN_OK, 0);
}

/* Loads every certificate of pem into the ctx's trust store; the number loaded. */
static int
load_ca(SSL_CTX *ctx, const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    X509 *x;
    int n = 0;
    if (!bio)
        return 0;
    while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
        if (X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), x) == 1)
            n++;
        X509_free(x);
    }
    ERR_clear_error(); /* the end of the PEM stream reads as an error */
    BIO_free(bio);
    return n;
}

static bool
load_identity(SSL_CTX *ctx, const char *cert_pem, const char *key_pem)
{
    BIO *cb = BIO_new_mem_buf(cert_pem, -1), *kb = BIO_new_mem_buf(key_pem, -1);
    X509 *x = cb ? PEM_read_bio_X509(cb, NULL, NULL, NULL) : NULL;
    EVP_PKEY *k = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL) : NULL;
    bool ok = x && k && SSL_CTX_use_certificate(ctx, x) == 1 &&
              SSL_CTX_use_PrivateKey(ctx, k) == 1 && SSL_CTX_check_private_key(ctx) == 1;
    X509_free(x);
    EVP_PKEY_free(k);
    BIO_free(cb);
    BIO_free(kb);
    return ok;
}

static enum conn_status
tls_start(struct conn *c, const char *host, const struct conn_tls *t, long long deadline)
{
    unsigned char addr[16];
    bool ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;

    c->ssl_ctx = SSL_CTX_new(TLS_client_method());
    if (!c->ssl_ctx)
        return fail(c, CONN_NOMEM, 0);
    SSL_CTX_set_min_proto_version(c->ssl_ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(c->ssl_ctx, SSL_VERIFY_PEER, NULL);
    if (t->ca_pem ? load_ca(c->ssl_ctx, t->ca_pem) == 0
                  : SSL_CTX_set_default_verify_paths(c->ssl_ctx) != 1)
        return fail(c, CONN_TLS_CONFIG, 0);
    if ((t->cert_pem || t->key_pem) &&
        (!t->cert_pem || !t->key_pem || !load_identity(c->ssl_ctx, t->cert_pem, t->key_pem)))
        return fail(c, CONN_TLS_CONFIG, 0);
    c->ssl = SSL_new(c->ssl_ctx);
    if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1)
        return fail(c, CONN_NOMEM, 0);
    /* host name verification: an IP address against the certificate's IP SANs */
    if (ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host) != 1
           : SSL_set1_host(c->ssl, host) != 1 || SSL_set_tlsext_host_name(c->ssl, host) != 1)
        return fail(c, CONN_TLS_CONFIG, 0);
    for (;;) {
        int r = SSL_connect(c->ssl), w;
        if (r == 1)
            return fail(c, CONN_OK, 0);
        switch (SSL_get_error(c->ssl, r)) {
        case SSL_ERROR_WANT_READ:
            w = wait_fd(c->fd, POLLIN, deadline);
            break;
        case SSL_ERROR_WANT_WRITE:
            w = wait_fd(c->fd, POLLOUT, deadline);
            break;
        default:
            c->verify_result = SSL_get_verify_result(c->ssl);
            if (c->verify_result != X509_V_OK)
                return fail(c, CONN_TLS_VERIFY, 0);
            c->ssl_err = ERR_peek_last_error();
            ERR_clear_error();
            return fail(c, CONN_TLS, 0);
        }
        if (w == 0)
            return fail(c, CONN_TIMEOUT, 0);
        if (w < 0)
            return fail(c, CONN_IO, errno);
    }
}

/* A name resolution the caller may stop waiting for: getaddrinfo() has no timeout of its own
 * (the resolver's, from resolv.conf, can be 30 s and more), so it runs on a detached thread
 * and the caller waits until its deadline. Whichever of the two lets go last frees it. */
struct resolve {
    pthread_mutex_t lock;
    pthread_cond_t done_cv;
    int refs;
    bool done;
    int rc;
    struct addrinfo *res;
    char service[16];
    char host[]; /* a copy: the caller's may be gone when the thread ends */
};

/* Called with r->lock held; releases it. */
static void
resolve_unref(struct resolve *r)
{
    bool last = --r->refs == 0;
    pthread_mutex_unlock(&r->lock);
    if (!last)
        return;
    if (r->res)
        freeaddrinfo(r->res);
    pthread_cond_destroy(&r->done_cv);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static void *
resolve_thread(void *arg)
{
    struct resolve *r = arg;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo(r->host, r->service, &hints, &res);
    pthread_mutex_lock(&r->lock);
    r->rc = rc;
    r->res = res;
    r->done = true;
    pthread_cond_signal(&r->done_cv);
    resolve_unref(r);
    return NULL;
}

/* getaddrinfo() within deadline: an address literal without DNS at all, a name on a thread.
 * 0 and *out, an EAI_* code, or EAI_AGAIN with *timed_out set. */
static int
resolve(const char *host, const char *service, long long deadline, struct addrinfo **out,
        bool *timed_out)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST};
    size_t len = strlen(host);
    pthread_condattr_t ca;
    pthread_attr_t ta;
    pthread_t t;
    struct resolve *r;
    int rc;

    *timed_out = false;
    if (getaddrinfo(host, service, &hints, out) == 0)
        return 0;
    r = calloc(1, sizeof(*r) + len + 1);
    if (!r)
        return EAI_MEMORY;
    memcpy(r->host, host, len + 1);
    snprintf(r->service, sizeof(r->service), "%s", service);
    pthread_mutex_init(&r->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&r->done_cv, &ca);
    pthread_condattr_destroy(&ca);
    r->refs = 2;
    pthread_attr_init(&ta);
    pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&t, &ta, resolve_thread, r);
    pthread_attr_destroy(&ta);
    if (rc != 0) {
        r->refs = 1;
        pthread_mutex_lock(&r->lock);
        resolve_unref(r);
        return EAI_MEMORY; /* no thread to be had: out of resources */
    }
    pthread_mutex_lock(&r->lock);
    while (!r->done) {
        struct timespec ts = {.tv_sec = deadline / 1000, .tv_nsec = (deadline % 1000) * 1000000};
        if (pthread_cond_timedwait(&r->done_cv, &r->lock, &ts) == ETIMEDOUT && !r->done)
            break;
    }
    if (r->done) {
        rc = r->rc;
        *out = r->res;
        r->res = NULL;
    } else {
        rc = EAI_AGAIN;
        *timed_out = true;
    }
    resolve_unref(r);
    return rc;
}

enum conn_status
conn_open(struct conn *c, const char *host, unsigned port, int timeout_ms,
          const struct conn_tls *tls)
{
    struct addrinfo *res = NULL, *ai;
    long long deadline = now_ms() + timeout_ms;
    char service[16];
    bool timed_out;
    int rc;

    memset(c, 0, sizeof(*c));
    c->fd = -1;
    c->timeout_ms = timeout_ms;
    pthread_once(&bounded_once, bounded_init);
    c->reader = redisReaderCreate();
    if (!c->reader || !default_create_array)
        return fail(c, CONN_NOMEM, 0);
    c->reader->fn = &bounded_functions;
    snprintf(service, sizeof(service), "%u", port);
    rc = resolve(host, service, deadline, &res, &timed_out);
    if (timed_out)
        return fail(c, CONN_RESOLVE_TIMEOUT, 0);
    if (rc != 0)
        return fail(c, rc == EAI_MEMORY ? CONN_NOMEM : CONN_RESOLVE, 0);
    fail(c, CONN_REFUSED, ECONNREFUSED);
    for (ai = res; ai; ai = ai->ai_next)
        if (try_connect(c, ai, deadline) == CONN_OK || c->status == CONN_TIMEOUT)
            break;
    freeaddrinfo(res);
    if (c->status == CONN_OK && tls)
        return tls_start(c, host, tls, deadline);
    return c->status;
}

/* One write or read on the connection, plain or TLS: bytes (> 0), 0 when closed, -1 on an
 * error (c->status set), -2 when it must wait for *events. */
static ssize_t
io(struct conn *c, bool writing, void *buf, size_t len, short *events)
{
    ssize_t n;
    if (c->ssl) {
        int r = writing ? SSL_write(c->ssl, buf, (int)len) : SSL_read(c->ssl, buf, (int)len);
        if (r > 0)
            return r;
        switch (SSL_get_error(c->ssl, r)) {
        case SSL_ERROR_WANT_READ:
            *events = POLLIN;
            return -2;
        case SSL_ERROR_WANT_WRITE:
            *events = POLLOUT;
            return -2;
        case SSL_ERROR_ZERO_RETURN:
            return 0;
        case SSL_ERROR_SYSCALL:
            if (errno == 0 || errno == EPIPE || errno == ECONNRESET)
                return 0;
            fail(c, CONN_IO, errno);
            return -1;
        default:
            c->ssl_err = ERR_peek_last_error();
            ERR_clear_error();
            fail(c, CONN_TLS, 0);
            return -1;
        }
    }
    n = writing ? send(c->fd, buf, len, MSG_NOSIGNAL) : recv(c->fd, buf, len, 0);
    if (n >= 0)
        return n;
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
        *events = writing ? POLLOUT : POLLIN;
        return -2;
    }
    if (errno == EPIPE || errno == ECONNRESET)
        return 0;
    fail(c, CONN_IO, errno);
    return -1;
}

/* The RESP encoding of the command, malloc'd; *len its length. NULL on out of memory. */
static char *
encode(int argc, const char **argv, size_t *len)
{
    size_t n = 32, i, off;
    char *buf;
    for (i = 0; i < (size_t)argc; i++)
        n += strlen(argv[i]) + 32;
    buf = malloc(n);
    if (!buf)
        return NULL;
    off = (size_t)snprintf(buf, n, "*%d\r\n", argc);
    for (i = 0; i < (size_t)argc; i++) {
        size_t l = strlen(argv[i]);
        off += (size_t)snprintf(buf + off, n - off, "$%zu\r\n", l);
        memcpy(buf + off, argv[i], l);
        off += l;
        memcpy(buf + off, "\r\n", 2);
        off += 2;
    }
    *len = off;
    return buf;
}

enum conn_status
conn_command(struct conn *c, redisReply **reply, int argc, const char **argv)
{
    long long deadline = now_ms() + c->timeout_ms;
    size_t len, sent = 0;
    char *buf;
    void *r = NULL;

    *reply = NULL;
    if (c->fd < 0)
        return c->status ? c->status : fail(c, CONN_IO, EBADF);
    buf = encode(argc, argv, &len);
    if (!buf)
        return fail(c, CONN_NOMEM, 0);
    while (sent < len) {
        short ev = 0;
        ssize_t n = io(c, true, buf + sent, len - sent, &ev);
        int w;
        if (n > 0) {
            sent += (size_t)n;
            continue;
        }
        if (n == -2 && (w = wait_fd(c->fd, ev, deadline)) == 1)
            continue;
        wipe_free_n(buf, len);
        if (n == 0)
            return fail(c, CONN_CLOSED, 0);
        if (n == -1)
            return c->status;
        return w == 0 ? fail(c, CONN_TIMEOUT, 0) : fail(c, CONN_IO, errno);
    }
    wipe_free_n(buf, len);
    for (size_t got = 0;;) {
        char in[4096];
        short ev = 0;
        ssize_t n;
        int w;
        if (redisReaderGetReply(c->reader, &r) != REDIS_OK)
            return fail(c, CONN_PROTOCOL, 0);
        if (r) {
            *reply = r;
            return fail(c, CONN_OK, 0);
        }
        /* read first: TLS may hold decrypted bytes that poll() does not see */
        n = io(c, false, in, sizeof(in), &ev);
        if (n == 0)
            return fail(c, CONN_CLOSED, 0);
        if (n == -1)
            return c->status;
        if (n == -2) {
            w = wait_fd(c->fd, ev, deadline);
            if (w == 0)
                return fail(c, CONN_TIMEOUT, 0);
            if (w < 0)
                return fail(c, CONN_IO, errno);
            continue;
        }
        got += (size_t)n;
        if (got > CONN_MAX_REPLY_BYTES)
            return fail(c, CONN_TOO_LARGE, 0);
        if (redisReaderFeed(c->reader, in, (size_t)n) != REDIS_OK)
            return fail(c, CONN_PROTOCOL, 0);
    }
}

void
conn_close(struct conn *c)
{
    if (c->ssl)
        SSL_free(c->ssl); /* no close_notify: the server only sees the socket close */
    c->ssl = NULL;
    if (c->ssl_ctx)
        SSL_CTX_free(c->ssl_ctx);
    c->ssl_ctx = NULL;
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    if (c->reader)
        redisReaderFree(c->reader);
    c->reader = NULL;
}

const char *
conn_status_text(const struct conn *c)
{
    switch (c->status) {
    case CONN_OK:
        return "ok";
    case CONN_RESOLVE:
        return "the host name does not resolve";
    case CONN_RESOLVE_TIMEOUT:
        return "the host name does not resolve within --probe-timeout";
    case CONN_REFUSED:
        return c->sys_errno == ECONNREFUSED ? "connection refused" : c->sys_text;
    case CONN_TIMEOUT:
        return "no answer within --probe-timeout";
    case CONN_CLOSED:
        return "the server closed the connection";
    case CONN_IO:
        return c->sys_errno ? c->sys_text : "input/output error";
    case CONN_PROTOCOL:
        return "the answer is not the Redis protocol, or has too many elements";
    case CONN_TOO_LARGE:
        return "the answer is larger than 4 MiB";
    case CONN_NOMEM:
        return "out of memory";
    case CONN_TLS:
        return c->ssl_err && ERR_reason_error_string(c->ssl_err)
                   ? ERR_reason_error_string(c->ssl_err)
                   : "the TLS handshake failed";
    case CONN_TLS_VERIFY:
        return X509_verify_cert_error_string(c->verify_result);
    case CONN_TLS_CONFIG:
        return "the REDIS_SSL_* CA, certificate or key is not PEM that OpenSSL accepts, or "
               "only one of certificate and key is given";
    }
    return "unknown error";
}
