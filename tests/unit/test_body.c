/* Body framing: Content-Length, until-close and chunked, fed whole, byte
 * by byte and split at every position, with every framing error. */
#include "body.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>

#define BIG 1024

/* What a feed produced: the body data, the input consumed, the result. */
static char out_buf[8192], *out = out_buf;
static size_t out_len;

/*
 * Drive the decoder the way a reader does: input arrives first `first`
 * bytes, then `step` more each time the decoder needs more; unconsumed
 * input is offered again.  Each call sees a heap copy of exactly the bytes
 * offered, so that reading past them is caught.  Returns the total input
 * consumed or the decoder's error.
 */
static long feed(oi_body *b, const char *in, size_t len, size_t first, size_t step, size_t max_data)
{
    size_t avail = first < len ? first : len, pos = 0;

    out_len = 0;
    while (!b->done) {
        const char *data;
        size_t data_len, n = avail - pos;
        char *win = malloc(n ? n : 1);
        long r;

        memcpy(win, in + pos, n);
        r = oi_body_decode(b, win, n, max_data, &data, &data_len);
        if (r >= 0) {
            CHECK(data_len <= max_data);
            CHECK(data_len <= (size_t)r);
            CHECK(data_len == 0 || (data >= win && data + data_len <= win + r));
            memcpy(out + out_len, data, data_len);
            out_len += data_len;
        }
        free(win);
        if (r < 0)
            return r;
        pos += (size_t)r;
        if (r > 0)
            continue;
        /* Nothing taken: the decoder must have used all it was given. */
        CHECK_INT(pos, avail);
        if (avail == len)
            break;
        avail = avail + step < len ? avail + step : len;
    }
    return (long)pos;
}

static long feed_whole(oi_body *b, const char *in, size_t len)
{
    return feed(b, in, len, len, 1, BIG);
}

static void init_chunked(oi_body *b)
{
    oi_body_init(b, OI_BODY_CHUNKED, 0, 64, 256);
}

/* Decode a whole chunked body; returns the result of feed. */
static long chunked(const char *in)
{
    oi_body b;
    long r;

    init_chunked(&b);
    r = feed_whole(&b, in, strlen(in));
    oi_body_free(&b);
    return r;
}

#define CHECK_OUT(s) CHECK_SPAN(out, out_len, s)

/* A chunked body that must be consumed whole. */
#define CHECK_WHOLE(s) CHECK_INT(chunked(s), strlen(s))

TEST(length_body_is_data_and_done_at_zero)
{
    oi_body b;
    oi_body_init(&b, OI_BODY_LENGTH, 5, 64, 256);
    CHECK_INT(b.done, 0);
    CHECK_INT(feed_whole(&b, "hello", 5), 5);
    CHECK_OUT("hello");
    CHECK_INT(b.done, 1);
    CHECK_INT(b.remaining, 0);
    CHECK_INT(oi_body_eof(&b), 0);
}

TEST(length_zero_and_none_are_done_at_init)
{
    oi_body b;
    const char *data;
    size_t n;
    oi_body_init(&b, OI_BODY_LENGTH, 0, 64, 256);
    CHECK_INT(b.done, 1);
    CHECK_INT(oi_body_decode(&b, "HTTP", 4, BIG, &data, &n), 0);
    CHECK_INT(n, 0);
    oi_body_init(&b, OI_BODY_NONE, 0, 64, 256);
    CHECK_INT(b.done, 1);
    CHECK_INT(oi_body_decode(&b, "HTTP", 4, BIG, &data, &n), 0);
    CHECK_INT(oi_body_direct(&b), 0);
    CHECK_INT(oi_body_eof(&b), 0);
}

TEST(length_does_not_consume_the_next_response)
{
    static const char s[] = "abcHTTP/1.1 200 OK\r\n";
    oi_body b;
    oi_body_init(&b, OI_BODY_LENGTH, 3, 64, 256);
    CHECK_INT(feed_whole(&b, s, sizeof s - 1), 3);
    CHECK_OUT("abc");
    CHECK_INT(b.done, 1);
}

