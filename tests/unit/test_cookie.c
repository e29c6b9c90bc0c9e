/* Cookie jar: RFC 6265 dates, attributes, domain and path rules, Secure
 * rules, expiry, limits, the Netscape cookie file, threads, and the public
 * cookie calls on a real session.  Time is passed in, so nothing sleeps. */
#include "check.h"
#include "cookie.h"
#include "url.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOW     1700000000LL
#define INVALID INT64_MIN

static char tmpdir[] = "/tmp/oi-cookie-XXXXXX";

/* ---- helpers ---- */

static int64_t date(const char *s)
{
    int64_t t;
    return oi_cookie_date(s, strlen(s), &t) == 0 ? t : INVALID;
}

/* Store a Set-Cookie value received from a response to url at time t. */
static int set_at(oi_cookie_jar *jar, const char *url, const char *cookie, int64_t t)
{
    oi_url u;
    if (oi_url_parse(&u, url, (size_t)-1) != 0)
        return -99;
    int rc = oi_jar_store(jar, u.host, u.path, u.scheme == OI_SCHEME_HTTPS, 1, cookie,
                          strlen(cookie), t);
    oi_url_free(&u);
    return rc;
}

static int set(oi_cookie_jar *jar, const char *url, const char *cookie)
{
    return set_at(jar, url, cookie, NOW);
}

/* The Cookie header a request to url carries at time t, "" for none.
 * The result lives until the next call. */
static const char *get_at(oi_cookie_jar *jar, const char *url, int64_t t)
{
    static char out[16384];
    oi_url u;
    if (oi_url_parse(&u, url, (size_t)-1) != 0)
        return "(bad URL)";
    int failed = 0;
    char *h = oi_jar_header(jar, u.host, u.target, u.scheme == OI_SCHEME_HTTPS, t, &failed);
    oi_url_free(&u);
    snprintf(out, sizeof out, "%s", failed ? "(failed)" : h ? h : "");
    free(h);
    return out;
}

static const char *get(oi_cookie_jar *jar, const char *url)
{
    return get_at(jar, url, NOW);
}

static char *path_in_tmp(const char *name)
{
    static char path[4][256];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    return p;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return;
    fputs(text, fp);
    fclose(fp);
}

static char *read_file(const char *path)
{
    static char buf[8192];
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* A jar loaded from the given file text at time NOW. */
static oi_cookie_jar *jar_from_text(const char *text)
{
    char *file = path_in_tmp("load.txt");
    write_file(file, text);
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(oi_jar_load(jar, file, NOW), 0);
    unlink(file);
    return jar;
}

/* ---- dates (RFC 6265 section 5.1.1) ---- */

TEST(date_rfc1123_form_parses)
{
    CHECK_INT(date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
}

TEST(date_rfc850_form_with_two_digit_year_parses)
{
    CHECK_INT(date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
}

TEST(date_asctime_form_parses)
{
    CHECK_INT(date("Sun Nov  6 08:49:37 1994"), 784111777);
}

TEST(date_netscape_form_with_dashes_parses)
{
    CHECK_INT(date("Sun, 06-Nov-1994 08:49:37 GMT"), 784111777);
}

TEST(date_tokens_may_come_in_any_order)
{
    CHECK_INT(date("1994 Nov 06 08:49:37"), 784111777);
    CHECK_INT(date("08:49:37 06 Nov 1994"), 784111777);
    CHECK_INT(date("Nov 06 08:49:37 1994 GMT"), 784111777);
}

TEST(two_digit_years_from_70_are_1900s)
{
    CHECK_INT(date("Thu, 01 Jan 70 00:00:00 GMT"), 0);
    CHECK_INT(date("Fri, 31 Dec 99 23:59:59 GMT"), 946684799);
}

TEST(two_digit_years_below_70_are_2000s)
{
    CHECK_INT(date("Sat, 01 Jan 00 00:00:00 GMT"), 946684800);
    CHECK_INT(date("Tue, 01 Jan 69 00:00:00 GMT"), 3124224000LL);
}

TEST(date_month_names_are_case_insensitive_prefixes)
{
    CHECK_INT(date("06 NOVEMBER 1994 08:49:37"), 784111777);
    CHECK_INT(date("06 nov. 1994 08:49:37"), 784111777);
    CHECK_INT(date("06 Nox 1994 08:49:37"), INVALID);
}

TEST(date_numbers_may_carry_trailing_text)
{
    CHECK_INT(date("06th Nov 1994 08:49:37GMT"), 784111777);
}

TEST(date_time_fields_may_have_one_digit)
{
    CHECK_INT(date("6 Nov 1994 8:9:7"), 784109347);
}

TEST(date_without_time_day_month_or_year_is_refused)
{
    CHECK_INT(date("Sun, 06 Nov 1994 GMT"), INVALID);
    CHECK_INT(date("Sun, Nov 1994 08:49:37 GMT"), INVALID);
    CHECK_INT(date("Sun, 06 1994 08:49:37 GMT"), INVALID);
    CHECK_INT(date("Sun, 06 Nov 08:49:37 GMT"), INVALID);
    CHECK_INT(date(""), INVALID);
}

TEST(date_fields_out_of_range_are_refused)
{
    CHECK_INT(date("00 Nov 1994 08:49:37"), INVALID);
    CHECK_INT(date("32 Nov 1994 08:49:37"), INVALID);
    CHECK_INT(date("06 Nov 1994 24:00:00"), INVALID);
    CHECK_INT(date("06 Nov 1994 08:60:00"), INVALID);
    CHECK_INT(date("06 Nov 1994 08:49:60"), INVALID);
    CHECK_INT(date("06 Nov 1600 08:49:37"), INVALID);
    CHECK_INT(date("06 Nov 1994 008:49:37"), INVALID); /* three-digit time field */
    CHECK_INT(date("06 Nov 19940 08:49:37"), INVALID); /* five-digit year */
    CHECK_INT(date("006 Nov 1994 08:49:37"), INVALID); /* three-digit day */
}

TEST(date_that_does_not_exist_is_refused)
{
    CHECK_INT(date("29 Feb 2023 00:00:00"), INVALID);
    CHECK_INT(date("31 Apr 2024 00:00:00"), INVALID);
    CHECK_INT(date("29 Feb 1900 00:00:00"), INVALID);
    CHECK_INT(date("29 Feb 2024 00:00:00"), 1709164800);
    CHECK_INT(date("29 Feb 2000 12:00:00"), 951825600);
}

TEST(date_extremes_parse)
{
    CHECK_INT(date("01 Jan 1601 00:00:00"), -11644473600LL);
    CHECK_INT(date("31 Dec 9999 23:59:59"), 253402300799LL);
    CHECK_INT(date("19 Jan 2038 03:14:08"), 2147483648LL);
}

/* ---- parsing the Set-Cookie value (section 5.2) ---- */

TEST(cookie_is_sent_back_to_its_host)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_INT(oi_jar_count(jar), 1);
    CHECK_STR(get(jar, "http://example.com/"), "a=1");
    CHECK_STR(get(jar, "http://example.org/"), "");
    oi_jar_free(jar);
}

TEST(name_and_value_are_trimmed)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", " \ta  =  b c \t; Path=/"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "a=b c");
    oi_jar_free(jar);
}

TEST(value_may_contain_equals_signs)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=b=c"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "a=b=c");
    oi_jar_free(jar);
}

