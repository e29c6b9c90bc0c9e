/* URL parser: every syntax rule, the scheme rules, and that failures leave
 * nothing to free (run under AddressSanitizer, which reports leaks). */
#include "check.h"
#include "url.h"

#include <stdlib.h>

#define NUL_TERMINATED ((size_t)-1)

/* Parse a NUL-terminated URL that must fail; the struct must come back
 * cleared so that freeing it is harmless. */
static int rejects(const char *s)
{
    oi_url u;
    int rc = oi_url_parse(&u, s, NUL_TERMINATED);
    int cleared = !u.block_ && !u.scheme_name && !u.host && !u.path && !u.target;

    oi_url_free(&u);
    return rc == -1 && cleared;
}

TEST(http_url_splits_into_parts)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://example.com:8080/a/b?x=1#top", NUL_TERMINATED), 0);
    CHECK_INT(u.scheme, OI_SCHEME_HTTP);
    CHECK_STR(u.scheme_name, "http");
    CHECK(u.user == NULL);
    CHECK(u.password == NULL);
    CHECK_STR(u.host, "example.com");
    CHECK_INT(u.host_is_ipv6, 0);
    CHECK_INT(u.port, 8080);
    CHECK_INT(u.port_given, 1);
    CHECK_STR(u.path, "/a/b");
    CHECK_STR(u.query, "x=1");
    CHECK_STR(u.fragment, "top");
    CHECK_STR(u.target, "/a/b?x=1");
    oi_url_free(&u);
}

TEST(known_schemes_get_their_ids_and_default_ports)
{
    static const struct {
        const char *url;
        oi_scheme id;
        unsigned port;
    } cases[] = {{"http://h/", OI_SCHEME_HTTP, 80},
                 {"https://h/", OI_SCHEME_HTTPS, 443},
                 {"ftp://h/", OI_SCHEME_FTP, 21},
                 {"file:///x", OI_SCHEME_FILE, 0},
                 {"gopher://h/", OI_SCHEME_UNKNOWN, 0}};

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oi_url u;
        CHECK_INT(oi_url_parse(&u, cases[i].url, NUL_TERMINATED), 0);
        CHECK_INT(u.scheme, cases[i].id);
        CHECK_INT(u.port, cases[i].port);
        CHECK_INT(u.port_given, 0);
        oi_url_free(&u);
    }
}

TEST(unknown_scheme_is_not_an_error)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "Svn+SSH://host/repo", NUL_TERMINATED), 0);
    CHECK_INT(u.scheme, OI_SCHEME_UNKNOWN);
    CHECK_STR(u.scheme_name, "svn+ssh");
    CHECK_STR(u.host, "host");
    CHECK_STR(u.path, "/repo");
    oi_url_free(&u);
}

TEST(unknown_opaque_scheme_keeps_its_path_and_has_no_host)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "mailto:joe@example.com?subject=hi", NUL_TERMINATED), 0);
    CHECK_INT(u.scheme, OI_SCHEME_UNKNOWN);
    CHECK(u.host == NULL);
    CHECK(u.user == NULL);
    CHECK_STR(u.path, "joe@example.com");
    CHECK_STR(u.query, "subject=hi");
    CHECK_STR(u.target, "joe@example.com?subject=hi");
    oi_url_free(&u);
}

TEST(uppercase_scheme_and_host_are_lowered_path_is_not)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "HTTPS://WWW.Example.COM/Path/File?Q=A#F", NUL_TERMINATED), 0);
    CHECK_INT(u.scheme, OI_SCHEME_HTTPS);
    CHECK_STR(u.scheme_name, "https");
    CHECK_STR(u.host, "www.example.com");
    CHECK_STR(u.path, "/Path/File");
    CHECK_STR(u.query, "Q=A");
    CHECK_STR(u.fragment, "F");
    oi_url_free(&u);
}

TEST(scheme_may_hold_digits_plus_minus_dot)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "a1+b-c.d:rest", NUL_TERMINATED), 0);
    CHECK_STR(u.scheme_name, "a1+b-c.d");
    CHECK_STR(u.path, "rest");
    oi_url_free(&u);
}

TEST(missing_scheme_is_rejected)
{
    CHECK(rejects("example.com/path"));
    CHECK(rejects("//example.com/path"));
    CHECK(rejects("/path"));
    CHECK(rejects("://example.com/"));
    CHECK(rejects(":"));
}

