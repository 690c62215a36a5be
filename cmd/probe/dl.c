/* dl.c - hiredis and OpenSSL, loaded with dlopen() when --probe runs (dl.h):
 * the CLI does not link them, so a run on files does not load them and their
 * ~1.5 ms of relocations (issue 12).
 *
 * The functions the probe calls are defined here under the libraries' own names
 * and forward to the symbols probe_dl_load() resolves, so conn.c and acl.c read
 * as plain hiredis and OpenSSL code; the macros of the headers
 * (SSL_CTX_set_min_proto_version, ...) expand to these. The sonames are the
 * ones the linker would record, found at configure time (cmd/meson.build).
 */
#include "dl.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <hiredis/hiredis.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

typedef void (*any_fn)(void);

static struct {
    void *hiredis, *crypto, *ssl; /* all set once loaded, all NULL before */

    redisReader *(*reader_create)(void);
    int (*reader_feed)(redisReader *, const char *, size_t);
    void (*reader_free)(redisReader *);
    int (*reader_get_reply)(redisReader *, void **);
    void (*free_reply_object)(void *);

    int (*bio_free)(BIO *);
    BIO *(*bio_new_mem_buf)(const void *, int);
    void (*err_clear_error)(void);
    unsigned long (*err_peek_last_error)(void);
    const char *(*err_reason_error_string)(unsigned long);
    void (*evp_pkey_free)(EVP_PKEY *);
    EVP_PKEY *(*pem_read_bio_privatekey)(BIO *, EVP_PKEY **, pem_password_cb *, void *);
    X509 *(*pem_read_bio_x509)(BIO *, X509 **, pem_password_cb *, void *);
    int (*x509_store_add_cert)(X509_STORE *, X509 *);
    int (*x509_verify_param_set1_ip_asc)(X509_VERIFY_PARAM *, const char *);
    void (*x509_free)(X509 *);
    const char *(*x509_verify_cert_error_string)(long);

    int (*ctx_check_private_key)(const SSL_CTX *);
    long (*ctx_ctrl)(SSL_CTX *, int, long, void *);
    void (*ctx_free)(SSL_CTX *);
    X509_STORE *(*ctx_get_cert_store)(const SSL_CTX *);
    SSL_CTX *(*ctx_new)(const SSL_METHOD *);
    int (*ctx_set_default_verify_paths)(SSL_CTX *);
    void (*ctx_set_verify)(SSL_CTX *, int, SSL_verify_cb);
    int (*ctx_use_privatekey)(SSL_CTX *, EVP_PKEY *);
    int (*ctx_use_certificate)(SSL_CTX *, X509 *);
    int (*ssl_connect)(SSL *);
    long (*ssl_ctrl)(SSL *, int, long, void *);
    void (*ssl_free)(SSL *);
    X509_VERIFY_PARAM *(*ssl_get0_param)(SSL *);
    int (*ssl_get_error)(const SSL *, int);
    long (*ssl_get_verify_result)(const SSL *);
    SSL *(*ssl_new)(SSL_CTX *);
    int (*ssl_read)(SSL *, void *, int);
    int (*ssl_set1_host)(SSL *, const char *);
    int (*ssl_set_fd)(SSL *, int);
    int (*ssl_write)(SSL *, const void *, int);
    const SSL_METHOD *(*tls_client_method)(void);
} lib;

/* a symbol to resolve, and where its address goes */
struct sym {
    const char *name;
    void *slot; /* a function pointer, written from dlsym()'s void * as POSIX allows */
};

/* dlerror()'s text, copied: the next dlclose() may free the buffer it points
 * into */
static char why_text[512];

static int
load_one(void **handle, const char *soname, const struct sym *syms, size_t n)
{
    const char *why;
    size_t i;

    if (!(*handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL))) {
        why = dlerror();
        snprintf(why_text, sizeof(why_text), "%s", why ? why : "unknown error");
        return -1;
    }
    for (i = 0; i < n; i++) {
        void *sym = dlsym(*handle, syms[i].name);
        if (!sym) {
            why = dlerror();
            snprintf(why_text, sizeof(why_text), "%s", why ? why : "unknown error");
            return -1;
        }
        memcpy(syms[i].slot, &sym, sizeof(any_fn));
    }
    return 0;
}

