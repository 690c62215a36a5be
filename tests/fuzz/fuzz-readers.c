/* fuzz-readers.c - each component's reading of a URL, a Sentinel list and a role
 * (lib/readers/url.c, sentinels.c, role.c) on arbitrary values.
 *
 * Input: byte 0 picks the 3scale version (2.4 .. 2.16), byte 1 the surroundings (bit 0:
 * sentinels in use, bits 1-2: the TLS flag -1/0/1), the rest is the value. Every reader reads
 * the value as a URL, a Sentinel list and a role; the value is not NUL-terminated, as the
 * readers take a length.
 */
#include "fuzz.h"

#include <stdint.h>
#include <string.h>

#include "readers.h"

static size_t
touch(const char *s)
{
    return s ? strlen(s) : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct read_env env;
    const char *value;
    size_t len, i;
    struct sentinel_scan scan;
    volatile size_t sink = 0;
    int r, rc;

    if (size < 2)
        return 0;
    env.client = (enum redis_client)(data[0] % CLIENT__MAX);
    env.sentinels = data[1] & 1;
    env.tls_flag = (int)((data[1] >> 1) % 3) - 1;
    value = (const char *)data + 2;
    len = size - 2;

    for (r = 0; r < READER__MAX; r++) {
        struct url_reading u;
        struct sentinel_reading s;
        struct role_reading role;

        sink += touch(reader_name((enum reader)r));
        rc = url_read(&u, (enum reader)r, &env, value, len);
        FUZZ_NO_ENOMEM(rc);
        if (rc == 0) {
            sink += touch(u.host) + touch(u.username) + touch(u.password);
            sink += u.port + (size_t)u.db + u.status + u.fail + u.scheme + u.tls;
            url_reading_release(&u);
        }
        rc = sentinels_read(&s, (enum reader)r, &env, value, len);
        FUZZ_NO_ENOMEM(rc);
        if (rc == 0) {
            for (i = 0; i < s.count; i++)
                sink += touch(s.addrs[i].host) + s.addrs[i].port;
            sink += touch(s.username) + touch(s.password) + s.fail_entry + s.status + s.fail;
            sentinel_reading_release(&s);
        }
        role_read(&role, (enum reader)r, &env, value, len);
        sink += role.status + role.fail + role.role + role.ignored;
    }
    sentinels_scan(&scan, value, len);
    sink += scan.entries + scan.first_duplicate_entry;
    (void)sink;
    return 0;
}