TEST(cookie_without_equals_is_a_nameless_value)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "token; Path=/"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "token");
    /* "=value" is the same nameless cookie, so it replaces the first */
    CHECK_INT(set(jar, "http://example.com/", "=other"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "other");
    CHECK_INT(oi_jar_count(jar), 1);
    oi_jar_free(jar);
}

TEST(empty_cookie_is_rejected)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", ""), -1);
    CHECK_INT(set(jar, "http://example.com/", "="), -1);
    CHECK_INT(set(jar, "http://example.com/", "  ; Path=/"), -1);
    CHECK_INT(set(jar, "http://example.com/", ";a=1"), -1);
    CHECK_INT(oi_jar_count(jar), 0);
    oi_jar_free(jar);
}

TEST(control_character_is_rejected)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=b\r\nX-Injected: 1"), -1);
    CHECK_INT(set(jar, "http://example.com/", "a=b\x01"), -1);
    CHECK_INT(set(jar, "http://example.com/", "a=b; Path=/\x7f"), -1);
    CHECK_INT(oi_jar_store(jar, "example.com", "/", 0, 1, "a=b\0c", 5, NOW), -1);
    CHECK_INT(oi_jar_count(jar), 0);
    oi_jar_free(jar);
}

TEST(tab_is_kept_in_value_and_refused_in_name)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=b\tc"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "a=b\tc");
    CHECK_INT(set(jar, "http://example.com/", "x\ty=1"), -1);
    oi_jar_free(jar);
}

TEST(name_and_value_over_4096_bytes_are_rejected)
{
    static char cookie[5000];
    oi_cookie_jar *jar = oi_jar_new();
    memset(cookie, 'v', sizeof cookie - 1);
    memcpy(cookie, "n=", 2); /* name 1 byte, value 4095: 4096 in all */
    cookie[4097] = '\0';
    CHECK_INT(set(jar, "http://example.com/", cookie), 0);
    cookie[4097] = 'v';
    cookie[4098] = '\0';
    CHECK_INT(set(jar, "http://example.com/", cookie), -1);
    CHECK_INT(oi_jar_count(jar), 1);
    oi_jar_free(jar);
}

TEST(attribute_over_1024_bytes_is_ignored)
{
    static char cookie[1200];
    oi_cookie_jar *jar = oi_jar_new();
    int n = snprintf(cookie, sizeof cookie, "a=1; Path=/");
    memset(cookie + n, 'p', 1024);
    cookie[n + 1024] = '\0'; /* the value is "/" plus 1024 bytes */
    CHECK_INT(set(jar, "http://example.com/dir/page", cookie), 0);
    CHECK_STR(get(jar, "http://example.com/dir/x"), "a=1"); /* default path /dir */
    CHECK_STR(get(jar, "http://example.com/"), "");
    oi_jar_free(jar);
}

TEST(attribute_names_are_case_insensitive)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(
        set(jar, "https://example.com/", "a=1; pAtH=/x; SECURE; max-AGE=5; dOmAiN=EXAMPLE.com"), 0);
    CHECK_STR(get_at(jar, "https://www.example.com/x", NOW + 4), "a=1");
    CHECK_STR(get_at(jar, "http://www.example.com/x", NOW + 4), "");
    CHECK_STR(get_at(jar, "https://www.example.com/", NOW + 4), "");
    CHECK_STR(get_at(jar, "https://www.example.com/x", NOW + 5), "");
    oi_jar_free(jar);
}

TEST(unknown_attributes_are_ignored)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Version=1; Comment=hi; ; Priority=High"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "a=1");
    oi_jar_free(jar);
}

TEST(last_path_attribute_wins)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/d/p", "a=1; Path=/a; Path=/b"), 0);
    CHECK_STR(get(jar, "http://example.com/b"), "a=1");
    CHECK_STR(get(jar, "http://example.com/a"), "");
    /* an invalid last Path means the default path, not the earlier one */
    CHECK_INT(set(jar, "http://example.com/d/p", "b=1; Path=/a; Path=x"), 0);
    CHECK_STR(get(jar, "http://example.com/d/"), "b=1");
    oi_jar_free(jar);
}

/* ---- expiry ---- */

TEST(max_age_sets_the_lifetime)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Max-Age=60"), 0);
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 59), "a=1");
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 60), "");
    oi_jar_free(jar);
}

TEST(max_age_zero_deletes)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_INT(set(jar, "http://example.com/", "a=; Max-Age=0"), 0);
    CHECK_INT(oi_jar_count(jar), 0);
    CHECK_STR(get(jar, "http://example.com/"), "");
    oi_jar_free(jar);
}

TEST(negative_max_age_deletes)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Max-Age=100"), 0);
    CHECK_INT(set(jar, "http://example.com/", "a=1; Max-Age=-1"), 0);
    CHECK_INT(oi_jar_count(jar), 0);
    oi_jar_free(jar);
}

TEST(max_age_wins_over_expires)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(
        set(jar, "http://example.com/", "a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
        0);
    CHECK_INT(
        set(jar, "http://example.com/", "b=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=60"),
        0);
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 30), "a=1; b=1");
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 60), "");
    oi_jar_free(jar);
}

TEST(invalid_max_age_is_ignored)
{
    static const char *const cookies[] = {"a=1; Max-Age=abc", "a=1; Max-Age=1x",
                                          "a=1; Max-Age=", "a=1; Max-Age=-", "a=1; Max-Age=+5"};
    for (size_t i = 0; i < sizeof cookies / sizeof cookies[0]; i++) {
        oi_cookie_jar *jar = oi_jar_new();
        CHECK_INT(set(jar, "http://example.com/", cookies[i]), 0);
        CHECK_STR(get_at(jar, "http://example.com/", NOW + 1000000000), "a=1"); /* session */
        oi_jar_free(jar);
    }
}

TEST(huge_max_age_is_clamped_to_the_last_second_of_year_9999)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Max-Age=99999999999999999999999"), 0);
    CHECK_STR(get_at(jar, "http://example.com/", 253402300798LL), "a=1");
    CHECK_STR(get_at(jar, "http://example.com/", 253402300799LL), "");
    oi_jar_free(jar);
}

TEST(expires_sets_the_lifetime)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set_at(jar, "http://example.com/", "a=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT",
                     784111777 - 10),
              0);
    CHECK_STR(get_at(jar, "http://example.com/", 784111776), "a=1");
    CHECK_STR(get_at(jar, "http://example.com/", 784111777), "");
    oi_jar_free(jar);
}

