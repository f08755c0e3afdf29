/*
 * TLS for the C client (OpenSSL 3).
 *
 * The socket is read and written through a small BIO of our own, so that writing to a
 * connection the server has closed fails with EPIPE instead of raising SIGPIPE (OpenSSL's
 * socket BIO writes with write()). A message callback notes the alerts the server sends (so
 * that "the server refused our client certificate: certificate expired" can be said in words;
 * with TLS 1.3 it may arrive only on the first read after the handshake) and a server that
 * answers in plain text (a pointsd without TLS answers with its preface, "RPTS").
 */
#define _POSIX_C_SOURCE 200809L

#include "tls_session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

struct tls_session {
    SSL_CTX *ctx;
    SSL *ssl;
    BIO_METHOD *method; /* the socket BIO's, one per session: nothing global outlives it */
    int fd;
    int eof;            /* the socket read end of file */
    int last_errno;     /* the socket's last failure (not EAGAIN), 0: none */
    int alert;          /* the last alert the server sent, -1: none */
    int client_cert;    /* we present a certificate */
    int plaintext;      /* the server answered in plain text, not TLS */
    int broken;         /* a fatal error happened: no close_notify */
    char name[256];     /* the name the server's certificate must carry ("": the host) */
};

/* The socket BIO. */

static int bio_write(BIO *bio, const char *data, int len) {
    tls_session *s = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    ssize_t n;
    do n = send(s->fd, data, (size_t)len, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_write(bio);
    else if (n < 0) s->last_errno = errno;
    return (int)n;
}

static int bio_read(BIO *bio, char *data, int len) {
    tls_session *s = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    ssize_t n;
    do n = recv(s->fd, data, (size_t)len, 0);
    while (n < 0 && errno == EINTR);
    if (n == 0) s->eof = 1;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_read(bio);
    else if (n < 0) s->last_errno = errno;
    return (int)n;
}

static long bio_ctrl(BIO *bio, int command, long number, void *pointer) {
    (void)number;
    tls_session *s = BIO_get_data(bio);
    switch (command) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_EOF: return s->eof;
    case BIO_C_GET_FD:
        if (pointer) *(int *)pointer = s->fd;
        return s->fd;
    default: return 0;
    }
}

static void on_message(int write_p, int version, int content_type, const void *buffer, size_t len, SSL *ssl, void *arg) {
    (void)version;
    (void)ssl;
    tls_session *s = arg;
    const unsigned char *bytes = buffer;
    if (write_p) return;
    if (content_type == SSL3_RT_HEADER && len >= 4 && memcmp(bytes, "RPTS", 4) == 0) s->plaintext = 1;
    if (content_type == SSL3_RT_ALERT && len == 2 && bytes[1] != SSL_AD_CLOSE_NOTIFY) s->alert = bytes[1];
}

/* Failures in words. */

/* The oldest queued OpenSSL error's reason (the cause; later ones say what it broke). */
static void queued_reason(char *out, size_t size) {
    unsigned long e = ERR_peek_error();
    const char *reason = e ? ERR_reason_error_string(e) : NULL;
    if (e && ERR_SYSTEM_ERROR(e)) snprintf(out, size, "%s", strerror(ERR_GET_REASON(e)));
    else if (reason) snprintf(out, size, "%s", reason);
    else if (e) ERR_error_string_n(e, out, size);
    else snprintf(out, size, "no reason given");
}

static void describe_alert(const tls_session *s, char *error, size_t size) {
    const char *name = s->alert == SSL_AD_CERTIFICATE_REQUIRED ? "certificate required" : SSL_alert_desc_string_long(s->alert);
    switch (s->alert) {
    case SSL_AD_BAD_CERTIFICATE: case SSL_AD_UNSUPPORTED_CERTIFICATE: case SSL_AD_CERTIFICATE_REVOKED:
    case SSL_AD_CERTIFICATE_EXPIRED: case SSL_AD_CERTIFICATE_UNKNOWN: case SSL_AD_UNKNOWN_CA:
        if (!s->client_cert) break;
        snprintf(error, size, "the server refused our client certificate: %s", name);
        return;
    case SSL_AD_CERTIFICATE_REQUIRED:
        snprintf(error, size, "the server requires a client certificate (TLS alert: certificate required)");
        return;
    case SSL_AD_HANDSHAKE_FAILURE:
        if (s->client_cert) break;
        snprintf(error, size, "the server refused the handshake (TLS alert: handshake failure; does it require a client certificate?)");
        return;
    }
    snprintf(error, size, "the server sent the TLS alert \"%s\"", name);
}

/* A write that fails because the server closed the connection may have an alert waiting
 * behind it that says why (TLS 1.3: our client certificate refused just after the handshake,
 * while the preface was on its way). Peeking reads it without taking any data. */