TEST(length_split_at_every_byte_gives_same_result)
{
    static const char s[] = "0123456789";
    for (size_t step = 1; step <= 10; step++) {
        oi_body b;
        oi_body_init(&b, OI_BODY_LENGTH, 10, 64, 256);
        CHECK_INT(feed(&b, s, 10, 0, step, BIG), 10);
        CHECK_OUT("0123456789");
        CHECK_INT(b.done, 1);
    }
}

TEST(length_span_is_bounded_by_max_data)
{
    oi_body b;
    const char *data;
    size_t n;
    oi_body_init(&b, OI_BODY_LENGTH, 5, 64, 256);
    CHECK_INT(oi_body_decode(&b, "hello", 5, 2, &data, &n), 2);
    CHECK_SPAN(data, n, "he");
    CHECK_INT(oi_body_decode(&b, "llo", 3, 0, &data, &n), 0);
    CHECK_INT(n, 0);
    CHECK_INT(oi_body_decode(&b, "llo", 3, 100, &data, &n), 3);
    CHECK_SPAN(data, n, "llo");
    CHECK_INT(b.done, 1);
}

TEST(length_eof_before_the_end_is_truncation)
{
    oi_body b;
    oi_body_init(&b, OI_BODY_LENGTH, 10, 64, 256);
    CHECK_INT(feed_whole(&b, "12345", 5), 5);
    CHECK_INT(b.done, 0);
    CHECK_INT(oi_body_eof(&b), OI_BODY_ERROR);
}

TEST(close_takes_everything_until_eof)
{
    static const char s[] = "any\r\n0\r\n\r\nbytes";
    oi_body b;
    oi_body_init(&b, OI_BODY_CLOSE, 0, 64, 256);
    CHECK_INT(feed(&b, s, sizeof s - 1, 0, 3, BIG), sizeof s - 1);
    CHECK_OUT("any\r\n0\r\n\r\nbytes");
    CHECK_INT(b.done, 0);
    CHECK_INT(oi_body_direct(&b), SIZE_MAX);
    CHECK_INT(oi_body_eof(&b), 0);
    CHECK_INT(b.done, 1);
    CHECK_INT(oi_body_direct(&b), 0);
}

TEST(close_span_is_bounded_by_max_data)
{
    oi_body b;
    const char *data;
    size_t n;
    oi_body_init(&b, OI_BODY_CLOSE, 0, 64, 256);
    CHECK_INT(oi_body_decode(&b, "hello", 5, 4, &data, &n), 4);
    CHECK_SPAN(data, n, "hell");
}

TEST(chunked_body_is_decoded)
{
    static const char s[] = "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";
    oi_body b;
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, s, sizeof s - 1), sizeof s - 1);
    CHECK_OUT("hello, world");
    CHECK_INT(b.done, 1);
    CHECK_INT(oi_body_eof(&b), 0);
    oi_body_free(&b);
}

TEST(chunked_sizes_are_hex_in_either_case)
{
    static const char s[] = "a\r\n0123456789\r\nB\r\nabcdefghijk\r\n00010\r\n"
                            "0123456789abcdef\r\n0\r\n\r\n";
    oi_body b;
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, s, sizeof s - 1), sizeof s - 1);
    CHECK_OUT("0123456789abcdefghijk0123456789abcdef");
    oi_body_free(&b);
}

TEST(chunked_extensions_are_skipped)
{
    static const char s[] = "5;name=value\r\nhello\r\n"
                            "1 ; a ; b=\"q;\\\"x\" \t\r\n!\r\n"
                            "0;last\r\n\r\n";
    oi_body b;
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, s, sizeof s - 1), sizeof s - 1);
    CHECK_OUT("hello!");
    CHECK_INT(b.done, 1);
    oi_body_free(&b);
}