int
probe_dl_load(struct probe_dl_error *err)
{
    const struct sym hiredis_syms[] = {
        {"redisReaderCreate", &lib.reader_create},
        {"redisReaderFeed", &lib.reader_feed},
        {"redisReaderFree", &lib.reader_free},
        {"redisReaderGetReply", &lib.reader_get_reply},
        {"freeReplyObject", &lib.free_reply_object}, /* the replies the reader made */
    };
    const struct sym crypto_syms[] = {
        {"BIO_free", &lib.bio_free},
        {"BIO_new_mem_buf", &lib.bio_new_mem_buf},
        {"ERR_clear_error", &lib.err_clear_error},
        {"ERR_peek_last_error", &lib.err_peek_last_error},
        {"ERR_reason_error_string", &lib.err_reason_error_string},
        {"EVP_PKEY_free", &lib.evp_pkey_free},
        {"PEM_read_bio_PrivateKey", &lib.pem_read_bio_privatekey},
        {"PEM_read_bio_X509", &lib.pem_read_bio_x509},
        {"X509_STORE_add_cert", &lib.x509_store_add_cert},
        {"X509_VERIFY_PARAM_set1_ip_asc", &lib.x509_verify_param_set1_ip_asc},
        {"X509_free", &lib.x509_free},
        {"X509_verify_cert_error_string", &lib.x509_verify_cert_error_string},
    };
    const struct sym ssl_syms[] = {
        {"SSL_CTX_check_private_key", &lib.ctx_check_private_key},
        {"SSL_CTX_ctrl", &lib.ctx_ctrl},
        {"SSL_CTX_free", &lib.ctx_free},
        {"SSL_CTX_get_cert_store", &lib.ctx_get_cert_store},
        {"SSL_CTX_new", &lib.ctx_new},
        {"SSL_CTX_set_default_verify_paths", &lib.ctx_set_default_verify_paths},
        {"SSL_CTX_set_verify", &lib.ctx_set_verify},
        {"SSL_CTX_use_PrivateKey", &lib.ctx_use_privatekey},
        {"SSL_CTX_use_certificate", &lib.ctx_use_certificate},
        {"SSL_connect", &lib.ssl_connect},
        {"SSL_ctrl", &lib.ssl_ctrl},
        {"SSL_free", &lib.ssl_free},
        {"SSL_get0_param", &lib.ssl_get0_param},
        {"SSL_get_error", &lib.ssl_get_error},
        {"SSL_get_verify_result", &lib.ssl_get_verify_result},
        {"SSL_new", &lib.ssl_new},
        {"SSL_read", &lib.ssl_read},
        {"SSL_set1_host", &lib.ssl_set1_host},
        {"SSL_set_fd", &lib.ssl_set_fd},
        {"SSL_write", &lib.ssl_write},
        {"TLS_client_method", &lib.tls_client_method},
    };
    void *hiredis = NULL, *crypto = NULL, *ssl = NULL;

    if (lib.ssl)
        return 0;
    /* the slots are written as they resolve, but nothing reads them before lib.ssl is set */
    if (load_one(&hiredis, PROBE_HIREDIS_SONAME, hiredis_syms,
                 sizeof(hiredis_syms) / sizeof(hiredis_syms[0])) < 0) {
        err->soname = PROBE_HIREDIS_SONAME;
        err->package = PROBE_HIREDIS_PACKAGE;
    } else if (load_one(&crypto, PROBE_CRYPTO_SONAME, crypto_syms,
                        sizeof(crypto_syms) / sizeof(crypto_syms[0])) < 0) {
        err->soname = PROBE_CRYPTO_SONAME;
        err->package = PROBE_SSL_PACKAGE;
    } else if (load_one(&ssl, PROBE_SSL_SONAME, ssl_syms,
                        sizeof(ssl_syms) / sizeof(ssl_syms[0])) < 0) {
        err->soname = PROBE_SSL_SONAME;
        err->package = PROBE_SSL_PACKAGE;
    } else {
        lib.hiredis = hiredis;
        lib.crypto = crypto;
        lib.ssl = ssl;
        return 0;
    }
    err->why = why_text;
    /* libssl before the libcrypto it needs; one whose symbol was missing is open too */
    if (ssl)
        dlclose(ssl);
    if (crypto)
        dlclose(crypto);
    if (hiredis)
        dlclose(hiredis);
    memset(&lib, 0, sizeof(lib));
    return -1;
}

/* hiredis */

redisReader *
redisReaderCreate(void)
{
    return lib.ssl ? lib.reader_create() : NULL;
}

int
redisReaderFeed(redisReader *r, const char *buf, size_t len)
{
    return lib.ssl ? lib.reader_feed(r, buf, len) : REDIS_ERR;
}

void
redisReaderFree(redisReader *r)
{
    if (lib.ssl)
        lib.reader_free(r);
}

int
redisReaderGetReply(redisReader *r, void **reply)
{
    return lib.ssl ? lib.reader_get_reply(r, reply) : REDIS_ERR;
}

void
freeReplyObject(void *reply)
{
    if (lib.ssl)
        lib.free_reply_object(reply);
}

/* libcrypto */

int
BIO_free(BIO *a)
{
    return lib.ssl ? lib.bio_free(a) : 0;
}

BIO *
BIO_new_mem_buf(const void *buf, int len)
{
    return lib.ssl ? lib.bio_new_mem_buf(buf, len) : NULL;
}

void
ERR_clear_error(void)
{
    if (lib.ssl)
        lib.err_clear_error();
}

unsigned long
ERR_peek_last_error(void)
{
    return lib.ssl ? lib.err_peek_last_error() : 0;
}