static void look_for_alert(tls_session *s) {
    unsigned char byte;
    size_t n;
    int saved = s->last_errno;
    ERR_clear_error();
    for (int i = 0; i < 8 && s->alert < 0 && !s->eof; i++)
        if (!SSL_peek_ex(s->ssl, &byte, 1, &n)) break;
    ERR_clear_error();
    s->last_errno = saved;
}

/* What SSL_get_error's `code` means for the transport, with why in error when it failed. */
static transport_result failed(tls_session *s, int code, const char *doing, char *error, size_t size) {
    if (code == SSL_ERROR_WANT_READ) return TRANSPORT_WANT_READ;
    if (code == SSL_ERROR_WANT_WRITE) return TRANSPORT_WANT_WRITE;
    int handshake = !SSL_is_init_finished(s->ssl);
    if (code == SSL_ERROR_SYSCALL && !handshake && !strcmp(doing, "write") && s->alert < 0) look_for_alert(s);
    if (code != SSL_ERROR_ZERO_RETURN) s->broken = 1;
    long verify = SSL_get_verify_result(s->ssl);
    unsigned long e = ERR_peek_error();
    transport_result result = TRANSPORT_FAILED;
    if (s->alert > 0) {
        describe_alert(s, error, size);
    } else if (verify != X509_V_OK) {
        const char *why = X509_verify_cert_error_string(verify);
        if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
            snprintf(error, size, "certificate verify failed (%s: the certificate is not for %s)", why, s->name);
        else
            snprintf(error, size, "certificate verify failed (%s)", why);
    } else if (s->plaintext) {
        snprintf(error, size, "the server answered in plain text: it does not speak TLS on this port");
    } else if (code == SSL_ERROR_ZERO_RETURN || (code == SSL_ERROR_SYSCALL && !s->last_errno && !e) ||
               (ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING)) {
        snprintf(error, size, "%s", handshake ? "the server closed the connection during the TLS handshake (does it require a client certificate, or not speak TLS?)"
                                              : "the server closed the connection");
        result = TRANSPORT_CLOSED;
    } else if (code == SSL_ERROR_SYSCALL && s->last_errno) {
        snprintf(error, size, "%s failed: %s", handshake ? "the TLS handshake" : doing, strerror(s->last_errno));
    } else {
        char reason[256];
        queued_reason(reason, sizeof reason);
        if (handshake) snprintf(error, size, "%s", reason);
        else snprintf(error, size, "%s failed: %s", doing, reason);
    }
    ERR_clear_error();
    return result;
}

/* The context. */

static int refuse_password(char *buffer, int size, int rwflag, void *asked) {
    (void)buffer;
    (void)size;
    (void)rwflag;
    if (asked) *(int *)asked = 1;
    return -1;
}

static int readable(const char *path, const char *what, char *error, size_t size) {
    FILE *f = fopen(path, "rb");
    if (f) {
        fclose(f);
        return 1;
    }
    snprintf(error, size, "cannot read %s %s: %s", what, path, strerror(errno));
    return 0;
}

SSL_CTX *tls_client_context(const points_tls_options *o, char *error, size_t size) {
    if (!o->cert_file != !o->key_file) {
        if (o->cert_file) snprintf(error, size, "the client certificate %s needs its key (key_file)", o->cert_file);
        else snprintf(error, size, "the client key %s needs its certificate (cert_file)", o->key_file);
        return NULL;
    }
    if ((o->ca_file && !readable(o->ca_file, "the CA file", error, size)) ||
        (o->cert_file && !readable(o->cert_file, "the client certificate", error, size)) ||
        (o->key_file && !readable(o->key_file, "the client key", error, size)))
        return NULL;
    ERR_clear_error();
    char reason[256];
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        queued_reason(reason, sizeof reason);
        snprintf(error, size, "cannot set up TLS: %s", reason);
        ERR_clear_error();
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    /* points_flush retries a write from a buffer that may have moved and grown since. */
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    int loaded = o->ca_file ? SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL) : SSL_CTX_set_default_verify_paths(ctx);
    if (!loaded) {
        queued_reason(reason, sizeof reason);
        if (o->ca_file) snprintf(error, size, "cannot read the CA file %s: %s", o->ca_file, reason);
        else snprintf(error, size, "cannot load the system's CA certificates: %s", reason);
        goto fail;
    }
    if (o->key_file) {
        /* The key first: a certificate loaded after a key that does not match it drops the key,
         * and SSL_CTX_check_private_key then says so. */
        int encrypted = 0;
        SSL_CTX_set_default_passwd_cb(ctx, refuse_password); /* never prompt on a terminal */
        SSL_CTX_set_default_passwd_cb_userdata(ctx, &encrypted);
        int ok = SSL_CTX_use_PrivateKey_file(ctx, o->key_file, SSL_FILETYPE_PEM);
        SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
        if (!ok) {
            queued_reason(reason, sizeof reason);
            if (encrypted) snprintf(error, size, "cannot read the client key %s: it is encrypted (the client reads unencrypted keys only)", o->key_file);
            else snprintf(error, size, "cannot read the client key %s: no PEM private key in it (%s)", o->key_file, reason);
            goto fail;
        }
        if (!SSL_CTX_use_certificate_chain_file(ctx, o->cert_file)) {
            queued_reason(reason, sizeof reason);
            snprintf(error, size, "cannot read the client certificate %s: no PEM certificate in it (%s)", o->cert_file, reason);
            goto fail;
        }
        if (!SSL_CTX_check_private_key(ctx)) {
            snprintf(error, size, "the client key %s does not match the certificate %s", o->key_file, o->cert_file);
            goto fail;
        }
    }
    ERR_clear_error();
    return ctx;