TEST(scheme_must_start_with_a_letter_and_hold_only_scheme_chars)
{
    CHECK(rejects("1http://h/"));
    CHECK(rejects("+http://h/"));
    CHECK(rejects("ht_tp://h/"));
    CHECK(rejects("ht%41tp://h/"));
}

TEST(empty_input_is_rejected)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "", NUL_TERMINATED), -1);
    CHECK_INT(oi_url_parse(&u, "http://h/", 0), -1);
    CHECK(u.block_ == NULL);
    oi_url_free(&u);
}

TEST(null_input_is_rejected)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, NULL, 5), -1);
    oi_url_free(&u);
}

TEST(http_without_slashes_is_rejected)
{
    CHECK(rejects("http:/x"));
    CHECK(rejects("http:host"));
    CHECK(rejects("http:host/path"));
    CHECK(rejects("https:/x"));
    CHECK(rejects("https:host"));
    CHECK(rejects("http:"));
}

TEST(ftp_without_slashes_or_host_is_rejected)
{
    CHECK(rejects("ftp:/pub"));
    CHECK(rejects("ftp:///pub"));
}

TEST(http_empty_host_is_rejected)
{
    CHECK(rejects("http://"));
    CHECK(rejects("http:///path"));
    CHECK(rejects("https://:443/"));
    CHECK(rejects("http://user@/"));
    CHECK(rejects("http://?q"));
    CHECK(rejects("http://#f"));
}

TEST(empty_path_becomes_slash)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://example.com", NUL_TERMINATED), 0);
    CHECK_STR(u.path, "/");
    CHECK_STR(u.target, "/");
    CHECK(u.query == NULL);
    CHECK(u.fragment == NULL);
    oi_url_free(&u);
}

TEST(empty_path_with_query_becomes_slash_in_target)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://example.com?a=b", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "example.com");
    CHECK_STR(u.path, "/");
    CHECK_STR(u.query, "a=b");
    CHECK_STR(u.target, "/?a=b");
    oi_url_free(&u);
}

TEST(empty_path_with_fragment_becomes_slash)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "https://example.com#x", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "example.com");
    CHECK_STR(u.path, "/");
    CHECK_STR(u.fragment, "x");
    CHECK_STR(u.target, "/");
    oi_url_free(&u);
}

TEST(query_may_hold_question_marks_and_slashes)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h/p?a=/x/y?z=1&b=?#frag", NUL_TERMINATED), 0);
    CHECK_STR(u.path, "/p");
    CHECK_STR(u.query, "a=/x/y?z=1&b=?");
    CHECK_STR(u.fragment, "frag");
    CHECK_STR(u.target, "/p?a=/x/y?z=1&b=?");
    oi_url_free(&u);
}

TEST(empty_query_is_present_and_kept_in_target)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h/p?", NUL_TERMINATED), 0);
    CHECK_STR(u.query, "");
    CHECK_STR(u.target, "/p?");
    oi_url_free(&u);
}

TEST(fragment_is_not_in_target)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h/a/b#sec-2", NUL_TERMINATED), 0);
    CHECK_STR(u.path, "/a/b");
    CHECK(u.query == NULL);
    CHECK_STR(u.fragment, "sec-2");
    CHECK_STR(u.target, "/a/b");
    oi_url_free(&u);
}

TEST(question_mark_in_fragment_is_not_a_query)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h/p#a?b/c", NUL_TERMINATED), 0);
    CHECK_STR(u.path, "/p");
    CHECK(u.query == NULL);
    CHECK_STR(u.fragment, "a?b/c");
    CHECK_STR(u.target, "/p");
    oi_url_free(&u);
}

TEST(empty_fragment_is_present)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h/p#", NUL_TERMINATED), 0);
    CHECK_STR(u.fragment, "");
    CHECK_STR(u.target, "/p");
    oi_url_free(&u);
}

TEST(userinfo_splits_at_first_colon)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://alice:se:cr:et@h/", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "alice");
    CHECK_STR(u.password, "se:cr:et");
    CHECK_STR(u.host, "h");
    CHECK_INT(u.port_given, 0);
    oi_url_free(&u);
}

TEST(userinfo_without_colon_has_no_password)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "ftp://anonymous@ftp.example.org/pub", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "anonymous");
    CHECK(u.password == NULL);
    CHECK_STR(u.host, "ftp.example.org");
    CHECK_STR(u.path, "/pub");
    oi_url_free(&u);
}