TEST(expires_in_the_past_deletes)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_INT(set(jar, "http://example.com/", "a=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), 0);
    CHECK_INT(oi_jar_count(jar), 0);
    oi_jar_free(jar);
}

TEST(invalid_expires_is_ignored)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Expires=tomorrow"), 0);
    CHECK_INT(set(jar, "http://example.com/", "b=1; Expires="), 0);
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 1000000000), "a=1; b=1");
    oi_jar_free(jar);
}

TEST(session_cookie_outlives_any_time)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_STR(get_at(jar, "http://example.com/", INT64_MAX), "a=1");
    oi_jar_free(jar);
}

TEST(expired_cookies_are_removed_when_a_header_is_built)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Max-Age=10"), 0);
    CHECK_INT(set(jar, "http://other.org/", "b=1; Max-Age=10"), 0);
    CHECK_INT(set(jar, "http://other.org/", "c=1"), 0);
    CHECK_INT(oi_jar_count(jar), 3);
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 10), "");
    CHECK_INT(oi_jar_count(jar), 1);
    oi_jar_free(jar);
}

TEST(deleting_needs_the_same_path)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Path=/"), 0);
    CHECK_INT(set(jar, "http://example.com/", "a=1; Path=/x; Max-Age=0"), 0);
    CHECK_STR(get(jar, "http://example.com/x"), "a=1");
    oi_jar_free(jar);
}

/* ---- domains (sections 5.1.3 and 5.3) ---- */

TEST(host_only_cookie_is_not_sent_to_subdomains)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_STR(get(jar, "http://www.example.com/"), "");
    CHECK_STR(get(jar, "http://EXAMPLE.com/"), "a=1"); /* the URL parser lower-cases */
    oi_jar_free(jar);
}

TEST(domain_cookie_is_sent_to_subdomains)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://www.example.com/", "a=1; Domain=example.com"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "a=1");
    CHECK_STR(get(jar, "http://www.example.com/"), "a=1");
    CHECK_STR(get(jar, "http://a.b.example.com/"), "a=1");
    CHECK_STR(get(jar, "http://example.org/"), "");
    oi_jar_free(jar);
}

TEST(domain_leading_dot_is_ignored)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Domain=.example.com"), 0);
    CHECK_STR(get(jar, "http://www.example.com/"), "a=1");
    oi_jar_free(jar);
}

TEST(domain_attribute_is_case_insensitive)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://www.example.com/", "a=1; Domain=EXAMPLE.Com"), 0);
    CHECK_STR(get(jar, "http://x.example.com/"), "a=1");
    oi_jar_free(jar);
}

TEST(domain_must_cover_the_host)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Domain=other.com"), -1);
    CHECK_INT(set(jar, "http://example.com/", "a=1; Domain=www.example.com"), -1);
    CHECK_INT(set(jar, "http://example.com/", "a=1; Domain=ample.com"), -1);
    CHECK_INT(oi_jar_count(jar), 0);
    oi_jar_free(jar);
}

TEST(domain_cookie_needs_a_dot_boundary)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Domain=example.com"), 0);
    CHECK_STR(get(jar, "http://notexample.com/"), "");
    oi_jar_free(jar);
}

TEST(empty_domain_attribute_makes_a_host_only_cookie)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Domain="), 0);
    CHECK_INT(set(jar, "http://example.com/", "b=1; Domain=."), 0);
    CHECK_STR(get(jar, "http://example.com/"), "a=1; b=1");
    CHECK_STR(get(jar, "http://www.example.com/"), "");
    oi_jar_free(jar);
}

TEST(public_suffix_domain_is_refused)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1; Domain=com"), -1);
    CHECK_INT(set(jar, "http://www.example.co.uk/", "a=1; Domain=co.uk"), -1);
    CHECK_INT(set(jar, "http://me.github.io/", "a=1; Domain=github.io"), -1); /* private suffix */
    CHECK_INT(oi_jar_count(jar), 0);
    const char *why = NULL;
    CHECK_INT(oi_jar_store_why(jar, "example.com", "/", 0, 1, "a=1; Domain=com", 15, NOW, &why),
              -1);
    CHECK_STR(why, "the Domain attribute is a public suffix");
    /* one label below the suffix is a registrable domain */
    CHECK_INT(set(jar, "http://www.example.co.uk/", "b=1; Domain=example.co.uk"), 0);
    oi_jar_free(jar);
}

TEST(public_suffix_host_gets_a_host_only_cookie)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://github.io/", "a=1; Domain=github.io"), 0);
    CHECK_STR(get(jar, "http://github.io/"), "a=1");
    CHECK_STR(get(jar, "http://me.github.io/"), "");
    CHECK_INT(set(jar, "http://localhost/", "b=1; Domain=localhost"), 0);
    CHECK_STR(get(jar, "http://localhost/"), "b=1");
    oi_jar_free(jar);
}

TEST(ip_address_hosts_take_no_other_domain)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://192.168.0.1/", "a=1; Domain=0.1"), -1);
    CHECK_INT(set(jar, "http://192.168.0.1/", "a=1; Domain=168.0.1"), -1);
    CHECK_INT(set(jar, "http://192.168.0.1/", "b=1; Domain=192.168.0.1"), 0);
    CHECK_INT(set(jar, "http://192.168.0.1/", "c=1"), 0);
    CHECK_STR(get(jar, "http://192.168.0.1/"), "b=1; c=1");
    char *file = path_in_tmp("ip.txt");
    CHECK_INT(oi_jar_save(jar, file, NOW), 0);
    const char *text = read_file(file);
    CHECK(text && strstr(text, "\n192.168.0.1\tFALSE\t/\tFALSE\t0\tb\t1\n")); /* host-only */
    unlink(file);
    oi_jar_free(jar);
}

TEST(ipv6_host_gets_host_only_cookies)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://[::1]:8080/", "a=1"), 0);
    CHECK_INT(set(jar, "http://[::1]/", "b=1; Domain=1"), -1);
    CHECK_STR(get(jar, "http://[::1]/"), "a=1");
    CHECK_STR(get(jar, "http://[::2]/"), "");
    oi_jar_free(jar);
}

TEST(host_only_and_domain_cookies_are_distinct)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=host"), 0);
    CHECK_INT(set(jar, "http://example.com/", "a=domain; Domain=example.com"), 0);
    CHECK_INT(oi_jar_count(jar), 2);
    CHECK_STR(get(jar, "http://example.com/"), "a=host; a=domain");
    CHECK_STR(get(jar, "http://www.example.com/"), "a=domain");
    oi_jar_free(jar);
}

/* ---- paths (sections 5.1.4 and 5.4) ---- */

TEST(default_path_is_the_request_directory)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/a/b/c", "x=1"), 0);
    CHECK_STR(get(jar, "http://example.com/a/b"), "x=1");
    CHECK_STR(get(jar, "http://example.com/a/b/other"), "x=1");
    CHECK_STR(get(jar, "http://example.com/a/bc"), "");
    CHECK_STR(get(jar, "http://example.com/a"), "");
    oi_jar_free(jar);
}

