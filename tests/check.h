/* A minimal test harness: TEST(name) defines a case, RUN(name) runs it,
 * CHECK* record failures with their place, and check_summary() prints the
 * closing "N passed, N failed" line and gives the exit status. */
#ifndef OI_CHECK_H
#define OI_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed_now;
static int check_passed, check_failed;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            check_failed_now = 1;                                                                  \
        }                                                                                          \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
        if (check_a_ != check_b_) {                                                                \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a,    \
                    check_a_, #b, check_b_);                                                       \
            check_failed_now = 1;                                                                  \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                                               \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                           \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,      \
                    check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");               \
            check_failed_now = 1;                                                                  \
        }                                                                                          \
    } while (0)

/* Compare a (pointer, length) span with a C string. */
#define CHECK_SPAN(p, n, s)                                                                        \
    do {                                                                                           \
        const char *check_p_ = (const char *)(p), *check_s_ = (s);                                 \
        size_t check_n_ = (size_t)(n);                                                             \
        if (!check_p_ || check_n_ != strlen(check_s_) ||                                           \
            memcmp(check_p_, check_s_, check_n_) != 0) {                                           \
            fprintf(stderr, "%s:%d: %s == \"%.*s\", expected \"%s\"\n", __FILE__, __LINE__, #p,    \
                    check_p_ ? (int)check_n_ : 6, check_p_ ? check_p_ : "(null)", check_s_);       \
            check_failed_now = 1;                                                                  \
        }                                                                                          \
    } while (0)

#define RUN(name)                                                                                  \
    do {                                                                                           \
        check_failed_now = 0;                                                                      \
        name();                                                                                    \
        if (check_failed_now) {                                                                    \
            check_failed++;                                                                        \
            fprintf(stderr, "FAIL %s\n", #name);                                                   \
        } else {                                                                                   \
            check_passed++;                                                                        \
        }                                                                                          \
    } while (0)

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