fail:
    ERR_clear_error();
    SSL_CTX_free(ctx);
    return NULL;
}

int tls_expect_name(SSL *ssl, const char *name, char *error, size_t size) {
    if (!name || !*name) {
        snprintf(error, size, "no server name to check the certificate against");
        return 0;
    }
    unsigned char address[16];
    int numeric = inet_pton(AF_INET, name, address) == 1 || inet_pton(AF_INET6, name, address) == 1;
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int ok = numeric ? X509_VERIFY_PARAM_set1_ip_asc(param, name)
                     : X509_VERIFY_PARAM_set1_host(param, name, 0) && SSL_set_tlsext_host_name(ssl, name);
    if (!ok) {
        char reason[256];
        queued_reason(reason, sizeof reason);
        snprintf(error, size, "cannot check the server's name %s: %s", name, reason);
    }
    ERR_clear_error();
    return ok;
}

/* The session. */

points_status tls_session_new(const points_tls_options *o, tls_session **out, char *error, size_t size) {
    *out = NULL;
    if (o->server_name && strlen(o->server_name) >= sizeof ((tls_session *)0)->name) {
        snprintf(error, size, "the server name is longer than a host name may be");
        return POINTS_E_ARGUMENT;
    }
    tls_session *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(error, size, "out of memory");
        return POINTS_E_NOMEM;
    }
    s->fd = -1;
    s->alert = -1;
    s->client_cert = o->cert_file != NULL;
    if (o->server_name) snprintf(s->name, sizeof s->name, "%s", o->server_name);
    if (!(s->ctx = tls_client_context(o, error, size))) {
        free(s);
        return POINTS_E_ARGUMENT;
    }
    *out = s;
    return POINTS_OK;
}

points_status tls_session_start(tls_session *s, int fd, const char *host, char *error, size_t size) {
    s->fd = fd;
    if (!s->name[0]) snprintf(s->name, sizeof s->name, "%s", host);
    BIO *bio = NULL;
    if (!(s->method = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "points socket")) ||
        !BIO_meth_set_write(s->method, bio_write) || !BIO_meth_set_read(s->method, bio_read) ||
        !BIO_meth_set_ctrl(s->method, bio_ctrl) || !(s->ssl = SSL_new(s->ctx)) || !(bio = BIO_new(s->method))) {
        ERR_clear_error();
        snprintf(error, size, "out of memory");
        return POINTS_E_NOMEM;
    }
    BIO_set_data(bio, s);
    BIO_set_init(bio, 1);
    SSL_set_bio(s->ssl, bio, bio); /* the SSL owns the BIO now */
    SSL_set_msg_callback(s->ssl, on_message);
    SSL_set_msg_callback_arg(s->ssl, s);
    return tls_expect_name(s->ssl, s->name, error, size) ? POINTS_OK : POINTS_E_ARGUMENT;
}

transport_result tls_handshake(tls_session *s, char *error, size_t size) {
    ERR_clear_error();
    s->last_errno = 0;
    int r = SSL_connect(s->ssl);
    if (r == 1) return TRANSPORT_DONE;
    return failed(s, SSL_get_error(s->ssl, r), "handshake", error, size);
}

transport_result tls_read(tls_session *s, uint8_t *buffer, size_t len, size_t *done, char *error, size_t size) {
    ERR_clear_error();
    s->last_errno = 0;
    if (SSL_read_ex(s->ssl, buffer, len, done)) return TRANSPORT_DONE;
    return failed(s, SSL_get_error(s->ssl, 0), "read", error, size);
}

transport_result tls_write(tls_session *s, const uint8_t *buffer, size_t len, size_t *done, char *error, size_t size) {
    ERR_clear_error();
    s->last_errno = 0;
    if (SSL_write_ex(s->ssl, buffer, len, done)) return TRANSPORT_DONE;
    return failed(s, SSL_get_error(s->ssl, 0), "write", error, size);
}

int tls_pending(const tls_session *s) { return s->ssl && SSL_pending(s->ssl) > 0; }

void tls_close(tls_session *s) {
    if (!s) return;
    if (s->ssl) {
        if (!s->broken && SSL_is_init_finished(s->ssl)) SSL_shutdown(s->ssl); /* close_notify, if it goes at once */
        SSL_free(s->ssl);
    }
    SSL_CTX_free(s->ctx);
    BIO_meth_free(s->method);
    ERR_clear_error();
    free(s);
}
