/* HTTP/1.1 response head parser: valid heads, tolerated forms, every
 * rejection, and restartability over growing prefixes. */
#include "check.h"
#include "http1.h"

#include <stdlib.h>

#define MAX_FIELDS 16

static char buf[8192];
static oi_response_head head;
static oi_field fields[MAX_FIELDS];

/* Parse a copy of s[0..len) held in buf, with at most max fields. */
static long parse_n(const char *s, size_t len, size_t max)
{
    memcpy(buf, s, len);
    memset(&head, 0, sizeof head);
    return oi_http1_parse_response(buf, len, &head, fields, max);
}

#define PARSE(lit) parse_n(lit, sizeof(lit) - 1, MAX_FIELDS)

#define CHECK_NAME(i, s)  CHECK_SPAN(buf + fields[i].name_off, fields[i].name_len, s)
#define CHECK_VALUE(i, s) CHECK_SPAN(buf + fields[i].value_off, fields[i].value_len, s)
#define CHECK_REASON(s)   CHECK_SPAN(buf + head.reason_off, head.reason_len, s)

static long find(const char *name, size_t index)
{
    return oi_http1_find(buf, fields, head.nfields, name, strlen(name), index);
}

TEST(valid_head_gives_status_reason_and_fields)
{
    static const char s[] = "HTTP/1.1 200 OK\r\n"
                            "Content-Type: text/html\r\n"
                            "Content-Length: 12\r\n"
                            "\r\n";
    CHECK_INT(PARSE(s), sizeof s - 1);
    CHECK_INT(head.minor, 1);
    CHECK_INT(head.status, 200);
    CHECK_REASON("OK");
    CHECK_INT(head.nfields, 2);
    CHECK_NAME(0, "Content-Type");
    CHECK_VALUE(0, "text/html");
    CHECK_NAME(1, "Content-Length");
    CHECK_VALUE(1, "12");
}

