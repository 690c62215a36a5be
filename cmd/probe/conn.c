/* conn.c - bounded Redis connections for --probe: non-blocking connect + poll(), RESP parsed
 * by hiredis's reply reader (redisReaderCreate/Feed/GetReply). */
#include "conn.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "wipe.h"

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
            return fail(c, err == ECONNREFUSED || err == ENETUNREACH || err == EHOSTUNREACH
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
            return fail(c, err == ECONNREFUSED || err == ENETUNREACH || err == EHOSTUNREACH
                               ? CONN_REFUSED
                               : CONN_IO,
                        err);
        }
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    c->fd = fd;
    return fail(c, CONN_OK, 0);
}

enum conn_status
conn_open(struct conn *c, const char *host, unsigned port, int timeout_ms)
{
    struct addrinfo hints, *res = NULL, *ai;
    long long deadline = now_ms() + timeout_ms;
    char service[16];
    int rc;

    memset(c, 0, sizeof(*c));
    c->fd = -1;
    c->timeout_ms = timeout_ms;
    c->reader = redisReaderCreate();
    if (!c->reader)
        return fail(c, CONN_NOMEM, 0);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(service, sizeof(service), "%u", port);
    /* getaddrinfo() has no timeout of its own; the resolver's (resolv.conf) bounds it */
    rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0)
        return fail(c, rc == EAI_MEMORY ? CONN_NOMEM : CONN_RESOLVE, 0);
    fail(c, CONN_REFUSED, ECONNREFUSED);
    for (ai = res; ai; ai = ai->ai_next)
        if (try_connect(c, ai, deadline) == CONN_OK || c->status == CONN_TIMEOUT)
            break;
    freeaddrinfo(res);
    return c->status;
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
        ssize_t n = send(c->fd, buf + sent, len - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int w = wait_fd(c->fd, POLLOUT, deadline);
            if (w == 1)
                continue;
            wipe_free_n(buf, len);
            return w == 0 ? fail(c, CONN_TIMEOUT, 0) : fail(c, CONN_IO, errno);
        }
        wipe_free_n(buf, len);
        return fail(c, errno == EPIPE || errno == ECONNRESET ? CONN_CLOSED : CONN_IO, errno);
    }
    wipe_free_n(buf, len);
    for (;;) {
        char in[4096];
        ssize_t n;
        int w;
        if (redisReaderGetReply(c->reader, &r) != REDIS_OK)
            return fail(c, CONN_PROTOCOL, 0);
        if (r) {
            *reply = r;
            return fail(c, CONN_OK, 0);
        }
        w = wait_fd(c->fd, POLLIN, deadline);
        if (w == 0)
            return fail(c, CONN_TIMEOUT, 0);
        if (w < 0)
            return fail(c, CONN_IO, errno);
        n = recv(c->fd, in, sizeof(in), 0);
        if (n == 0)
            return fail(c, CONN_CLOSED, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                continue;
            return fail(c, errno == ECONNRESET ? CONN_CLOSED : CONN_IO, errno);
        }
        if (redisReaderFeed(c->reader, in, (size_t)n) != REDIS_OK)
            return fail(c, CONN_PROTOCOL, 0);
    }
}

void
conn_close(struct conn *c)
{
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
    case CONN_REFUSED:
        return c->sys_errno == ECONNREFUSED ? "connection refused" : strerror(c->sys_errno);
    case CONN_TIMEOUT:
        return "no answer within --probe-timeout";
    case CONN_CLOSED:
        return "the server closed the connection";
    case CONN_IO:
        return strerror(c->sys_errno);
    case CONN_PROTOCOL:
        return "the answer is not the Redis protocol";
    case CONN_NOMEM:
        return "out of memory";
    }
    return "unknown error";
}