TEST(default_path_of_a_top_level_request_is_root)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "x=1"), 0);
    CHECK_INT(set(jar, "http://example.com/page", "y=1"), 0);
    CHECK_STR(get(jar, "http://example.com/elsewhere/deep"), "x=1; y=1");
    oi_jar_free(jar);
}

TEST(default_path_ignores_the_query)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(oi_jar_store(jar, "example.com", "/a/b?next=/c/d/e", 0, 1, "x=1", 3, NOW), 0);
    CHECK_STR(get(jar, "http://example.com/a/"), "x=1");
    CHECK_STR(get(jar, "http://example.com/c/d/"), "");
    oi_jar_free(jar);
}

TEST(path_attribute_must_start_with_slash)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/a/b", "x=1; Path=c"), 0);
    CHECK_STR(get(jar, "http://example.com/a/z"), "x=1");
    CHECK_STR(get(jar, "http://example.com/c"), "");
    oi_jar_free(jar);
}

TEST(path_matches_on_segment_boundaries)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "x=1; Path=/foo"), 0);
    CHECK_STR(get(jar, "http://example.com/foo"), "x=1");
    CHECK_STR(get(jar, "http://example.com/foo/"), "x=1");
    CHECK_STR(get(jar, "http://example.com/foo/bar"), "x=1");
    CHECK_STR(get(jar, "http://example.com/foo?q=1"), "x=1");
    CHECK_STR(get(jar, "http://example.com/foobar"), "");
    CHECK_STR(get(jar, "http://example.com/fo"), "");
    CHECK_STR(get(jar, "http://example.com/"), "");
    CHECK_STR(get(jar, "http://example.com/FOO"), ""); /* paths are case-sensitive */
    oi_jar_free(jar);
}

TEST(path_ending_in_slash_matches_below_it_only)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "x=1; Path=/foo/"), 0);
    CHECK_STR(get(jar, "http://example.com/foo/bar"), "x=1");
    CHECK_STR(get(jar, "http://example.com/foo/"), "x=1");
    CHECK_STR(get(jar, "http://example.com/foo"), "");
    oi_jar_free(jar);
}

TEST(longer_path_comes_first)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "root=1; Path=/"), 0);
    CHECK_INT(set(jar, "http://example.com/", "deep=1; Path=/a/b"), 0);
    CHECK_INT(set(jar, "http://example.com/", "mid=1; Path=/a"), 0);
    CHECK_STR(get(jar, "http://example.com/a/b/c"), "deep=1; mid=1; root=1");
    oi_jar_free(jar);
}

TEST(equal_paths_keep_creation_order)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "z=1"), 0);
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_INT(set(jar, "http://example.com/", "m=1"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "z=1; a=1; m=1");
    oi_jar_free(jar);
}

TEST(replacement_keeps_creation_time)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_INT(set(jar, "http://example.com/", "b=2"), 0);
    CHECK_INT(set_at(jar, "http://example.com/", "a=3", NOW + 100), 0);
    CHECK_INT(oi_jar_count(jar), 2);
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 100), "a=3; b=2");
    oi_jar_free(jar);
}

TEST(same_name_on_another_path_is_another_cookie)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=root; Path=/"), 0);
    CHECK_INT(set(jar, "http://example.com/", "a=sub; Path=/sub"), 0);
    CHECK_INT(oi_jar_count(jar), 2);
    CHECK_STR(get(jar, "http://example.com/sub/x"), "a=sub; a=root");
    oi_jar_free(jar);
}

/* ---- Secure (RFC 6265 and 6265bis) ---- */

TEST(secure_cookie_is_only_sent_over_https)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "https://example.com/", "s=1; Secure"), 0);
    CHECK_INT(set(jar, "https://example.com/", "p=1"), 0);
    CHECK_STR(get(jar, "https://example.com/"), "s=1; p=1");
    CHECK_STR(get(jar, "http://example.com/"), "p=1");
    oi_jar_free(jar);
}

TEST(secure_cookie_from_http_is_refused)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "s=1; Secure"), -1);
    CHECK_INT(oi_jar_count(jar), 0);
    oi_jar_free(jar);
}

TEST(http_may_not_shadow_a_secure_cookie)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "https://www.example.com/", "s=1; Secure; Path=/a; Domain=example.com"), 0);
    CHECK_INT(set(jar, "http://www.example.com/", "s=2; Path=/a"), -1);   /* same place */
    CHECK_INT(set(jar, "http://www.example.com/", "s=2; Path=/a/b"), -1); /* under it */
    CHECK_INT(set(jar, "http://x.www.example.com/", "s=2; Path=/a"), -1); /* subdomain */
    CHECK_INT(set(jar, "http://www.example.com/", "s=2; Path=/b"), 0);    /* elsewhere */
    CHECK_INT(set(jar, "http://www.example.com/", "t=2; Path=/a"), 0);    /* other name */
    CHECK_STR(get(jar, "https://www.example.com/a"), "s=1; t=2");
    oi_jar_free(jar);
}

TEST(https_may_replace_a_secure_cookie)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "https://example.com/", "s=1; Secure"), 0);
    CHECK_INT(set(jar, "https://example.com/", "s=2"), 0);
    CHECK_STR(get(jar, "http://example.com/"), "s=2");
    oi_jar_free(jar);
}

TEST(secure_prefix_requires_secure)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "https://example.com/", "__Secure-a=1"), -1);
    CHECK_INT(set(jar, "https://example.com/", "__secure-a=1"), -1);
    CHECK_INT(set(jar, "https://example.com/", "__Secure-a=1; Secure; Domain=example.com"), 0);
    oi_jar_free(jar);
}

TEST(host_prefix_requires_secure_host_only_and_root_path)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "https://example.com/", "__Host-a=1; Path=/"), -1);
    CHECK_INT(set(jar, "https://example.com/", "__Host-a=1; Secure; Path=/; Domain=example.com"),
              -1);
    CHECK_INT(set(jar, "https://example.com/", "__Host-a=1; Secure; Path=/x"), -1);
    CHECK_INT(set(jar, "https://example.com/", "__HOST-a=1; Secure; Path=/x"), -1);
    CHECK_INT(set(jar, "https://example.com/", "__Host-a=1; Secure; Path=/"), 0);
    oi_jar_free(jar);
}

TEST(nameless_cookie_may_not_look_prefixed)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "https://example.com/", "__Secure-a; Secure"), -1);
    CHECK_INT(set(jar, "https://example.com/", "=__Host-a=1; Secure; Path=/"), -1);
    oi_jar_free(jar);
}

/* ---- HttpOnly and SameSite ---- */

TEST(httponly_cookie_may_be_set_through_the_api)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(oi_jar_store(jar, "example.com", "/", 0, 0, "h=1; HttpOnly", 13, NOW), 0);
    CHECK_INT(oi_jar_store(jar, "example.com", "/", 0, 1, "g=1; HttpOnly", 13, NOW), 0);
    CHECK_STR(get(jar, "http://example.com/"), "h=1; g=1");
    /* and replaced through it */
    CHECK_INT(oi_jar_store(jar, "example.com", "/", 0, 0, "g=2", 3, NOW), 0);
    CHECK_STR(get(jar, "http://example.com/"), "h=1; g=2");
    oi_jar_free(jar);
}