TEST(empty_password_and_empty_user_are_present)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://bob:@h/", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "bob");
    CHECK_STR(u.password, "");
    oi_url_free(&u);
    CHECK_INT(oi_url_parse(&u, "http://:pw@h/", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "");
    CHECK_STR(u.password, "pw");
    oi_url_free(&u);
}

TEST(userinfo_is_not_lowered)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://Alice:PassWord@Host/", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "Alice");
    CHECK_STR(u.password, "PassWord");
    CHECK_STR(u.host, "host");
    oi_url_free(&u);
}

TEST(last_at_sign_separates_userinfo_from_host)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://me@x.org:p@ss@host.net:81/", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "me@x.org");
    CHECK_STR(u.password, "p@ss");
    CHECK_STR(u.host, "host.net");
    CHECK_INT(u.port, 81);
    oi_url_free(&u);
}

TEST(at_sign_in_path_query_or_fragment_is_not_userinfo)
{
    static const char *const urls[] = {"http://host/a@b/c", "http://host?to=a@b", "http://host#a@b",
                                       "http://host/p:q@r"};

    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        oi_url u;
        CHECK_INT(oi_url_parse(&u, urls[i], NUL_TERMINATED), 0);
        CHECK(u.user == NULL);
        CHECK(u.password == NULL);
        CHECK_STR(u.host, "host");
        oi_url_free(&u);
    }
}

TEST(at_sign_in_path_keeps_path_whole)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://u@host/~me/a@b", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "u");
    CHECK_STR(u.host, "host");
    CHECK_STR(u.path, "/~me/a@b");
    oi_url_free(&u);
}

TEST(ipv4_host_is_kept)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://127.0.0.1:8080/x", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "127.0.0.1");
    CHECK_INT(u.host_is_ipv6, 0);
    CHECK_INT(u.port, 8080);
    oi_url_free(&u);
}

TEST(ipv6_host_loses_brackets)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://[::1]/x", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "::1");
    CHECK_INT(u.host_is_ipv6, 1);
    CHECK_INT(u.port, 80);
    CHECK_INT(u.port_given, 0);
    CHECK_STR(u.path, "/x");
    oi_url_free(&u);
}

TEST(ipv6_host_takes_a_port_and_is_lowered)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "https://u:p@[2001:DB8::A]:8443", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "u");
    CHECK_STR(u.password, "p");
    CHECK_STR(u.host, "2001:db8::a");
    CHECK_INT(u.host_is_ipv6, 1);
    CHECK_INT(u.port, 8443);
    CHECK_INT(u.port_given, 1);
    CHECK_STR(u.path, "/");
    oi_url_free(&u);
}

TEST(ipv6_with_embedded_ipv4_is_accepted)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://[::ffff:192.0.2.1]/", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "::ffff:192.0.2.1");
    oi_url_free(&u);
}

TEST(unclosed_ipv6_bracket_is_rejected)
{
    CHECK(rejects("http://[::1/x"));
    CHECK(rejects("http://[::1"));
    CHECK(rejects("http://[/"));
}

TEST(bad_ipv6_address_is_rejected)
{
    CHECK(rejects("http://[]/"));
    CHECK(rejects("http://[1:2:3]/"));
    CHECK(rejects("http://[::g]/"));
    CHECK(rejects("http://[127.0.0.1]/"));
    CHECK(rejects("http://[1::2::3]/"));
    CHECK(rejects("http://[0000:0000:0000:0000:0000:0000:0000:0000:0000:0000]/"));
}

TEST(ipv6_zone_id_is_rejected)
{
    CHECK(rejects("http://[fe80::1%25eth0]/"));
}

TEST(text_after_ipv6_bracket_must_be_a_port)
{
    CHECK(rejects("http://[::1]x/"));
    CHECK(rejects("http://[::1]]/"));
}

TEST(stray_brackets_in_host_are_rejected)
{
    CHECK(rejects("http://a[b]/"));
    CHECK(rejects("http://ab]/"));
}

TEST(host_with_chars_outside_reg_name_is_rejected)
{
    CHECK(rejects("http://a<b/"));
    CHECK(rejects("http://a\\b/"));
    CHECK(rejects("http://a\"b/"));
    CHECK(rejects("http://a{b}/"));
    CHECK(rejects("http://a|b/"));
    CHECK(rejects("http://a^b/"));
    CHECK(rejects("http://a`b/"));
}

TEST(host_with_sub_delims_and_escapes_is_accepted)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://my_host-1.ex~a!$&'()*+,;=%41/", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "my_host-1.ex~a!$&'()*+,;=%41");
    oi_url_free(&u);
}