TEST(head_length_excludes_the_body_that_follows)
{
    static const char s[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 204 No\r\n";
    CHECK_INT(PARSE(s), strlen("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
}

TEST(head_without_fields_is_valid)
{
    CHECK_INT(PARSE("HTTP/1.1 204 No Content\r\n\r\n"), 27);
    CHECK_INT(head.status, 204);
    CHECK_INT(head.nfields, 0);
    CHECK_REASON("No Content");
}

TEST(http10_gives_minor_0)
{
    CHECK(PARSE("HTTP/1.0 404 Not Found\r\n\r\n") > 0);
    CHECK_INT(head.minor, 0);
    CHECK_INT(head.status, 404);
}

TEST(later_http1_minor_counts_as_1)
{
    CHECK(PARSE("HTTP/1.2 200 OK\r\n\r\n") > 0);
    CHECK_INT(head.minor, 1);
    CHECK(PARSE("HTTP/1.9 200 OK\r\n\r\n") > 0);
    CHECK_INT(head.minor, 1);
}

TEST(status_range_is_100_to_999)
{
    CHECK(PARSE("HTTP/1.1 100 Continue\r\n\r\n") > 0);
    CHECK_INT(head.status, 100);
    CHECK(PARSE("HTTP/1.1 999 Odd\r\n\r\n") > 0);
    CHECK_INT(head.status, 999);
    CHECK_INT(PARSE("HTTP/1.1 099 Low\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 000 Zero\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(empty_reason_after_space_is_accepted)
{
    CHECK(PARSE("HTTP/1.1 200 \r\n\r\n") > 0);
    CHECK_INT(head.status, 200);
    CHECK_INT(head.reason_len, 0);
}

TEST(status_without_space_or_reason_is_accepted)
{
    CHECK_INT(PARSE("HTTP/1.1 200\r\nA: b\r\n\r\n"), 22);
    CHECK_INT(head.status, 200);
    CHECK_INT(head.reason_len, 0);
    CHECK_INT(head.nfields, 1);
    CHECK(PARSE("HTTP/1.1 200\n\n") > 0);
    CHECK_INT(head.reason_len, 0);
}

TEST(reason_keeps_spaces_tabs_and_obs_text)
{
    CHECK(PARSE("HTTP/1.1 500 Internal \tError \xc3\xa9 \r\n\r\n") > 0);
    CHECK_REASON("Internal \tError \xc3\xa9 ");
}

TEST(bare_lf_line_ends_are_accepted)
{
    static const char s[] = "HTTP/1.1 200 OK\nA: 1\nB: 2\r\nC: 3\n\n";
    CHECK_INT(PARSE(s), sizeof s - 1);
    CHECK_INT(head.nfields, 3);
    CHECK_REASON("OK");
    CHECK_VALUE(0, "1");
    CHECK_VALUE(1, "2");
    CHECK_VALUE(2, "3");
}

TEST(head_may_end_with_bare_lf_after_crlf_fields)
{
    static const char s[] = "HTTP/1.1 200 OK\r\nA: 1\r\n\n";
    CHECK_INT(PARSE(s), sizeof s - 1);
}

TEST(value_white_space_is_trimmed_inner_kept)
{
    CHECK(PARSE("HTTP/1.1 200 OK\r\nA: \t x \t y \t\r\nB:z\r\nC:   \r\nD:\r\n\r\n") > 0);
    CHECK_INT(head.nfields, 4);
    CHECK_VALUE(0, "x \t y");
    CHECK_VALUE(1, "z");
    CHECK_VALUE(2, "");
    CHECK_VALUE(3, "");
    CHECK_NAME(3, "D");
}

TEST(obs_text_in_values_is_accepted)
{
    CHECK(PARSE("HTTP/1.1 200 OK\r\nX: caf\xc3\xa9 \x80\xff\r\n\r\n") > 0);
    CHECK_VALUE(0, "caf\xc3\xa9 \x80\xff");
}

TEST(repeated_fields_are_kept_in_order)
{
    CHECK(PARSE("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX: y\r\nSet-Cookie: b=2\r\n\r\n") > 0);
    CHECK_INT(head.nfields, 3);
    CHECK_VALUE(0, "a=1");
    CHECK_VALUE(2, "b=2");
}

TEST(find_is_case_insensitive_and_counts_repeats)
{
    CHECK(PARSE("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX: y\r\nset-cookie: b=2\r\n"
                "SET-COOKIE: c=3\r\n\r\n") > 0);
    CHECK_INT(find("set-cookie", 0), 0);
    CHECK_INT(find("Set-Cookie", 1), 2);
    CHECK_INT(find("SET-cookie", 2), 3);
    CHECK_INT(find("Set-Cookie", 3), -1);
    CHECK_INT(find("x", 0), 1);
    CHECK_INT(find("Set-Cooki", 0), -1);
    CHECK_INT(find("Set-Cookies", 0), -1);
    CHECK_INT(find("Missing", 0), -1);
}

TEST(find_does_not_fold_non_letters)
{
    /* '@' and '`' differ from letters by the case bit but are not letters. */
    CHECK(PARSE("HTTP/1.1 200 OK\r\nA-B: 1\r\n\r\n") > 0);
    CHECK_INT(find("a-b", 0), 0);
    CHECK_INT(find("a\rb", 0), -1);
    CHECK_INT(find("A_B", 0), -1);
}

TEST(obs_fold_becomes_spaces)
{
    static const char s[] = "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\tc\r\nY: d\r\n\r\n";
    CHECK_INT(PARSE(s), sizeof s - 1);
    CHECK_INT(head.nfields, 2);
    CHECK_VALUE(0, "a   b  \tc");
    CHECK_VALUE(1, "d");
    CHECK(memcmp(buf, "HTTP/1.1 200 OK\r\nX: a   b  \tc\r\nY: d\r\n\r\n", sizeof s - 1) == 0);
}

TEST(obs_fold_after_bare_lf_becomes_one_space)
{
    CHECK(PARSE("HTTP/1.1 200 OK\nX: a\n b\n\n") > 0);
    CHECK_VALUE(0, "a  b");
}

TEST(obs_fold_of_empty_value_is_trimmed)
{
    CHECK(PARSE("HTTP/1.1 200 OK\r\nX:\r\n  b \r\n \r\n\r\n") > 0);
    CHECK_INT(head.nfields, 1);
    CHECK_VALUE(0, "b");
}

TEST(obs_fold_reparse_gives_same_result)
{
    static const char s[] = "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nY: c\r\n\r\n";
    size_t cut = strlen("HTTP/1.1 200 OK\r\nX: a\r\n b\r");
    memcpy(buf, s, sizeof s - 1);
    CHECK_INT(oi_http1_parse_response(buf, cut, &head, fields, MAX_FIELDS), OI_PARSE_INCOMPLETE);
    CHECK(memcmp(buf, "HTTP/1.1 200 OK\r\nX: a   b\r", cut) == 0);
    for (int round = 0; round < 2; round++) {
        memset(&head, 0, sizeof head);
        CHECK_INT(oi_http1_parse_response(buf, sizeof s - 1, &head, fields, MAX_FIELDS),
                  sizeof s - 1);
        CHECK_INT(head.nfields, 2);
        CHECK_VALUE(0, "a   b");
        CHECK_VALUE(1, "c");
    }
}

TEST(fold_before_any_field_is_rejected)
{
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\n X: a\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\n\tX: a\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(non_http1_versions_are_rejected)
{
    CHECK_INT(PARSE("HTTP/2 200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/2.0 200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/0.9 200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("http/1.1 200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.x 200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.10 200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("ICY 200 OK\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(non_http_is_rejected_before_a_line_ends)
{
    CHECK_INT(PARSE("<"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("\x16\x03\x01"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/2"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/"), OI_PARSE_INCOMPLETE);
}

TEST(malformed_status_codes_are_rejected)
{
    CHECK_INT(PARSE("HTTP/1.1 20 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 2000 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 2x0 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200\tOK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1  200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1\t200 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 -20 OK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200\r\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(control_bytes_in_reason_are_rejected)
{
    CHECK_INT(PARSE("HTTP/1.1 200 O\rK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 O\0K\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 O\x7fK\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 O\x1bK\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(white_space_before_colon_is_rejected)
{
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX : a\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX\t: a\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(bad_field_names_are_rejected)
{
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\n: a\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX(y): a\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX\0: a\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\n\xc3\xa9: a\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nNo colon\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(every_tchar_is_accepted_in_names)
{
    static const char s[] = "HTTP/1.1 200 OK\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n";
    CHECK(PARSE(s) > 0);
    CHECK_NAME(0, "!#$%&'*+-.^_`|~09azAZ");
}

TEST(nul_in_value_is_rejected)
{
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n"), OI_PARSE_ERROR);
}

TEST(bare_cr_is_rejected)
{
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX: a\r\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX: a\r\n\rY: b\r\n\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX: a\r\n\r\r\n"), OI_PARSE_ERROR);
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\n\r "), OI_PARSE_ERROR);
}

TEST(control_bytes_in_value_are_rejected_but_htab)
{
    static const char pre[] = "HTTP/1.1 200 OK\r\nX: ";
    static const char post[] = "\r\n\r\n";
    char s[64];
    for (int c = 0; c < 0x20; c++) {
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        size_t n = sizeof pre - 1;
        memcpy(s, pre, n);
        s[n++] = 'a';
        s[n++] = (char)c;
        s[n++] = 'b';
        memcpy(s + n, post, sizeof post - 1);
        n += sizeof post - 1;
        CHECK_INT(parse_n(s, n, MAX_FIELDS), OI_PARSE_ERROR);
    }
    CHECK_INT(PARSE("HTTP/1.1 200 OK\r\nX: a\x7f"
                    "b\r\n\r\n"),
              OI_PARSE_ERROR);
    CHECK(PARSE("HTTP/1.1 200 OK\r\nX: a\tb\r\n\r\n") > 0);
    CHECK_VALUE(0, "a\tb");
}

/* The value scanner tests eight bytes at a time: put every byte value at
 * every position of a long value and compare with the rule byte by byte. */
TEST(value_bytes_are_judged_the_same_at_every_position)
{
    static const char pre[] = "HTTP/1.1 200 OK\r\nX: ";
    static const char post[] = "\r\n\r\n";
    char s[128], value[40];
    for (size_t pos = 0; pos < sizeof value; pos++) {
        for (int c = 0; c < 256; c++) {
            if (c == '\n' || c == '\r')
                continue;
            memset(value, 'v', sizeof value);
            value[pos] = (char)c;
            size_t n = sizeof pre - 1;
            memcpy(s, pre, n);
            memcpy(s + n, value, sizeof value);
            n += sizeof value;
            memcpy(s + n, post, sizeof post - 1);
            n += sizeof post - 1;
            int ok = c == '\t' || c == ' ' || (c > 0x20 && c != 0x7f);
            long r = parse_n(s, n, MAX_FIELDS);
            if (ok != (r > 0)) {
                fprintf(stderr, "byte 0x%02x at %zu: %ld\n", (unsigned)c, pos, r);
                CHECK(0);
            }
        }
    }
}

TEST(incomplete_at_every_prefix_of_a_valid_head)
{
    static const char *heads[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX: a\r\n b\r\nY:\r\n\r\n",
        "HTTP/1.0 301 Moved\nLocation: /x\n\tand more\n\n",
        "HTTP/1.1 200\r\n\r\n",
        "HTTP/1.1 204 \r\n\n",
    };
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++) {
        size_t len = strlen(heads[h]);
        for (size_t cut = 0; cut < len; cut++) {
            /* A fresh copy per prefix: a heap block of exactly cut bytes,
             * so that reading past the prefix is caught. */
            char *p = malloc(cut ? cut : 1);
            memcpy(p, heads[h], cut);
            long r = oi_http1_parse_response(p, cut, &head, fields, MAX_FIELDS);
            if (r != OI_PARSE_INCOMPLETE) {
                fprintf(stderr, "head %zu prefix %zu: %ld\n", h, cut, r);
                CHECK(0);
            }
            free(p);
        }
        CHECK_INT(parse_n(heads[h], len, MAX_FIELDS), len);
    }
}

TEST(growing_buffer_reparse_gives_same_result)
{
    static const char s[] = "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\tc\r\nY: d\nZ: e \r\n\r\n";
    size_t len = sizeof s - 1;
    char *p = malloc(len);
    for (size_t cut = 0; cut < len; cut++) {
        memcpy(p + cut, s + cut, 1);
        CHECK_INT(oi_http1_parse_response(p, cut, &head, fields, MAX_FIELDS), OI_PARSE_INCOMPLETE);
    }
    CHECK_INT(oi_http1_parse_response(p, len, &head, fields, MAX_FIELDS), len);
    CHECK_INT(head.nfields, 3);
    CHECK_SPAN(p + fields[0].value_off, fields[0].value_len, "a   b  \tc");
    CHECK_SPAN(p + fields[1].value_off, fields[1].value_len, "d");
    CHECK_SPAN(p + fields[2].value_off, fields[2].value_len, "e");
    free(p);
}

TEST(prefixes_of_a_bad_head_are_incomplete_or_the_same_error)
{
    static const char *bad[] = {
        "HTTP/1.1 200 OK\r\nX : a\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
        "HTTP/1.1 200 OK\r\n X: a\r\n\r\n",
        "HTTP/1.1 20x OK\r\n\r\n",
    };
    for (size_t h = 0; h < sizeof bad / sizeof *bad; h++) {
        size_t len = strlen(bad[h]);
        CHECK_INT(parse_n(bad[h], len, MAX_FIELDS), OI_PARSE_ERROR);
        for (size_t cut = 1; cut < len; cut++) {
            long r = parse_n(bad[h], cut, MAX_FIELDS);
            CHECK(r == OI_PARSE_INCOMPLETE || r == OI_PARSE_ERROR);
        }
    }
}

TEST(too_many_fields_is_reported)
{
    static const char s[] = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
    CHECK_INT(parse_n(s, sizeof s - 1, 2), OI_PARSE_TOO_MANY);
    CHECK_INT(parse_n(s, sizeof s - 1, 3), sizeof s - 1);
    CHECK_INT(head.nfields, 3);
    CHECK_INT(oi_http1_parse_response(buf, sizeof s - 1, &head, NULL, 0), OI_PARSE_TOO_MANY);
    CHECK_INT(parse_n("HTTP/1.1 200 OK\r\n\r\n", 19, 0), 19);
}

TEST(trailer_fields_parse_alone)
{
    size_t n = 99;
    char t[] = "Checksum: abc\r\nX-Fold: a\r\n b\r\n\r\n";
    CHECK_INT(oi_http1_parse_fields(t, sizeof t - 1, fields, MAX_FIELDS, &n), sizeof t - 1);
    CHECK_INT(n, 2);
    CHECK_SPAN(t + fields[0].name_off, fields[0].name_len, "Checksum");
    CHECK_SPAN(t + fields[1].value_off, fields[1].value_len, "a   b");
}

TEST(empty_field_block_is_one_empty_line)
{
    size_t n = 99;
    char crlf[] = "\r\n", lf[] = "\n", none[] = "";
    CHECK_INT(oi_http1_parse_fields(crlf, 2, fields, MAX_FIELDS, &n), 2);
    CHECK_INT(n, 0);
    CHECK_INT(oi_http1_parse_fields(lf, 1, fields, MAX_FIELDS, &n), 1);
    CHECK_INT(oi_http1_parse_fields(none, 0, fields, MAX_FIELDS, &n), OI_PARSE_INCOMPLETE);
}

TEST(field_block_rules_match_the_head)
{
    size_t n;
    char fold[] = " a: b\r\n\r\n", space[] = "a : b\r\n\r\n", part[] = "a: b\r\n";
    char many[] = "a: 1\r\nb: 2\r\n\r\n";
    CHECK_INT(oi_http1_parse_fields(fold, sizeof fold - 1, fields, MAX_FIELDS, &n), OI_PARSE_ERROR);
    CHECK_INT(oi_http1_parse_fields(space, sizeof space - 1, fields, MAX_FIELDS, &n),
              OI_PARSE_ERROR);
    CHECK_INT(oi_http1_parse_fields(part, sizeof part - 1, fields, MAX_FIELDS, &n),
              OI_PARSE_INCOMPLETE);
    CHECK_INT(oi_http1_parse_fields(many, sizeof many - 1, fields, 1, &n), OI_PARSE_TOO_MANY);
}

TEST(has_token_finds_list_elements)
{
    static const char v[] = "gzip, Chunked";
    CHECK_INT(oi_http1_has_token(v, sizeof v - 1, "chunked"), 1);
    CHECK_INT(oi_http1_has_token(v, sizeof v - 1, "GZIP"), 1);
    CHECK_INT(oi_http1_has_token(v, sizeof v - 1, "zip"), 0);
    CHECK_INT(oi_http1_has_token(v, sizeof v - 1, "chunk"), 0);
    CHECK_INT(oi_http1_has_token("close", 5, "close"), 1);
    CHECK_INT(oi_http1_has_token(" ,\tkeep-alive\t, ,close ,", 24, "close"), 1);
    CHECK_INT(oi_http1_has_token("closed", 6, "close"), 0);
    CHECK_INT(oi_http1_has_token("chunked;x=1", 11, "chunked"), 0);
    CHECK_INT(oi_http1_has_token(",,", 2, ""), 0);
    CHECK_INT(oi_http1_has_token(NULL, 0, "close"), 0);
    /* Only the given length counts. */
    CHECK_INT(oi_http1_has_token("gzip, chunked", 4, "chunked"), 0);
}

TEST(tchar_table_matches_rfc9110)
{
    static const char extra[] = "!#$%&'*+-.^_`|~";
    for (int c = 0; c < 256; c++) {
        int want = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c != 0 && strchr(extra, c) != NULL);
        CHECK_INT(oi_http1_is_tchar((unsigned char)c), want);
    }
}

int main(void)
{
    RUN(valid_head_gives_status_reason_and_fields);
    RUN(head_length_excludes_the_body_that_follows);
    RUN(head_without_fields_is_valid);
    RUN(http10_gives_minor_0);
    RUN(later_http1_minor_counts_as_1);
    RUN(status_range_is_100_to_999);
    RUN(empty_reason_after_space_is_accepted);
    RUN(status_without_space_or_reason_is_accepted);
    RUN(reason_keeps_spaces_tabs_and_obs_text);
    RUN(bare_lf_line_ends_are_accepted);
    RUN(head_may_end_with_bare_lf_after_crlf_fields);
    RUN(value_white_space_is_trimmed_inner_kept);
    RUN(obs_text_in_values_is_accepted);
    RUN(repeated_fields_are_kept_in_order);
    RUN(find_is_case_insensitive_and_counts_repeats);
    RUN(find_does_not_fold_non_letters);
    RUN(obs_fold_becomes_spaces);
    RUN(obs_fold_after_bare_lf_becomes_one_space);
    RUN(obs_fold_of_empty_value_is_trimmed);
    RUN(obs_fold_reparse_gives_same_result);
    RUN(fold_before_any_field_is_rejected);
    RUN(non_http1_versions_are_rejected);
    RUN(non_http_is_rejected_before_a_line_ends);
    RUN(malformed_status_codes_are_rejected);
    RUN(control_bytes_in_reason_are_rejected);
    RUN(white_space_before_colon_is_rejected);
    RUN(bad_field_names_are_rejected);
    RUN(every_tchar_is_accepted_in_names);
    RUN(nul_in_value_is_rejected);
    RUN(bare_cr_is_rejected);
    RUN(control_bytes_in_value_are_rejected_but_htab);
    RUN(value_bytes_are_judged_the_same_at_every_position);
    RUN(incomplete_at_every_prefix_of_a_valid_head);
    RUN(growing_buffer_reparse_gives_same_result);
    RUN(prefixes_of_a_bad_head_are_incomplete_or_the_same_error);
    RUN(too_many_fields_is_reported);
    RUN(trailer_fields_parse_alone);
    RUN(empty_field_block_is_one_empty_line);
    RUN(field_block_rules_match_the_head);
    RUN(has_token_finds_list_elements);
    RUN(tchar_table_matches_rfc9110);
    return check_summary();
}
