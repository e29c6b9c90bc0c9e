/* URL parsing and resolution: oi_url_parse on the input, oi_url_resolve
 * with a fixed base and the input as the reference, and with the input as
 * the base; an input holding a newline is read as "base\nref".
 *
 * Properties, besides surviving the sanitizers:
 * - a parsed URL keeps the promises of url.h: a path that begins with '/'
 *   for the hierarchical schemes, target = path ["?" query], a host for
 *   http and https, a port within range;
 * - an http or https URL put back together from its parts parses to the
 *   same parts;
 * - a resolved URL parses, and an http or https one resolved again against
 *   the same base comes back unchanged (it is absolute and has no dot
 *   segments left). */
#include "fuzz.h"
#include "url.h"

static const char *const bases[] = {
    "http://a/b/c/d;p?q",
    "https://user:pw@www.Example.com:8443/dir/page.html?x=1#top",
    "http://[::1]:8080/a/./b/../c",
};
static const char *const refs[] = {"g", "../../g?y#s", "//other.example:81/x", "?y", "", "./.."};

static int str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int has_bad_byte(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return 1;
    return 0;
}

static void check_url(const oi_url *u)
{
    FUZZ_CHECK(u->scheme_name != NULL);
    const char *parts[] = {u->scheme_name, u->user,  u->password, u->host,
                           u->path,        u->query, u->fragment};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        FUZZ_CHECK(!has_bad_byte(parts[i]));
    FUZZ_CHECK(u->port <= 65535);
    if (!u->path || !u->target) { /* only an unknown scheme may have neither */
        FUZZ_CHECK(u->scheme == OI_SCHEME_UNKNOWN && !u->path && !u->target);
        return;
    }
    size_t plen = strlen(u->path);
    FUZZ_CHECK(strncmp(u->target, u->path, plen) == 0);
    if (u->query)
        FUZZ_CHECK(u->target[plen] == '?' && strcmp(u->target + plen + 1, u->query) == 0);
    else
        FUZZ_CHECK(u->target[plen] == '\0');
    switch (u->scheme) {
    case OI_SCHEME_HTTP:
    case OI_SCHEME_HTTPS:
        FUZZ_CHECK(u->host && u->host[0] != '\0');
        FUZZ_CHECK(u->port_given || u->port == (u->scheme == OI_SCHEME_HTTP ? 80u : 443u));
        /* fall through */
    case OI_SCHEME_FTP:
        FUZZ_CHECK(u->host && u->host[0] != '\0');
        FUZZ_CHECK(u->path[0] == '/');
        break;
    case OI_SCHEME_FILE:
        FUZZ_CHECK(u->host && (!*u->host || strcmp(u->host, "localhost") == 0));
        FUZZ_CHECK(u->path[0] == '/');
        break;
    default:
        break;
    }
}

/* scheme://[user[:password]@]host[:port]target[#fragment], parsed again. */
static void check_round_trip(const oi_url *u)
{
    size_t n = 64;
    const char *parts[] = {u->scheme_name, u->user, u->password, u->host, u->target, u->fragment};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        n += parts[i] ? strlen(parts[i]) : 0;
    char *s = malloc(n), *o = s;
    if (!s)
        abort();
    o += sprintf(o, "%s://", u->scheme_name);
    if (u->user)
        o += sprintf(o, "%s%s%s@", u->user, u->password ? ":" : "", u->password ? u->password : "");
    o += sprintf(o, u->host_is_ipv6 ? "[%s]" : "%s", u->host);
    if (u->port_given)
        o += sprintf(o, ":%u", u->port);
    o += sprintf(o, "%s", u->target);
    if (u->fragment)
        sprintf(o, "#%s", u->fragment);
    oi_url v;
    FUZZ_CHECK(oi_url_parse(&v, s, (size_t)-1) == 0);
    FUZZ_CHECK(v.scheme == u->scheme && strcmp(v.host, u->host) == 0 && v.port == u->port);
    FUZZ_CHECK(v.host_is_ipv6 == u->host_is_ipv6 && v.port_given == u->port_given);
    FUZZ_CHECK(str_eq(v.user, u->user) && str_eq(v.password, u->password));
    FUZZ_CHECK(strcmp(v.path, u->path) == 0 && str_eq(v.query, u->query));
    FUZZ_CHECK(str_eq(v.fragment, u->fragment));
    oi_url_free(&v);
    free(s);
}

static void parse(const uint8_t *data, size_t size)
{
    oi_url u;
    char *copy = fuzz_dup(data, size);
    int rc = oi_url_parse(&u, copy, size);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        check_url(&u);
        if (u.scheme == OI_SCHEME_HTTP || u.scheme == OI_SCHEME_HTTPS)
            check_round_trip(&u);
        if (u.scheme == OI_SCHEME_FILE) {
            char *path = fuzz_strdup(u.path, strlen(u.path));
            (void)oi_url_unescape(path);
            free(path);
        }
    } else {
        FUZZ_CHECK(!u.scheme_name && !u.host && !u.path && !u.target);
    }
    oi_url_free(&u);
    free(copy);
}

static void resolve(const char *base, const char *ref)
{
    char *out = NULL;
    int rc = oi_url_resolve(base, ref, &out);
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK((rc == 0) == (out != NULL));
    if (rc != 0)
        return;
    oi_url u;
    FUZZ_CHECK(oi_url_parse(&u, out, (size_t)-1) == 0);
    check_url(&u);
    /* Only a URL with an authority is a fixed point: under the non-strict
     * rule "x:g" is relative to an "x:" base, merged with its path. */
    if (u.scheme == OI_SCHEME_HTTP || u.scheme == OI_SCHEME_HTTPS) {
        char *again = NULL;
        FUZZ_CHECK(oi_url_resolve(base, out, &again) == 0);
        FUZZ_CHECK(strcmp(again, out) == 0);
        free(again);
    }
    oi_url_free(&u);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse(data, size);
    char *s = fuzz_strdup(data, size); /* stops at a NUL byte, as C callers do */
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        resolve(s, nl + 1);
    } else {
        resolve(bases[size % 3], s);
        for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
            resolve(s, refs[i]);
    }
    free(s);
    return 0;
}