TEST(explicit_port_is_parsed)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h:1/", NUL_TERMINATED), 0);
    CHECK_INT(u.port, 1);
    CHECK_INT(u.port_given, 1);
    oi_url_free(&u);
    CHECK_INT(oi_url_parse(&u, "http://h:65535/", NUL_TERMINATED), 0);
    CHECK_INT(u.port, 65535);
    oi_url_free(&u);
}

TEST(explicit_default_port_is_marked_given)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h:80/", NUL_TERMINATED), 0);
    CHECK_INT(u.port, 80);
    CHECK_INT(u.port_given, 1);
    oi_url_free(&u);
}

TEST(port_leading_zeros_are_accepted)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h:00080/", NUL_TERMINATED), 0);
    CHECK_INT(u.port, 80);
    oi_url_free(&u);
}

TEST(empty_port_means_default)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "https://h:/x", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "h");
    CHECK_INT(u.port, 443);
    CHECK_INT(u.port_given, 0);
    oi_url_free(&u);
    CHECK_INT(oi_url_parse(&u, "http://[::1]:", NUL_TERMINATED), 0);
    CHECK_INT(u.port, 80);
    CHECK_INT(u.port_given, 0);
    oi_url_free(&u);
}

TEST(port_over_65535_is_rejected)
{
    CHECK(rejects("http://h:65536/"));
    CHECK(rejects("http://h:99999999999999999999999/"));
    CHECK(rejects("http://h:4294967376/")); /* 2^32 + 80 must not wrap to 80 */
}

TEST(port_zero_is_rejected)
{
    CHECK(rejects("http://h:0/"));
    CHECK(rejects("http://h:000/"));
}

TEST(port_with_non_digits_is_rejected)
{
    CHECK(rejects("http://h:8o/"));
    CHECK(rejects("http://h:+80/"));
    CHECK(rejects("http://h:-1/"));
    CHECK(rejects("http://h:80:81/"));
    CHECK(rejects("http://h:0x50/"));
    CHECK(rejects("http://[::1]:x/"));
}

TEST(percent_escapes_are_kept_as_given)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://us%40r:p%3Aw@h/a%20b/%2F?q=%26%3d#f%2A", NUL_TERMINATED), 0);
    CHECK_STR(u.user, "us%40r");
    CHECK_STR(u.password, "p%3Aw");
    CHECK_STR(u.path, "/a%20b/%2F");
    CHECK_STR(u.query, "q=%26%3d");
    CHECK_STR(u.fragment, "f%2A");
    CHECK_STR(u.target, "/a%20b/%2F?q=%26%3d");
    oi_url_free(&u);
}

TEST(bad_percent_escape_is_rejected)
{
    CHECK(rejects("http://h/a%"));
    CHECK(rejects("http://h/a%2"));
    CHECK(rejects("http://h/a%2g"));
    CHECK(rejects("http://h/a%g2"));
    CHECK(rejects("http://h/?q=100%"));
    CHECK(rejects("http://h/#%zz"));
    CHECK(rejects("http://u%:p@h/"));
    CHECK(rejects("http://h%/"));
}

TEST(percent_escape_at_end_of_span_is_checked_within_length)
{
    /* "%41" is complete only if the bytes after len were read. */
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h/%41", 10), -1);
    CHECK_INT(oi_url_parse(&u, "http://h/%41", 11), -1);
    CHECK_INT(oi_url_parse(&u, "http://h/%41", 12), 0);
    CHECK_STR(u.path, "/%41");
    oi_url_free(&u);
}

TEST(white_space_and_control_bytes_are_rejected)
{
    CHECK(rejects("http://h/a b"));
    CHECK(rejects(" http://h/"));
    CHECK(rejects("http://h/\t"));
    CHECK(rejects("http://h/\r\nX: y"));
    CHECK(rejects("http://h/\x01"));
    CHECK(rejects("http://h/\x7f"));
    CHECK(rejects("http://h\x1f/"));
}

TEST(non_ascii_bytes_are_rejected)
{
    CHECK(rejects("http://h/caf\xc3\xa9"));
    CHECK(rejects("http://b\xc3\xbc"
                  "cher.de/"));
    CHECK(rejects("http://h/\x80"));
    CHECK(rejects("http://h/\xff"));
}

TEST(nul_byte_inside_length_is_rejected)
{
    static const char s[] = "http://h/a\0b";
    oi_url u;
    CHECK_INT(oi_url_parse(&u, s, sizeof s - 1), -1);
    oi_url_free(&u);
}