TEST(samesite_is_stored_but_not_enforced)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "https://example.com/", "a=1; SameSite=Strict"), 0);
    CHECK_INT(set(jar, "https://example.com/", "b=1; SameSite=lax"), 0);
    CHECK_INT(set(jar, "https://example.com/", "c=1; SameSite=None; Secure"), 0);
    CHECK_INT(set(jar, "https://example.com/", "d=1; SameSite=bogus"), 0);
    CHECK_STR(get(jar, "https://example.com/"), "a=1; b=1; c=1; d=1");
    oi_jar_free(jar);
}

/* ---- limits and eviction ---- */

/* Fill example.com with 50 cookies, cN on path /pN. */
static void fill_domain(oi_cookie_jar *jar, const char *host, int64_t t, int short_lived)
{
    char url[128], cookie[64];
    snprintf(url, sizeof url, "http://%s/", host);
    for (int i = 0; i < OI_COOKIE_PER_DOMAIN; i++) {
        snprintf(cookie, sizeof cookie, "c%d=1; Path=/p%d%s", i, i,
                 i == short_lived ? "; Max-Age=10" : "");
        CHECK_INT(set_at(jar, url, cookie, t), 0);
    }
}

TEST(per_domain_limit_evicts_least_recently_used)
{
    oi_cookie_jar *jar = oi_jar_new();
    fill_domain(jar, "example.com", NOW, -1);
    CHECK_STR(get(jar, "http://example.com/p0"), "c0=1"); /* c0 used: c1 is now the LRU */
    CHECK_INT(set(jar, "http://example.com/", "c50=1; Path=/p50"), 0);
    CHECK_INT(oi_jar_count(jar), 50);
    CHECK_STR(get(jar, "http://example.com/p0"), "c0=1");
    CHECK_STR(get(jar, "http://example.com/p1"), "");
    CHECK_STR(get(jar, "http://example.com/p2"), "c2=1");
    CHECK_STR(get(jar, "http://example.com/p50"), "c50=1");
    oi_jar_free(jar);
}

TEST(per_domain_limit_evicts_expired_cookies_first)
{
    oi_cookie_jar *jar = oi_jar_new();
    fill_domain(jar, "example.com", NOW, 30);
    CHECK_INT(set_at(jar, "http://example.com/", "c50=1; Path=/p50", NOW + 20), 0);
    CHECK_INT(oi_jar_count(jar), 50);
    CHECK_STR(get_at(jar, "http://example.com/p0", NOW + 20), "c0=1");
    CHECK_STR(get_at(jar, "http://example.com/p50", NOW + 20), "c50=1");
    oi_jar_free(jar);
}

TEST(per_domain_limit_leaves_other_domains_alone)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://other.org/", "o=1"), 0); /* the oldest of all */
    fill_domain(jar, "example.com", NOW, -1);
    CHECK_INT(set(jar, "http://example.com/", "c50=1; Path=/p50"), 0);
    CHECK_INT(oi_jar_count(jar), 51);
    CHECK_STR(get(jar, "http://other.org/"), "o=1");
    CHECK_STR(get(jar, "http://example.com/p0"), "");
    oi_jar_free(jar);
}

TEST(total_limit_evicts_least_recently_used)
{
    oi_cookie_jar *jar = oi_jar_new();
    char host[64];
    for (int d = 0; d < OI_COOKIE_MAX_TOTAL / OI_COOKIE_PER_DOMAIN; d++) {
        snprintf(host, sizeof host, "d%d.example", d);
        fill_domain(jar, host, NOW, -1);
    }
    CHECK_INT(oi_jar_count(jar), OI_COOKIE_MAX_TOTAL);
    CHECK_INT(set(jar, "http://new.example/", "n=1"), 0);
    CHECK_INT(oi_jar_count(jar), OI_COOKIE_MAX_TOTAL);
    CHECK_STR(get(jar, "http://d0.example/p0"), "");
    CHECK_STR(get(jar, "http://d0.example/p1"), "c1=1");
    CHECK_STR(get(jar, "http://new.example/"), "n=1");
    oi_jar_free(jar);
}

/* ---- the Netscape cookie file ---- */

static void fill_mixed(oi_cookie_jar *jar)
{
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_INT(set(jar, "http://example.com/", "b=2; Domain=example.com; Max-Age=3600"), 0);
    CHECK_INT(set(jar, "https://example.com/", "s=3; Secure; Path=/secure"), 0);
    CHECK_INT(set(jar, "http://example.com/", "h=4; HttpOnly"), 0);
    CHECK_INT(set(jar, "http://www.example.com/dir/page", "d=5"), 0);
    CHECK_INT(set(jar, "http://example.com/", "=nameless"), 0);
}

TEST(saved_file_has_curl_header_and_fields)
{
    oi_cookie_jar *jar = oi_jar_new();
    fill_mixed(jar);
    char *file = path_in_tmp("saved.txt");
    CHECK_INT(oi_jar_save(jar, file, NOW), 0);
    CHECK_STR(read_file(file), "# Netscape HTTP Cookie File\n"
                               "# https://curl.se/docs/http-cookies.html\n"
                               "# This file was generated by openinet. Edit at your own risk.\n"
                               "\n"
                               "example.com\tFALSE\t/\tFALSE\t0\ta\t1\n"
                               ".example.com\tTRUE\t/\tFALSE\t1700003600\tb\t2\n"
                               "example.com\tFALSE\t/secure\tTRUE\t0\ts\t3\n"
                               "#HttpOnly_example.com\tFALSE\t/\tFALSE\t0\th\t4\n"
                               "www.example.com\tFALSE\t/dir\tFALSE\t0\td\t5\n"
                               "example.com\tFALSE\t/\tFALSE\t0\t\tnameless\n");
    unlink(file);
    oi_jar_free(jar);
}

TEST(netscape_round_trip_keeps_headers)
{
    static const char *const urls[] = {"http://example.com/", "https://example.com/secure/x",
                                       "http://example.com/secure", "http://www.example.com/dir/x",
                                       "https://sub.example.com/"};
    oi_cookie_jar *jar = oi_jar_new(), *copy = oi_jar_new();
    fill_mixed(jar);
    char *file = path_in_tmp("round.txt");
    CHECK_INT(oi_jar_save(jar, file, NOW), 0);
    CHECK_INT(oi_jar_load(copy, file, NOW), 0);
    CHECK_INT(oi_jar_count(copy), oi_jar_count(jar));
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        char *want = strdup(get(jar, urls[i]));
        CHECK_STR(get(copy, urls[i]), want);
        free(want);
    }
    CHECK_STR(get_at(copy, "http://example.com/", NOW + 3600), "a=1; h=4; nameless");
    unlink(file);
    oi_jar_free(jar);
    oi_jar_free(copy);
}

