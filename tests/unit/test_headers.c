/* Request header lists: the four WinInet modifiers and the checks that keep
 * caller input from splitting or smuggling header lines. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>

static oi_handle *h;
static oi_header_list list;

static oi_status apply(const char *text, unsigned modifiers)
{
    return oi_headers_apply(h, &list, text, (size_t)-1, modifiers);
}

/* The list as a C string, for comparisons. */
static const char *lines(void)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)list.len, list.buf ? list.buf : "");
    return buf;
}

static void reset(void)
{
    oi_headers_free(&list);
}

TEST(add_appends_lines_in_order)
{
    reset();
    CHECK_INT(apply("A: 1\r\nB: 2", OI_HEADER_ADD), OI_OK);
    CHECK_INT(apply("A: 3\r\n", 0), OI_OK);
    CHECK_STR(lines(), "A: 1\r\nB: 2\r\nA: 3\r\n");
}

TEST(value_white_space_is_trimmed_and_bare_lf_separates)
{
    reset();
    CHECK_INT(apply("X-One:   spaced  \nX-Two:\ttab\t\n", 0), OI_OK);
    CHECK_STR(lines(), "X-One: spaced\r\nX-Two: tab\r\n");
}

TEST(add_if_new_refuses_an_existing_name_whatever_its_case)
{
    reset();
    CHECK_INT(apply("Accept: a", 0), OI_OK);
    CHECK_INT(apply("accept: b", OI_HEADER_ADD_IF_NEW), OI_E_HEADER_EXISTS);
    CHECK_INT(apply("Other: b", OI_HEADER_ADD_IF_NEW), OI_OK);
    CHECK_STR(lines(), "Accept: a\r\nOther: b\r\n");
}

TEST(replace_removes_every_occurrence_then_adds)
{
    reset();
    CHECK_INT(apply("A: 1\r\nB: 2\r\na: 3\r\n", 0), OI_OK);
    CHECK_INT(apply("A: new", OI_HEADER_REPLACE), OI_OK);
    CHECK_STR(lines(), "B: 2\r\nA: new\r\n");
}

TEST(replace_with_empty_value_removes)
{
    reset();
    CHECK_INT(apply("A: 1\r\nB: 2\r\n", 0), OI_OK);
    CHECK_INT(apply("A:", OI_HEADER_REPLACE), OI_OK);
    CHECK_STR(lines(), "B: 2\r\n");
}

TEST(coalesce_joins_with_comma_or_semicolon)
{
    reset();
    CHECK_INT(apply("Accept: a\r\nCookie: x=1\r\n", 0), OI_OK);
    CHECK_INT(apply("accept: b", OI_HEADER_COALESCE), OI_OK);
    CHECK_INT(apply("Cookie: y=2", OI_HEADER_COALESCE_SEMICOLON), OI_OK);
    CHECK_INT(apply("New: n", OI_HEADER_COALESCE), OI_OK);
    CHECK_STR(lines(), "Accept: a, b\r\nCookie: x=1; y=2\r\nNew: n\r\n");
}

TEST(control_characters_in_values_are_rejected)
{
    reset();
    CHECK_INT(apply("A: one\rInjected: yes", 0), OI_E_INVALID_HEADER);
    CHECK_INT(oi_headers_apply(h, &list, "A: x\0y", 6, 0), OI_E_INVALID_HEADER);
    CHECK_INT(apply("A: bell\a", 0), OI_E_INVALID_HEADER);
    CHECK_INT((long long)list.len, 0);
}

TEST(bad_names_are_rejected)
{
    reset();
    CHECK_INT(apply("No colon here", 0), OI_E_INVALID_HEADER);
    CHECK_INT(apply(": empty name", 0), OI_E_INVALID_HEADER);
    CHECK_INT(apply("Bad Name: x", 0), OI_E_INVALID_HEADER);
    CHECK_INT(apply("Bad(name): x", 0), OI_E_INVALID_HEADER);
    CHECK(strstr(oi_handle_message(h), "Bad(name)") != NULL);
}

TEST(one_bad_line_leaves_the_list_unchanged)
{
    reset();
    CHECK_INT(apply("Good: 1\r\nBad Line\r\n", 0), OI_E_INVALID_HEADER);
    CHECK_INT((long long)list.len, 0);
}

TEST(has_finds_names_without_regard_to_case)
{
    reset();
    CHECK_INT(apply("Content-Type: text/plain", 0), OI_OK);
    CHECK(oi_headers_has(&list, "content-type"));
    CHECK(!oi_headers_has(&list, "Content"));
    CHECK(!oi_headers_has(&list, "Content-Type-X"));
}

int main(void)
{
    oi_session_open("test", OI_ACCESS_DIRECT, &h);
    RUN(add_appends_lines_in_order);
    RUN(value_white_space_is_trimmed_and_bare_lf_separates);
    RUN(add_if_new_refuses_an_existing_name_whatever_its_case);
    RUN(replace_removes_every_occurrence_then_adds);
    RUN(replace_with_empty_value_removes);
    RUN(coalesce_joins_with_comma_or_semicolon);
    RUN(control_characters_in_values_are_rejected);
    RUN(bad_names_are_rejected);
    RUN(one_bad_line_leaves_the_list_unchanged);
    RUN(has_finds_names_without_regard_to_case);
    reset();
    oi_handle_close(h);
    return check_summary();
}