TEST(input_need_not_be_nul_terminated)
{
    /* An exact-size heap copy: ASan catches any read past len. */
    static const char text[] = "http://user:pw@Example.org:81/p?q#f";
    size_t n = sizeof text - 1;
    char *s = malloc(n);
    oi_url u;

    CHECK(s != NULL);
    if (!s)
        return;
    memcpy(s, text, n);
    CHECK_INT(oi_url_parse(&u, s, n), 0);
    CHECK_STR(u.user, "user");
    CHECK_STR(u.password, "pw");
    CHECK_STR(u.host, "example.org");
    CHECK_INT(u.port, 81);
    CHECK_STR(u.path, "/p");
    CHECK_STR(u.query, "q");
    CHECK_STR(u.fragment, "f");
    oi_url_free(&u);
    free(s);
}

TEST(length_stops_parsing_before_following_bytes)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://host:8080/path trailing garbage", 20), 0);
    CHECK_STR(u.host, "host");
    CHECK_INT(u.port, 8080);
    CHECK_STR(u.path, "/pat");
    oi_url_free(&u);
    CHECK_INT(oi_url_parse(&u, "http://host:8080/path", 11), 0);
    CHECK_STR(u.host, "host");
    CHECK_INT(u.port, 80);
    CHECK_INT(u.port_given, 0);
    CHECK_STR(u.path, "/");
    oi_url_free(&u);
}

TEST(every_part_lives_in_the_block)
{
    oi_url u;
    const char *parts[8];
    const char *end;

    CHECK_INT(oi_url_parse(&u, "http://a:b@c:1/d?e#f", NUL_TERMINATED), 0);
    parts[0] = u.scheme_name;
    parts[1] = u.user;
    parts[2] = u.password;
    parts[3] = u.host;
    parts[4] = u.path;
    parts[5] = u.query;
    parts[6] = u.fragment;
    parts[7] = u.target;
    end = u.target + strlen(u.target) + 1; /* the target is copied last */
    for (size_t i = 0; i < 8; i++) {
        CHECK(parts[i] >= u.block_);
        CHECK(parts[i] < end);
    }
    CHECK(u.block_ == u.scheme_name);
    oi_url_free(&u);
}

TEST(file_url_with_empty_host)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "file:///etc/hosts", NUL_TERMINATED), 0);
    CHECK_INT(u.scheme, OI_SCHEME_FILE);
    CHECK_STR(u.host, "");
    CHECK_INT(u.port, 0);
    CHECK_INT(u.port_given, 0);
    CHECK_STR(u.path, "/etc/hosts");
    CHECK_STR(u.target, "/etc/hosts");
    oi_url_free(&u);
}

TEST(file_url_localhost_becomes_empty_host)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "file://localhost/tmp/a%20b.txt", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "");
    CHECK_STR(u.path, "/tmp/a%20b.txt");
    oi_url_free(&u);
    CHECK_INT(oi_url_parse(&u, "FILE://LocalHost/x", NUL_TERMINATED), 0);
    CHECK_INT(u.scheme, OI_SCHEME_FILE);
    CHECK_STR(u.host, "");
    CHECK_STR(u.path, "/x");
    oi_url_free(&u);
}

TEST(file_url_without_authority_needs_absolute_path)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "file:/etc/hosts", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "");
    CHECK_STR(u.path, "/etc/hosts");
    oi_url_free(&u);
    CHECK(rejects("file:etc/hosts"));
    CHECK(rejects("file:"));
}

TEST(file_url_keeps_query_and_fragment_apart)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "file:///a/b?c#d", NUL_TERMINATED), 0);
    CHECK_STR(u.path, "/a/b");
    CHECK_STR(u.query, "c");
    CHECK_STR(u.fragment, "d");
    CHECK_STR(u.target, "/a/b?c");
    oi_url_free(&u);
}

TEST(file_url_with_empty_path_is_root)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "file://", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "");
    CHECK_STR(u.path, "/");
    oi_url_free(&u);
}

TEST(file_url_with_other_host_is_rejected)
{
    CHECK(rejects("file://server/share/x"));
    CHECK(rejects("file://127.0.0.1/x"));
    CHECK(rejects("file://[::1]/x"));
    CHECK(rejects("file://localhost.example/x"));
}