const char *
ERR_reason_error_string(unsigned long e)
{
    return lib.ssl ? lib.err_reason_error_string(e) : NULL;
}

void
EVP_PKEY_free(EVP_PKEY *pkey)
{
    if (lib.ssl)
        lib.evp_pkey_free(pkey);
}

EVP_PKEY *
PEM_read_bio_PrivateKey(BIO *bp, EVP_PKEY **x, pem_password_cb *cb, void *u)
{
    return lib.ssl ? lib.pem_read_bio_privatekey(bp, x, cb, u) : NULL;
}

X509 *
PEM_read_bio_X509(BIO *bp, X509 **x, pem_password_cb *cb, void *u)
{
    return lib.ssl ? lib.pem_read_bio_x509(bp, x, cb, u) : NULL;
}

int
X509_STORE_add_cert(X509_STORE *store, X509 *x)
{
    return lib.ssl ? lib.x509_store_add_cert(store, x) : 0;
}

int
X509_VERIFY_PARAM_set1_ip_asc(X509_VERIFY_PARAM *param, const char *ipasc)
{
    return lib.ssl ? lib.x509_verify_param_set1_ip_asc(param, ipasc) : 0;
}

void
X509_free(X509 *a)
{
    if (lib.ssl)
        lib.x509_free(a);
}

const char *
X509_verify_cert_error_string(long n)
{
    return lib.ssl ? lib.x509_verify_cert_error_string(n) : "OpenSSL is not loaded";
}

/* libssl */

int
SSL_CTX_check_private_key(const SSL_CTX *ctx)
{
    return lib.ssl ? lib.ctx_check_private_key(ctx) : 0;
}

long
SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
    return lib.ssl ? lib.ctx_ctrl(ctx, cmd, larg, parg) : 0;
}

void
SSL_CTX_free(SSL_CTX *ctx)
{
    if (lib.ssl)
        lib.ctx_free(ctx);
}

X509_STORE *
SSL_CTX_get_cert_store(const SSL_CTX *ctx)
{
    return lib.ssl ? lib.ctx_get_cert_store(ctx) : NULL;
}

SSL_CTX *
SSL_CTX_new(const SSL_METHOD *meth)
{
    return lib.ssl ? lib.ctx_new(meth) : NULL;
}

int
SSL_CTX_set_default_verify_paths(SSL_CTX *ctx)
{
    return lib.ssl ? lib.ctx_set_default_verify_paths(ctx) : 0;
}

void
SSL_CTX_set_verify(SSL_CTX *ctx, int mode, SSL_verify_cb callback)
{
    if (lib.ssl)
        lib.ctx_set_verify(ctx, mode, callback);
}

int
SSL_CTX_use_PrivateKey(SSL_CTX *ctx, EVP_PKEY *pkey)
{
    return lib.ssl ? lib.ctx_use_privatekey(ctx, pkey) : 0;
}

int
SSL_CTX_use_certificate(SSL_CTX *ctx, X509 *x)
{
    return lib.ssl ? lib.ctx_use_certificate(ctx, x) : 0;
}

int
SSL_connect(SSL *ssl)
{
    return lib.ssl ? lib.ssl_connect(ssl) : -1;
}

long
SSL_ctrl(SSL *ssl, int cmd, long larg, void *parg)
{
    return lib.ssl ? lib.ssl_ctrl(ssl, cmd, larg, parg) : 0;
}

void
SSL_free(SSL *ssl)
{
    if (lib.ssl)
        lib.ssl_free(ssl);
}

X509_VERIFY_PARAM *
SSL_get0_param(SSL *ssl)
{
    return lib.ssl ? lib.ssl_get0_param(ssl) : NULL;
}

int
SSL_get_error(const SSL *s, int ret_code)
{
    return lib.ssl ? lib.ssl_get_error(s, ret_code) : SSL_ERROR_SSL;
}

long
SSL_get_verify_result(const SSL *ssl)
{
    return lib.ssl ? lib.ssl_get_verify_result(ssl) : X509_V_ERR_UNSPECIFIED;
}

SSL *
SSL_new(SSL_CTX *ctx)
{
    return lib.ssl ? lib.ssl_new(ctx) : NULL;
}

int
SSL_read(SSL *ssl, void *buf, int num)
{
    return lib.ssl ? lib.ssl_read(ssl, buf, num) : -1;
}

int
SSL_set1_host(SSL *s, const char *hostname)
{
    return lib.ssl ? lib.ssl_set1_host(s, hostname) : 0;
}

int
SSL_set_fd(SSL *s, int fd)
{
    return lib.ssl ? lib.ssl_set_fd(s, fd) : 0;
}

int
SSL_write(SSL *ssl, const void *buf, int num)
{
    return lib.ssl ? lib.ssl_write(ssl, buf, num) : -1;
}

const SSL_METHOD *
TLS_client_method(void)
{
    return lib.ssl ? lib.tls_client_method() : NULL;
}