TEST(chunked_size_may_be_followed_by_white_space)
{
    CHECK_WHOLE("3 \t\r\nabc\r\n0 \r\n\r\n");
    CHECK_OUT("abc");
}

TEST(chunked_bare_lf_line_ends_are_accepted)
{
    static const char s[] = "3\nabc\n2;x\r\nde\r\n0\n\n";
    CHECK_INT(chunked(s), sizeof s - 1);
    CHECK_OUT("abcde");
}

TEST(chunked_without_trailers_allocates_nothing)
{
    oi_body b;
    init_chunked(&b);
    CHECK_INT(feed(&b, "1\r\nx\r\n0\r\n\r\n", 11, 0, 1, BIG), 11);
    CHECK_INT(b.done, 1);
    CHECK(b.trailer == NULL);
    CHECK_INT(b.trailer_len, 0);
    oi_body_free(&b);
}

TEST(chunked_trailer_is_collected)
{
    static const char s[] = "3\r\nabc\r\n0\r\nChecksum: 1234\r\nX-Other: y\n\r\n";
    static const char trailer[] = "Checksum: 1234\r\nX-Other: y\n\r\n";
    oi_body b;
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, s, sizeof s - 1), sizeof s - 1);
    CHECK_OUT("abc");
    CHECK_SPAN(b.trailer, b.trailer_len, trailer);
    CHECK(b.trailer_cap >= b.trailer_len);
    oi_body_free(&b);
    CHECK(b.trailer == NULL);
    CHECK_INT(b.trailer_len, 0);
}

TEST(chunked_trailer_ending_in_bare_lf_is_collected)
{
    oi_body b;
    init_chunked(&b);
    CHECK_INT(feed(&b, "0\nA: b\n\n", 8, 0, 1, BIG), 8);
    CHECK_SPAN(b.trailer, b.trailer_len, "A: b\n\n");
    oi_body_free(&b);
}

/* The reference result for the split tests, decoded in one piece. */
static const char split_body[] = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
                                 "0\r\nExpires: never\r\nX: a\r\n b\r\n\r\n"
                                 "HTTP/1.1 200 OK\r\n";
#define SPLIT_BODY_LEN (sizeof split_body - 1 - strlen("HTTP/1.1 200 OK\r\n"))

TEST(chunked_split_at_every_byte_gives_same_result)
{
    for (size_t step = 1; step < 8; step++) {
        oi_body b;
        init_chunked(&b);
        CHECK_INT(feed(&b, split_body, sizeof split_body - 1, 0, step, BIG), SPLIT_BODY_LEN);
        CHECK_OUT("Wikipedia in\r\n\r\nchunks.");
        CHECK_SPAN(b.trailer, b.trailer_len, "Expires: never\r\nX: a\r\n b\r\n\r\n");
        oi_body_free(&b);
    }
}

TEST(chunked_split_in_two_anywhere_gives_same_result)
{
    for (size_t cut = 0; cut <= sizeof split_body - 1; cut++) {
        oi_body b;
        init_chunked(&b);
        CHECK_INT(feed(&b, split_body, sizeof split_body - 1, cut, sizeof split_body, BIG),
                  SPLIT_BODY_LEN);
        CHECK_OUT("Wikipedia in\r\n\r\nchunks.");
        CHECK_SPAN(b.trailer, b.trailer_len, "Expires: never\r\nX: a\r\n b\r\n\r\n");
        oi_body_free(&b);
    }
}

TEST(chunked_every_prefix_needs_more_input)
{
    for (size_t cut = 0; cut < SPLIT_BODY_LEN; cut++) {
        oi_body b;
        init_chunked(&b);
        CHECK_INT(feed(&b, split_body, cut, 0, 1, BIG), cut);
        CHECK_INT(b.done, 0);
        CHECK_INT(oi_body_eof(&b), OI_BODY_ERROR);
        oi_body_free(&b);
    }
}