TEST(httponly_prefix_is_read_and_written)
{
    oi_cookie_jar *jar = jar_from_text("#HttpOnly_.example.com\tTRUE\t/\tFALSE\t0\th\t1\n");
    CHECK_STR(get(jar, "http://www.example.com/"), "h=1");
    char *file = path_in_tmp("httponly.txt");
    CHECK_INT(oi_jar_save(jar, file, NOW), 0);
    const char *text = read_file(file);
    CHECK(text && strstr(text, "\n#HttpOnly_.example.com\tTRUE\t/\tFALSE\t0\th\t1\n"));
    unlink(file);
    oi_jar_free(jar);
}

TEST(comments_and_malformed_lines_are_skipped)
{
    oi_cookie_jar *jar = jar_from_text("# a comment\n"
                                       "\n"
                                       "example.com\tMAYBE\t/\tFALSE\t0\tbadflag\t1\n"
                                       "example.com\tFALSE\tnoslash\tFALSE\t0\tbadpath\t1\n"
                                       "example.com\tFALSE\t/\tYES\t0\tbadsecure\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\tsoon\tbadexpiry\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\n"
                                       "\tFALSE\t/\tFALSE\t0\tnodomain\t1\n"
                                       ".\tTRUE\t/\tFALSE\t0\tdotdomain\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\tbad=name\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\tbad\tv;alue\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\tctl\tx\001\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\t__Secure-x\t1\n"
                                       "#HttpOnly_\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\tgood\t1\n");
    CHECK_INT(oi_jar_count(jar), 1);
    CHECK_STR(get(jar, "http://example.com/"), "good=1");
    oi_jar_free(jar);
}

TEST(file_lines_accept_crlf_tabs_in_values_and_missing_values)
{
    oi_cookie_jar *jar = jar_from_text("EXAMPLE.com\tfalse\t/\tfalse\t0\tcrlf\t1\r\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\ttabbed\tx\ty\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\tempty\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\tlast\t2");
    CHECK_STR(get(jar, "http://example.com/"), "crlf=1; tabbed=x\ty; empty=; last=2");
    oi_jar_free(jar);
}

TEST(expired_file_cookies_are_skipped)
{
    oi_cookie_jar *jar = jar_from_text("example.com\tFALSE\t/\tFALSE\t1699999999\told\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\t1700000000\tnow\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\t-5\tnegative\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\t1700000001\tlater\t1\n"
                                       "example.com\tFALSE\t/\tFALSE\t0\tsession\t1\n");
    CHECK_STR(get(jar, "http://example.com/"), "later=1; session=1");
    CHECK_STR(get_at(jar, "http://example.com/", NOW + 1), "session=1");
    oi_jar_free(jar);
}

TEST(expired_file_cookie_leaves_its_namesake_alone)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=live"), 0);
    char *file = path_in_tmp("stale.txt");
    write_file(file, "example.com\tFALSE\t/\tFALSE\t1000\ta\tstale\n");
    CHECK_INT(oi_jar_load(jar, file, NOW), 0);
    CHECK_STR(get(jar, "http://example.com/"), "a=live");
    unlink(file);
    oi_jar_free(jar);
}

TEST(file_expiry_beyond_year_9999_is_clamped)
{
    oi_cookie_jar *jar =
        jar_from_text("example.com\tFALSE\t/\tFALSE\t99999999999999999999\ta\t1\n");
    char *file = path_in_tmp("clamped.txt");
    CHECK_INT(oi_jar_save(jar, file, NOW), 0);
    const char *text = read_file(file);
    CHECK(text && strstr(text, "\t253402300799\ta\t1\n"));
    unlink(file);
    oi_jar_free(jar);
}

TEST(public_suffix_in_file_is_refused)
{
    oi_cookie_jar *jar = jar_from_text(".com\tTRUE\t/\tFALSE\t0\tsuffix\t1\n"
                                       ".co.uk\tTRUE\t/\tFALSE\t0\tsuffix\t1\n"
                                       ".example.com\tTRUE\t/\tFALSE\t0\tok\t1\n");
    CHECK_INT(oi_jar_count(jar), 1);
    CHECK_STR(get(jar, "http://a.example.com/"), "ok=1");
    oi_jar_free(jar);
}

TEST(loading_replaces_cookies_of_the_same_identity)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "a=old"), 0);
    char *file = path_in_tmp("replace.txt");
    write_file(file, "example.com\tFALSE\t/\tFALSE\t0\ta\tnew\n");
    CHECK_INT(oi_jar_load(jar, file, NOW), 0);
    CHECK_INT(oi_jar_count(jar), 1);
    CHECK_STR(get(jar, "http://example.com/"), "a=new");
    unlink(file);
    oi_jar_free(jar);
}

TEST(load_of_a_missing_file_fails_with_errno)
{
    oi_cookie_jar *jar = oi_jar_new();
    errno = 0;
    CHECK_INT(oi_jar_load(jar, path_in_tmp("missing.txt"), NOW), -1);
    CHECK_INT(errno, ENOENT);
    errno = 0;
    CHECK_INT(oi_jar_load(jar, tmpdir, NOW), -1); /* a directory */
    CHECK_INT(errno, EISDIR);
    oi_jar_free(jar);
}

