/* Options: one table (openinet/options.def), values inherited from the
 * session down to the request. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum { OI_TYPE_INT, OI_TYPE_STR } oi_opt_type;

typedef struct oi_option_info {
    int id;
    oi_opt_type type;
    long long default_value;
} oi_option_info;

static const oi_option_info oi_option_table[OI_OPTION_COUNT] = {
#define OI_OPTION(name, id, type, default_value, doc) {id, OI_TYPE_##type, default_value},
#include "openinet/options.def"
#undef OI_OPTION
};

static int oi_option_index(int id)
{
    for (int i = 0; i < OI_OPTION_COUNT; i++)
        if (oi_option_table[i].id == id)
            return i;
    return -1;
}

/* The nearest handle, from h up, on which the option is set, or NULL. */
static const oi_handle *oi_option_holder(const oi_handle *h, int index)
{
    for (; h; h = h->parent)
        if (h->options.set & (1ull << index))
            return h;
    return NULL;
}

long long oi_opt_int(const oi_handle *h, int index)
{
    const oi_handle *holder = oi_option_holder(h, index);
    return holder ? holder->options.num[index] : oi_option_table[index].default_value;
}

const char *oi_opt_str(const oi_handle *h, int index)
{
    const oi_handle *holder = oi_option_holder(h, index);
    return holder ? holder->options.str[index] : NULL;
}

void oi_options_free(oi_options *o)
{
    for (int i = 0; i < OI_OPTION_COUNT; i++)
        free(o->str[i]);
}

static int oi_option_lookup(oi_handle *h, oi_option opt, oi_opt_type type)
{
    int index = oi_option_index((int)opt);
    if (index < 0 || oi_option_table[index].type != type) {
        oi_fail(h, OI_E_INVALID_OPTION, "option %d is not a %s option", (int)opt,
                type == OI_TYPE_INT ? "number" : "string");
        return -1;
    }
    return index;
}

OI_API oi_status oi_handle_set_int(oi_handle *h, oi_option opt, long long value)
{
    if (!h)
        return OI_E_INVALID_PARAMETER;
    oi_clear_error(h);
    int index = oi_option_lookup(h, opt, OI_TYPE_INT);
    if (index < 0)
        return OI_E_INVALID_OPTION;
    if (value < 0)
        return oi_fail(h, OI_E_INVALID_PARAMETER, "option %d: negative value %lld", (int)opt,
                       value);
    h->options.num[index] = value;
    h->options.set |= 1ull << index;
    return OI_OK;
}

OI_API oi_status oi_handle_set_str(oi_handle *h, oi_option opt, const char *value)
{
    if (!h)
        return OI_E_INVALID_PARAMETER;
    oi_clear_error(h);
    int index = oi_option_lookup(h, opt, OI_TYPE_STR);
    if (index < 0)
        return OI_E_INVALID_OPTION;
    for (const char *p = value; p && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return oi_fail(h, OI_E_INVALID_PARAMETER,
                           "option %d: control characters would end up in a header", (int)opt);
    char *copy = NULL;
    if (value && !(copy = oi_strdup(value)))
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "copying option %d", (int)opt);
    free(h->options.str[index]);
    h->options.str[index] = copy;
    if (copy)
        h->options.set |= 1ull << index;
    else
        h->options.set &= ~(1ull << index);
    return OI_OK;
}

OI_API oi_status oi_handle_get_int(const oi_handle *h, oi_option opt, long long *value)
{
    int index = oi_option_index((int)opt);
    if (!h || !value)
        return OI_E_INVALID_PARAMETER;
    if (index < 0 || oi_option_table[index].type != OI_TYPE_INT)
        return OI_E_INVALID_OPTION;
    *value = oi_opt_int(h, index);
    return OI_OK;
}

OI_API oi_status oi_handle_get_str(const oi_handle *h, oi_option opt, const char **value)
{
    int index = oi_option_index((int)opt);
    if (!h || !value)
        return OI_E_INVALID_PARAMETER;
    if (index < 0 || oi_option_table[index].type != OI_TYPE_STR)
        return OI_E_INVALID_OPTION;
    *value = oi_opt_str(h, index);
    return OI_OK;
}

char *oi_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = oi_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