TEST(chunked_span_is_bounded_by_max_data)
{
    for (size_t max = 1; max < 6; max++) {
        oi_body b;
        init_chunked(&b);
        CHECK_INT(feed(&b, split_body, sizeof split_body - 1, 0, 5, max), SPLIT_BODY_LEN);
        CHECK_OUT("Wikipedia in\r\n\r\nchunks.");
        oi_body_free(&b);
    }
}

TEST(chunked_gives_one_span_per_call)
{
    static const char s[] = "2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n";
    oi_body b;
    const char *data;
    size_t n;
    init_chunked(&b);
    /* The first chunk and the framing up to the second chunk's data. */
    CHECK_INT(oi_body_decode(&b, s, sizeof s - 1, BIG, &data, &n), 10);
    CHECK_SPAN(data, n, "ab");
    CHECK_INT(oi_body_decode(&b, s + 10, sizeof s - 11, BIG, &data, &n), sizeof s - 11);
    CHECK_SPAN(data, n, "cd");
    CHECK_INT(b.done, 1);
    oi_body_free(&b);
}

TEST(chunked_with_max_data_zero_consumes_framing_only)
{
    static const char s[] = "3;x\r\nabc\r\n0\r\n\r\n";
    oi_body b;
    const char *data;
    size_t n;
    init_chunked(&b);
    CHECK_INT(oi_body_decode(&b, s, sizeof s - 1, 0, &data, &n), 5);
    CHECK_INT(n, 0);
    CHECK_INT(oi_body_decode(&b, s + 5, sizeof s - 6, 0, &data, &n), 0);
    CHECK_INT(oi_body_decode(&b, s + 5, sizeof s - 6, BIG, &data, &n), sizeof s - 6);
    CHECK_SPAN(data, n, "abc");
    CHECK_INT(b.done, 1);
    oi_body_free(&b);
}

TEST(chunked_does_not_consume_the_next_response)
{
    static const char s[] = "1\r\na\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n";
    oi_body b;
    const char *data;
    size_t n;
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, s, sizeof s - 1), 11);
    CHECK_INT(b.done, 1);
    CHECK_INT(oi_body_decode(&b, s + 11, sizeof s - 12, BIG, &data, &n), 0);
    CHECK_INT(n, 0);
    oi_body_free(&b);
}

TEST(chunked_bad_sizes_are_rejected)
{
#define S(lit)                                                                                     \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }
    static const struct {
        const char *s;
        size_t n;
    } bad[] = {
        S("\r\nabc\r\n0\r\n\r\n"),
        S("\nabc\r\n0\r\n\r\n"),
        S("x\r\n"),
        S("-1\r\n"),
        S("+5\r\n"),
        S("0x5\r\nhello\r\n"),
        S(" 5\r\nhello\r\n"),
        S("5 5\r\n"),
        S("5\t6\r\n"),
        S("5:\r\n"),
        S("5\0\r\n"),
        S("g\r\n"),
        S(";x\r\n"),
        S("5\r\r\n"),
        S("5 \rx"),
    };
#undef S
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        oi_body b;
        init_chunked(&b);
        long r = feed_whole(&b, bad[i].s, bad[i].n);
        if (r != OI_BODY_ERROR) {
            fprintf(stderr, "bad size %zu: %ld\n", i, r);
            CHECK(0);
        }
        oi_body_free(&b);
    }
}