static int files_in_tmpdir(void)
{
    int n = 0;
    DIR *d = opendir(tmpdir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

TEST(save_replaces_the_file_whole_and_private)
{
    oi_cookie_jar *jar = oi_jar_new();
    char *file = path_in_tmp("atomic.txt");
    write_file(file, "old content that is longer than what replaces it ..........\n");
    CHECK_INT(set(jar, "http://example.com/", "a=1"), 0);
    CHECK_INT(oi_jar_save(jar, file, NOW), 0);
    const char *text = read_file(file);
    CHECK(text && strncmp(text, "# Netscape HTTP Cookie File\n", 28) == 0);
    CHECK(text && !strstr(text, "old content"));
    CHECK_INT(files_in_tmpdir(), 1); /* no temporary file left */
    struct stat st;
    CHECK_INT(stat(file, &st), 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    unlink(file);
    oi_jar_free(jar);
}

TEST(save_skips_expired_cookies)
{
    oi_cookie_jar *jar = oi_jar_new();
    CHECK_INT(set(jar, "http://example.com/", "gone=1; Max-Age=5"), 0);
    CHECK_INT(set(jar, "http://example.com/", "kept=1"), 0);
    char *file = path_in_tmp("expired.txt");
    CHECK_INT(oi_jar_save(jar, file, NOW + 5), 0);
    const char *text = read_file(file);
    CHECK(text && !strstr(text, "gone") && strstr(text, "\tkept\t1\n"));
    unlink(file);
    oi_jar_free(jar);
}

TEST(save_into_a_missing_directory_fails)
{
    oi_cookie_jar *jar = oi_jar_new();
    errno = 0;
    CHECK_INT(oi_jar_save(jar, path_in_tmp("no/such/dir.txt"), NOW), -1);
    CHECK_INT(errno, ENOENT);
    CHECK_INT(files_in_tmpdir(), 0);
    oi_jar_free(jar);
}

/* ---- threads ---- */

enum { THREADS = 4, PER_THREAD = 40 };

typedef struct worker {
    oi_cookie_jar *jar;
    pthread_t thread;
    int index, failures;
} worker;

/* Each thread stores cookies on its own host and reads them back. */
static void *thread_work(void *arg)
{
    worker *w = arg;
    char host[32], cookie[32];
    snprintf(host, sizeof host, "t%d.example", w->index);
    for (int i = 0; i < PER_THREAD; i++) {
        snprintf(cookie, sizeof cookie, "c%d=%d", i, i);
        w->failures += oi_jar_store(w->jar, host, "/", 0, 1, cookie, strlen(cookie), NOW) != 0;
        char *h = oi_jar_header(w->jar, host, "/", 0, NOW, NULL);
        w->failures += !h || strncmp(h, "c0=0", 4) != 0 || !strstr(h, cookie);
        free(h);
    }
    return NULL;
}

TEST(jar_is_safe_to_share_between_threads)
{
    worker w[THREADS];
    oi_cookie_jar *jar = oi_jar_new();
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){.jar = jar, .index = i};
        CHECK_INT(pthread_create(&w[i].thread, NULL, thread_work, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(w[i].thread, NULL);
        CHECK_INT(w[i].failures, 0);
    }
    CHECK_INT(oi_jar_count(jar), THREADS * PER_THREAD);
    oi_jar_free(jar);
}

/* ---- the public API on a real session ---- */

static oi_handle *session(void)
{
    oi_handle *s = NULL;
    CHECK_INT(oi_session_open("test", OI_ACCESS_DIRECT, &s), OI_OK);
    return s;
}

/* The session's cookies for url, "" when none. */
static const char *cookies_of(oi_handle *s, const char *url)
{
    static char buf[1024];
    size_t len = sizeof buf;
    return oi_session_get_cookies(s, url, buf, &len) == OI_OK ? buf : "";
}

TEST(api_set_cookie_then_get_cookies)
{
    oi_handle *s = session();
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/dir/page", "a=1"), OI_OK);
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", "b=2; Path=/"), OI_OK);
    CHECK_STR(cookies_of(s, "http://example.com/dir/x?q"), "a=1; b=2");
    CHECK_STR(cookies_of(s, "http://example.com/"), "b=2");
    oi_handle_close(s);
}

TEST(api_get_cookies_reports_the_size_needed)
{
    oi_handle *s = session();
    char buf[16];
    size_t len;
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", "name=value"), OI_OK);
    len = 10; /* "name=value" is 10 bytes: no room for the NUL */
    CHECK_INT(oi_session_get_cookies(s, "http://example.com/", buf, &len), OI_E_INVALID_PARAMETER);
    CHECK_INT(len, 11);
    CHECK_INT(oi_handle_error(s), OI_E_INVALID_PARAMETER);
    len = 0;
    CHECK_INT(oi_session_get_cookies(s, "http://example.com/", NULL, &len), OI_E_INVALID_PARAMETER);
    CHECK_INT(len, 11);
    len = 11;
    CHECK_INT(oi_session_get_cookies(s, "http://example.com/", buf, &len), OI_OK);
    CHECK_INT(len, 10);
    CHECK_STR(buf, "name=value");
    oi_handle_close(s);
}

TEST(api_get_cookies_without_a_match_is_header_not_found)
{
    oi_handle *s = session();
    char buf[16];
    size_t len = sizeof buf;
    CHECK_INT(oi_session_get_cookies(s, "http://example.com/", buf, &len), OI_E_HEADER_NOT_FOUND);
    CHECK_INT(oi_session_set_cookie(s, "https://example.com/", "s=1; Secure"), OI_OK);
    CHECK_INT(oi_session_get_cookies(s, "http://example.com/", buf, &len), OI_E_HEADER_NOT_FOUND);
    CHECK_STR(cookies_of(s, "https://example.com/"), "s=1");
    oi_handle_close(s);
}

TEST(api_refuses_malformed_and_non_http_urls)
{
    oi_handle *s = session();
    char buf[16];
    size_t len = sizeof buf;
    CHECK_INT(oi_session_set_cookie(s, "not a url", "a=1"), OI_E_INVALID_URL);
    CHECK_INT(oi_session_set_cookie(s, "ftp://example.com/", "a=1"), OI_E_INVALID_URL);
    CHECK(strstr(oi_handle_message(s), "http or https") != NULL);
    CHECK_INT(oi_session_get_cookies(s, "file:///tmp/x", buf, &len), OI_E_INVALID_URL);
    CHECK_INT(oi_session_get_cookies(s, "http://", buf, &len), OI_E_INVALID_URL);
    oi_handle_close(s);
}

TEST(api_declined_cookie_says_why)
{
    oi_handle *s = session();
    CHECK_INT(oi_session_set_cookie(s, "http://www.example.co.uk/", "a=1; Domain=co.uk"),
              OI_E_COOKIE_DECLINED);
    CHECK_INT(oi_handle_error(s), OI_E_COOKIE_DECLINED);
    CHECK(strstr(oi_handle_message(s), "public suffix") != NULL);
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", "a=1; Secure"), OI_E_COOKIE_DECLINED);
    CHECK(strstr(oi_handle_message(s), "non-secure origin") != NULL);
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", ""), OI_E_COOKIE_DECLINED);
    /* a success clears the last error */
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", "a=1"), OI_OK);
    CHECK_INT(oi_handle_error(s), OI_OK);
    oi_handle_close(s);
}

TEST(api_httponly_and_session_cookies_can_be_set)
{
    oi_handle *s = session();
    CHECK_INT(oi_session_set_cookie(s, "https://example.com/", "h=1; HttpOnly; Secure"), OI_OK);
    CHECK_STR(cookies_of(s, "https://example.com/"), "h=1");
    oi_handle_close(s);
}

TEST(api_save_and_load_between_sessions)
{
    oi_handle *a = session(), *b = session();
    char *file = path_in_tmp("api.txt");
    CHECK_INT(oi_session_set_cookie(a, "http://example.com/", "keep=1; Max-Age=3600"), OI_OK);
    CHECK_INT(oi_session_set_cookie(a, "http://example.com/", "sess=2"), OI_OK);
    CHECK_INT(oi_session_save_cookies(a, file), OI_OK);
    CHECK_INT(oi_session_load_cookies(b, file), OI_OK);
    CHECK_STR(cookies_of(b, "http://example.com/"), "keep=1; sess=2");
    unlink(file);
    oi_handle_close(a);
    oi_handle_close(b);
}

TEST(api_save_of_an_empty_jar_writes_the_header)
{
    oi_handle *s = session();
    char *file = path_in_tmp("empty.txt");
    CHECK_INT(oi_session_save_cookies(s, file), OI_OK);
    const char *text = read_file(file);
    CHECK(text && strncmp(text, "# Netscape HTTP Cookie File\n", 28) == 0);
    unlink(file);
    oi_handle_close(s);
}

TEST(api_file_failures_have_their_codes)
{
    oi_handle *s = session();
    CHECK_INT(oi_session_load_cookies(s, path_in_tmp("missing.txt")), OI_E_FILE_NOT_FOUND);
    CHECK(strstr(oi_handle_message(s), "missing.txt") != NULL);
    CHECK_INT(oi_session_save_cookies(s, path_in_tmp("no/dir.txt")), OI_E_FILE_NOT_FOUND);
    CHECK_INT(oi_session_load_cookies(s, tmpdir), OI_E_IO);
    oi_handle_close(s);
}

TEST(api_checks_handles_and_arguments)
{
    oi_handle *s = session(), *c = NULL;
    char buf[16];
    size_t len = sizeof buf;
    CHECK_INT(oi_session_set_cookie(NULL, "http://example.com/", "a=1"), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_set_cookie(s, NULL, "a=1"), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", NULL), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_get_cookies(s, "http://example.com/", buf, NULL), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_load_cookies(s, NULL), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_save_cookies(s, NULL), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_connect(s, "example.com", 80, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_session_set_cookie(c, "http://example.com/", "a=1"), OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_session_get_cookies(c, "http://example.com/", buf, &len),
              OI_E_INCORRECT_HANDLE_TYPE);
    oi_handle_close(s);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(date_rfc1123_form_parses);
    RUN(date_rfc850_form_with_two_digit_year_parses);
    RUN(date_asctime_form_parses);
    RUN(date_netscape_form_with_dashes_parses);
    RUN(date_tokens_may_come_in_any_order);
    RUN(two_digit_years_from_70_are_1900s);
    RUN(two_digit_years_below_70_are_2000s);
    RUN(date_month_names_are_case_insensitive_prefixes);
    RUN(date_numbers_may_carry_trailing_text);
    RUN(date_time_fields_may_have_one_digit);
    RUN(date_without_time_day_month_or_year_is_refused);
    RUN(date_fields_out_of_range_are_refused);
    RUN(date_that_does_not_exist_is_refused);
    RUN(date_extremes_parse);

    RUN(cookie_is_sent_back_to_its_host);
    RUN(name_and_value_are_trimmed);
    RUN(value_may_contain_equals_signs);
    RUN(cookie_without_equals_is_a_nameless_value);
    RUN(empty_cookie_is_rejected);
    RUN(control_character_is_rejected);
    RUN(tab_is_kept_in_value_and_refused_in_name);
    RUN(name_and_value_over_4096_bytes_are_rejected);
    RUN(attribute_over_1024_bytes_is_ignored);
    RUN(attribute_names_are_case_insensitive);
    RUN(unknown_attributes_are_ignored);
    RUN(last_path_attribute_wins);

    RUN(max_age_sets_the_lifetime);
    RUN(max_age_zero_deletes);
    RUN(negative_max_age_deletes);
    RUN(max_age_wins_over_expires);
    RUN(invalid_max_age_is_ignored);
    RUN(huge_max_age_is_clamped_to_the_last_second_of_year_9999);
    RUN(expires_sets_the_lifetime);
    RUN(expires_in_the_past_deletes);
    RUN(invalid_expires_is_ignored);
    RUN(session_cookie_outlives_any_time);
    RUN(expired_cookies_are_removed_when_a_header_is_built);
    RUN(deleting_needs_the_same_path);

    RUN(host_only_cookie_is_not_sent_to_subdomains);
    RUN(domain_cookie_is_sent_to_subdomains);
    RUN(domain_leading_dot_is_ignored);
    RUN(domain_attribute_is_case_insensitive);
    RUN(domain_must_cover_the_host);
    RUN(domain_cookie_needs_a_dot_boundary);
    RUN(empty_domain_attribute_makes_a_host_only_cookie);
    RUN(public_suffix_domain_is_refused);
    RUN(public_suffix_host_gets_a_host_only_cookie);
    RUN(ip_address_hosts_take_no_other_domain);
    RUN(ipv6_host_gets_host_only_cookies);
    RUN(host_only_and_domain_cookies_are_distinct);

    RUN(default_path_is_the_request_directory);
    RUN(default_path_of_a_top_level_request_is_root);
    RUN(default_path_ignores_the_query);
    RUN(path_attribute_must_start_with_slash);
    RUN(path_matches_on_segment_boundaries);
    RUN(path_ending_in_slash_matches_below_it_only);
    RUN(longer_path_comes_first);
    RUN(equal_paths_keep_creation_order);
    RUN(replacement_keeps_creation_time);
    RUN(same_name_on_another_path_is_another_cookie);

    RUN(secure_cookie_is_only_sent_over_https);
    RUN(secure_cookie_from_http_is_refused);
    RUN(http_may_not_shadow_a_secure_cookie);
    RUN(https_may_replace_a_secure_cookie);
    RUN(secure_prefix_requires_secure);
    RUN(host_prefix_requires_secure_host_only_and_root_path);
    RUN(nameless_cookie_may_not_look_prefixed);

    RUN(httponly_cookie_may_be_set_through_the_api);
    RUN(samesite_is_stored_but_not_enforced);

    RUN(per_domain_limit_evicts_least_recently_used);
    RUN(per_domain_limit_evicts_expired_cookies_first);
    RUN(per_domain_limit_leaves_other_domains_alone);
    RUN(total_limit_evicts_least_recently_used);

    RUN(saved_file_has_curl_header_and_fields);
    RUN(netscape_round_trip_keeps_headers);
    RUN(httponly_prefix_is_read_and_written);
    RUN(comments_and_malformed_lines_are_skipped);
    RUN(file_lines_accept_crlf_tabs_in_values_and_missing_values);
    RUN(expired_file_cookies_are_skipped);
    RUN(expired_file_cookie_leaves_its_namesake_alone);
    RUN(file_expiry_beyond_year_9999_is_clamped);
    RUN(public_suffix_in_file_is_refused);
    RUN(loading_replaces_cookies_of_the_same_identity);
    RUN(load_of_a_missing_file_fails_with_errno);
    RUN(save_replaces_the_file_whole_and_private);
    RUN(save_skips_expired_cookies);
    RUN(save_into_a_missing_directory_fails);

    RUN(jar_is_safe_to_share_between_threads);

    RUN(api_set_cookie_then_get_cookies);
    RUN(api_get_cookies_reports_the_size_needed);
    RUN(api_get_cookies_without_a_match_is_header_not_found);
    RUN(api_refuses_malformed_and_non_http_urls);
    RUN(api_declined_cookie_says_why);
    RUN(api_httponly_and_session_cookies_can_be_set);
    RUN(api_save_and_load_between_sessions);
    RUN(api_save_of_an_empty_jar_writes_the_header);
    RUN(api_file_failures_have_their_codes);
    RUN(api_checks_handles_and_arguments);

    rmdir(tmpdir);
    return check_summary();
}