TEST(file_url_with_port_or_userinfo_is_rejected)
{
    CHECK(rejects("file://localhost:80/x"));
    CHECK(rejects("file://localhost:/x"));
    CHECK(rejects("file://:1/x"));
    CHECK(rejects("file://user@localhost/x"));
    CHECK(rejects("file://@/x"));
}

TEST(unknown_scheme_with_empty_authority_has_empty_host)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "x-local:///a", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "");
    CHECK_STR(u.path, "/a");
    oi_url_free(&u);
}

TEST(failed_parse_leaves_nothing_to_free)
{
    /* One failure from each stage of the parser; LeakSanitizer reports any
     * block left behind when the program exits. */
    static const char *const bad[] = {"",
                                      "nohost",
                                      "http:x",
                                      "http://h:0/",
                                      "http://[::1/",
                                      "http://[zz]/",
                                      "http://a<b/",
                                      "http://h/%",
                                      "file://x/",
                                      "http://",
                                      "http://h/ x"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(rejects(bad[i]));
}

TEST(free_of_cleared_or_freed_url_is_harmless)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://h/", NUL_TERMINATED), 0);
    oi_url_free(&u);
    CHECK(u.block_ == NULL);
    CHECK(u.host == NULL);
    oi_url_free(&u);
    oi_url_free(NULL);
}

TEST(url_can_be_parsed_again_after_free)
{
    oi_url u;
    CHECK_INT(oi_url_parse(&u, "http://first/", NUL_TERMINATED), 0);
    oi_url_free(&u);
    CHECK_INT(oi_url_parse(&u, "https://second:1/", NUL_TERMINATED), 0);
    CHECK_STR(u.host, "second");
    CHECK_INT(u.port, 1);
    oi_url_free(&u);
}

TEST(unescape_decodes_in_place)
{
    char s[] = "/a%20b/%7e%7E%2F%41";
    CHECK_INT(oi_url_unescape(s), 0);
    CHECK_STR(s, "/a b/~~/A");
}

TEST(unescape_without_escapes_is_unchanged)
{
    char s[] = "/plain/path";
    char empty[] = "";
    CHECK_INT(oi_url_unescape(s), 0);
    CHECK_STR(s, "/plain/path");
    CHECK_INT(oi_url_unescape(empty), 0);
    CHECK_STR(empty, "");
}

TEST(unescape_decodes_high_bytes)
{
    char s[] = "caf%C3%A9";
    CHECK_INT(oi_url_unescape(s), 0);
    CHECK_STR(s, "caf\xc3\xa9");
}

TEST(unescape_rejects_bad_escape_and_leaves_input_unchanged)
{
    char a[] = "%41%4";
    char b[] = "%41%";
    char c[] = "%41%x1";
    CHECK_INT(oi_url_unescape(a), -1);
    CHECK_STR(a, "%41%4");
    CHECK_INT(oi_url_unescape(b), -1);
    CHECK_STR(b, "%41%");
    CHECK_INT(oi_url_unescape(c), -1);
    CHECK_STR(c, "%41%x1");
}

TEST(unescape_rejects_escaped_nul)
{
    char s[] = "/etc/passwd%00.png";
    CHECK_INT(oi_url_unescape(s), -1);
    CHECK_STR(s, "/etc/passwd%00.png");
}

TEST(unescape_does_not_decode_twice)
{
    char s[] = "%2541";
    CHECK_INT(oi_url_unescape(s), 0);
    CHECK_STR(s, "%41");
}

/* ---- reference resolution ---- */

typedef struct resolution {
    const char *ref, *want;
} resolution;

static void check_resolves(const char *base, const resolution *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *out = NULL;
        CHECK_INT(oi_url_resolve(base, cases[i].ref, &out), 0);
        CHECK_STR(out, cases[i].want);
        free(out);
    }
}

#define CHECK_RESOLVES(base, cases) check_resolves(base, cases, sizeof cases / sizeof cases[0])

/* A resolution that must fail with -1 and leave *out NULL. */
static int resolve_rejects(const char *base, const char *ref)
{
    char *out = (char *)"untouched";
    int rc = oi_url_resolve(base, ref, &out);

    return rc == -1 && out == NULL;
}

#define RFC_BASE "http://a/b/c/d;p?q"

TEST(resolve_rfc3986_normal_examples)
{
    static const resolution cases[] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y#s"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
    };
    CHECK_RESOLVES(RFC_BASE, cases);
}

TEST(resolve_rfc3986_abnormal_examples)
{
    static const resolution cases[] = {
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g#s/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
        /* The RFC allows "http:g" either way; browsers read it as relative. */
        {"http:g", "http://a/b/c/g"},
    };
    CHECK_RESOLVES(RFC_BASE, cases);
}