TEST(chunked_control_bytes_in_extensions_are_rejected)
{
    CHECK_INT(chunked("1;a\x01\r\nx\r\n0\r\n\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("1;a\x7f\r\nx\r\n0\r\n\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("1;a\rb\r\nx\r\n0\r\n\r\n"), OI_BODY_ERROR);
    CHECK_WHOLE("1;a\tb\xff\r\nx\r\n0\r\n\r\n");
}

TEST(chunked_size_overflow_is_rejected)
{
    oi_body b;
    /* 2^63 - 1 is the largest size. */
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, "7fffffffffffffff\r\n", 18), 18);
    CHECK_INT(oi_body_direct(&b), INT64_MAX);
    CHECK(b.remaining == UINT64_C(0x7fffffffffffffff));
    CHECK_INT(chunked("8000000000000000\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("ffffffffffffffff\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("10000000000000000\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("100000000000000000000005\r\n"), OI_BODY_ERROR);
}

TEST(chunked_leading_zeros_are_not_overflow)
{
    CHECK_WHOLE("000000000000000000000000003\r\nabc\r\n0\r\n\r\n");
    CHECK_OUT("abc");
}

TEST(chunked_missing_crlf_after_data_is_rejected)
{
    CHECK_INT(chunked("3\r\nabcd\r\n0\r\n\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("3\r\nabc\rd\r\n0\r\n\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("3\r\nabc0\r\n\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("3\r\nabc\r\r\n0\r\n\r\n"), OI_BODY_ERROR);
}

TEST(chunked_long_size_line_is_too_large)
{
    /* max_line counts the size line without its line end. */
    char s[256];
    oi_body b;
    memset(s, 0, sizeof s);
    strcpy(s, "1;");
    memset(s + 2, 'e', 62);
    strcpy(s + 64, "\r\nx\r\n0\r\n\r\n");
    CHECK_INT(chunked(s), (long)strlen(s));
    s[2] = 'E';
    memmove(s + 3, s + 2, strlen(s + 2) + 1);
    CHECK_INT(chunked(s), OI_BODY_TOO_LARGE);
    /* Leading zeros count too, and the limit holds byte by byte. */
    memset(s, '0', 200);
    init_chunked(&b);
    CHECK_INT(feed(&b, s, 200, 0, 1, BIG), OI_BODY_TOO_LARGE);
    oi_body_free(&b);
}

TEST(chunked_large_trailer_is_too_large)
{
    /* max_trailer bounds the field lines; the empty line is extra. */
    char s[512];
    oi_body b;
    strcpy(s, "0\r\nX: ");
    memset(s + 6, 'v', 251);
    strcpy(s + 257, "\r\n\r\n");
    init_chunked(&b);
    CHECK_INT(feed(&b, s, strlen(s), 0, 7, BIG), (long)strlen(s));
    CHECK_INT(b.trailer_len, 258);
    CHECK(b.trailer_cap <= 258);
    oi_body_free(&b);
    memmove(s + 7, s + 6, strlen(s + 6) + 1);
    init_chunked(&b);
    CHECK_INT(feed(&b, s, strlen(s), 0, 7, BIG), OI_BODY_TOO_LARGE);
    oi_body_free(&b);
}

TEST(chunked_trailers_limited_to_zero_still_end)
{
    oi_body b;
    oi_body_init(&b, OI_BODY_CHUNKED, 0, 64, 0);
    CHECK_INT(feed_whole(&b, "0\r\n\r\n", 5), 5);
    CHECK_INT(b.done, 1);
    oi_body_init(&b, OI_BODY_CHUNKED, 0, 64, 0);
    CHECK_INT(feed_whole(&b, "0\r\nA: b\r\n\r\n", 11), OI_BODY_TOO_LARGE);
    oi_body_free(&b);
}

TEST(chunked_bare_cr_in_trailer_is_rejected)
{
    CHECK_INT(chunked("0\r\n\rX: y\r\n\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("0\r\nX: y\rz\r\n\r\n"), OI_BODY_ERROR);
    CHECK_INT(chunked("0\r\nX: y\r\n\rz"), OI_BODY_ERROR);
}

TEST(chunked_eof_before_the_end_is_truncation)
{
    oi_body b;
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, "3\r\nabc\r\n0\r\n", 11), 11);
    CHECK_INT(oi_body_eof(&b), OI_BODY_ERROR);
    oi_body_free(&b);
}

TEST(direct_reads_follow_the_framing)
{
    static const char s[] = "5\r\n";
    oi_body b;
    const char *data;
    size_t n;
    oi_body_init(&b, OI_BODY_LENGTH, 10, 64, 256);
    CHECK_INT(oi_body_direct(&b), 10);
    oi_body_skip_data(&b, 4);
    CHECK_INT(oi_body_direct(&b), 6);
    oi_body_skip_data(&b, 6);
    CHECK_INT(b.done, 1);
    CHECK_INT(oi_body_direct(&b), 0);

    init_chunked(&b);
    CHECK_INT(oi_body_direct(&b), 0);
    CHECK_INT(oi_body_decode(&b, s, 2, BIG, &data, &n), 2);
    CHECK_INT(oi_body_direct(&b), 0);
    CHECK_INT(oi_body_decode(&b, s + 2, 1, BIG, &data, &n), 1);
    CHECK_INT(oi_body_direct(&b), 5);
    oi_body_skip_data(&b, 2);
    CHECK_INT(oi_body_direct(&b), 3);
    oi_body_skip_data(&b, 3);
    CHECK_INT(oi_body_direct(&b), 0);
    CHECK_INT(feed_whole(&b, "\r\n0\r\n\r\n", 7), 7);
    CHECK_INT(b.done, 1);
    oi_body_free(&b);
}

TEST(skip_beyond_direct_is_clamped)
{
    oi_body b;
    oi_body_init(&b, OI_BODY_LENGTH, 3, 64, 256);
    oi_body_skip_data(&b, 100);
    CHECK_INT(b.remaining, 0);
    CHECK_INT(b.done, 1);
    init_chunked(&b);
    CHECK_INT(feed_whole(&b, "12\r\n", 4), 4);
    oi_body_skip_data(&b, 100);
    CHECK_INT(oi_body_direct(&b), 0);
    CHECK_INT(feed_whole(&b, "\r\n0\r\n\r\n", 7), 7);
    CHECK_INT(b.done, 1);
    oi_body_free(&b);
}

int main(void)
{
    RUN(length_body_is_data_and_done_at_zero);
    RUN(length_zero_and_none_are_done_at_init);
    RUN(length_does_not_consume_the_next_response);
    RUN(length_split_at_every_byte_gives_same_result);
    RUN(length_span_is_bounded_by_max_data);
    RUN(length_eof_before_the_end_is_truncation);
    RUN(close_takes_everything_until_eof);
    RUN(close_span_is_bounded_by_max_data);
    RUN(chunked_body_is_decoded);
    RUN(chunked_sizes_are_hex_in_either_case);
    RUN(chunked_extensions_are_skipped);
    RUN(chunked_size_may_be_followed_by_white_space);
    RUN(chunked_bare_lf_line_ends_are_accepted);
    RUN(chunked_without_trailers_allocates_nothing);
    RUN(chunked_trailer_is_collected);
    RUN(chunked_trailer_ending_in_bare_lf_is_collected);
    RUN(chunked_split_at_every_byte_gives_same_result);
    RUN(chunked_split_in_two_anywhere_gives_same_result);
    RUN(chunked_every_prefix_needs_more_input);
    RUN(chunked_span_is_bounded_by_max_data);
    RUN(chunked_gives_one_span_per_call);
    RUN(chunked_with_max_data_zero_consumes_framing_only);
    RUN(chunked_does_not_consume_the_next_response);
    RUN(chunked_bad_sizes_are_rejected);
    RUN(chunked_control_bytes_in_extensions_are_rejected);
    RUN(chunked_size_overflow_is_rejected);
    RUN(chunked_leading_zeros_are_not_overflow);
    RUN(chunked_missing_crlf_after_data_is_rejected);
    RUN(chunked_long_size_line_is_too_large);
    RUN(chunked_large_trailer_is_too_large);
    RUN(chunked_trailers_limited_to_zero_still_end);
    RUN(chunked_bare_cr_in_trailer_is_rejected);
    RUN(chunked_eof_before_the_end_is_truncation);
    RUN(direct_reads_follow_the_framing);
    RUN(skip_beyond_direct_is_clamped);
    return check_summary();
}