TEST(resolve_location_style_references)
{
    static const resolution cases[] = {
        {"/x", "https://example.com:8443/x"},
        {"x?y", "https://example.com:8443/dir/x?y"},
        {"?y", "https://example.com:8443/dir/page.html?y"},
        {"#f", "https://example.com:8443/dir/page.html?q=1#f"},
        {"../../../g", "https://example.com:8443/g"},
        {"http://other/x", "http://other/x"},
        {"//other/x", "https://other/x"},
        {"//other", "https://other"},
    };
    CHECK_RESOLVES("https://example.com:8443/dir/page.html?q=1#top", cases);
}

TEST(resolve_keeps_base_userinfo_port_and_ipv6_host)
{
    static const resolution cases[] = {
        {"c", "http://u:p@[::1]:8080/a/c"},
        {"/c?d", "http://u:p@[::1]:8080/c?d"},
    };
    CHECK_RESOLVES("http://u:p@[::1]:8080/a/b", cases);
}

TEST(resolve_against_base_without_path)
{
    static const resolution cases[] = {
        {"g", "http://a/g"},
        {"?y", "http://a?y"},
        {"", "http://a"},
        {"../g", "http://a/g"},
    };
    CHECK_RESOLVES("http://a", cases);
}

TEST(resolve_ref_with_other_scheme_comes_back_normalised)
{
    static const resolution cases[] = {
        {"https://h/a/./b/../c", "https://h/a/c"},
        {"FTP://h/x/../y?z/../w", "FTP://h/y?z/../w"},
        {"mailto:joe@example.com", "mailto:joe@example.com"},
    };
    CHECK_RESOLVES(RFC_BASE, cases);
}

TEST(resolve_same_scheme_in_any_case_is_relative)
{
    static const resolution cases[] = {
        {"HTTP:g", "http://a/b/c/g"},
        {"Http://other/./x", "http://other/x"},
    };
    CHECK_RESOLVES(RFC_BASE, cases);
}

TEST(resolve_removes_dot_segments_of_the_base_too)
{
    static const resolution cases[] = {
        {"", "http://a/b/d"},
        {"e", "http://a/b/e"},
        {"#f", "http://a/b/d#f"},
    };
    CHECK_RESOLVES("http://a/b/./c/../d#frag", cases);
}

TEST(resolve_keeps_escapes_empty_segments_and_case)
{
    /* Escaped dots are not dot segments (RFC 3986 6.2.2.3 leaves that
     * to normalisation, which a client must not do to a server's path). */
    static const resolution cases[] = {
        {"%7Efoo/Bar%2e%2E/x", "http://a/b/%7Efoo/Bar%2e%2E/x"},
        {"x//y/../z", "http://a/b/x//z"},
        {"X/Y", "http://a/b/X/Y"},
    };
    CHECK_RESOLVES("http://a/b/c", cases);
}

TEST(resolve_against_file_base)
{
    static const resolution cases[] = {
        {"hosts", "file:///etc/hosts"},
        {"../tmp/x", "file:///tmp/x"},
    };
    CHECK_RESOLVES("file:///etc/passwd", cases);
}

TEST(resolve_rejects_malformed_references)
{
    static const char *const bad[] = {
        "a b", "\tg",        "g\r\nX: y",     "%zz",     "g%4",     "caf\xc3\xa9", "g\x7f",
        "//",  "//h:99999/", "http://[::1/x", "//a<b/x", "https:g", "//h:0/"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(resolve_rejects(RFC_BASE, bad[i]));
    CHECK(resolve_rejects(RFC_BASE, NULL));
}

TEST(resolve_rejects_bases_that_are_not_absolute_urls)
{
    static const char *const bad[] = {"",        "/a/b",    "a/b",        "//a/b",
                                      "http://", "http:/x", "http://h/ x"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(resolve_rejects(bad[i], "g"));
    CHECK(resolve_rejects(NULL, "g"));
}

int main(void)
{
    RUN(http_url_splits_into_parts);
    RUN(known_schemes_get_their_ids_and_default_ports);
    RUN(unknown_scheme_is_not_an_error);
    RUN(unknown_opaque_scheme_keeps_its_path_and_has_no_host);
    RUN(uppercase_scheme_and_host_are_lowered_path_is_not);
    RUN(scheme_may_hold_digits_plus_minus_dot);
    RUN(missing_scheme_is_rejected);
    RUN(scheme_must_start_with_a_letter_and_hold_only_scheme_chars);
    RUN(empty_input_is_rejected);
    RUN(null_input_is_rejected);
    RUN(http_without_slashes_is_rejected);
    RUN(ftp_without_slashes_or_host_is_rejected);
    RUN(http_empty_host_is_rejected);
    RUN(empty_path_becomes_slash);
    RUN(empty_path_with_query_becomes_slash_in_target);
    RUN(empty_path_with_fragment_becomes_slash);
    RUN(query_may_hold_question_marks_and_slashes);
    RUN(empty_query_is_present_and_kept_in_target);
    RUN(fragment_is_not_in_target);
    RUN(question_mark_in_fragment_is_not_a_query);
    RUN(empty_fragment_is_present);
    RUN(userinfo_splits_at_first_colon);
    RUN(userinfo_without_colon_has_no_password);
    RUN(empty_password_and_empty_user_are_present);
    RUN(userinfo_is_not_lowered);
    RUN(last_at_sign_separates_userinfo_from_host);
    RUN(at_sign_in_path_query_or_fragment_is_not_userinfo);
    RUN(at_sign_in_path_keeps_path_whole);
    RUN(ipv4_host_is_kept);
    RUN(ipv6_host_loses_brackets);
    RUN(ipv6_host_takes_a_port_and_is_lowered);
    RUN(ipv6_with_embedded_ipv4_is_accepted);
    RUN(unclosed_ipv6_bracket_is_rejected);
    RUN(bad_ipv6_address_is_rejected);
    RUN(ipv6_zone_id_is_rejected);
    RUN(text_after_ipv6_bracket_must_be_a_port);
    RUN(stray_brackets_in_host_are_rejected);
    RUN(host_with_chars_outside_reg_name_is_rejected);
    RUN(host_with_sub_delims_and_escapes_is_accepted);
    RUN(explicit_port_is_parsed);
    RUN(explicit_default_port_is_marked_given);
    RUN(port_leading_zeros_are_accepted);
    RUN(empty_port_means_default);
    RUN(port_over_65535_is_rejected);
    RUN(port_zero_is_rejected);
    RUN(port_with_non_digits_is_rejected);
    RUN(percent_escapes_are_kept_as_given);
    RUN(bad_percent_escape_is_rejected);
    RUN(percent_escape_at_end_of_span_is_checked_within_length);
    RUN(white_space_and_control_bytes_are_rejected);
    RUN(non_ascii_bytes_are_rejected);
    RUN(nul_byte_inside_length_is_rejected);
    RUN(input_need_not_be_nul_terminated);
    RUN(length_stops_parsing_before_following_bytes);
    RUN(every_part_lives_in_the_block);
    RUN(file_url_with_empty_host);
    RUN(file_url_localhost_becomes_empty_host);
    RUN(file_url_without_authority_needs_absolute_path);
    RUN(file_url_keeps_query_and_fragment_apart);
    RUN(file_url_with_empty_path_is_root);
    RUN(file_url_with_other_host_is_rejected);
    RUN(file_url_with_port_or_userinfo_is_rejected);
    RUN(unknown_scheme_with_empty_authority_has_empty_host);
    RUN(failed_parse_leaves_nothing_to_free);
    RUN(free_of_cleared_or_freed_url_is_harmless);
    RUN(url_can_be_parsed_again_after_free);
    RUN(unescape_decodes_in_place);
    RUN(unescape_without_escapes_is_unchanged);
    RUN(unescape_decodes_high_bytes);
    RUN(unescape_rejects_bad_escape_and_leaves_input_unchanged);
    RUN(unescape_rejects_escaped_nul);
    RUN(unescape_does_not_decode_twice);
    RUN(resolve_rfc3986_normal_examples);
    RUN(resolve_rfc3986_abnormal_examples);
    RUN(resolve_location_style_references);
    RUN(resolve_keeps_base_userinfo_port_and_ipv6_host);
    RUN(resolve_against_base_without_path);
    RUN(resolve_ref_with_other_scheme_comes_back_normalised);
    RUN(resolve_same_scheme_in_any_case_is_relative);
    RUN(resolve_removes_dot_segments_of_the_base_too);
    RUN(resolve_keeps_escapes_empty_segments_and_case);
    RUN(resolve_against_file_base);
    RUN(resolve_rejects_malformed_references);
    RUN(resolve_rejects_bases_that_are_not_absolute_urls);
    return check_summary();
}
