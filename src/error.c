/* Status codes, their messages and WinInet numbers, and event names. */
#include "internal.h"

typedef struct oi_error_info {
    oi_status code;
    unsigned long wininet;
    const char *name;
    const char *message;
} oi_error_info;

static const oi_error_info oi_errors[] = {
#define OI_ERROR(name, value, wininet, message) {OI_##name, wininet, "OI_" #name, message},
#include "openinet/errors.def"
#undef OI_ERROR
};

static const oi_error_info *oi_error_find(oi_status code)
{
    /* Codes are 0, -1, -2, ... in table order. */
    size_t i = (size_t)(-(long)code);
    if (code > 0 || i >= sizeof oi_errors / sizeof oi_errors[0])
        return NULL;
    return &oi_errors[i];
}

OI_API const char *oi_strerror(oi_status code)
{
    const oi_error_info *e = oi_error_find(code);
    return e ? e->message : "unknown error";
}

OI_API const char *oi_status_name(oi_status code)
{
    const oi_error_info *e = oi_error_find(code);
    return e ? e->name : "OI_E_UNKNOWN";
}

OI_API unsigned long oi_status_wininet(oi_status code)
{
    const oi_error_info *e = oi_error_find(code);
    return e ? e->wininet : 12004; /* ERROR_INTERNET_INTERNAL_ERROR */
}

OI_API const char *oi_version(void)
{
    return OI_VERSION_STRING;
}

OI_API const char *oi_event_name(oi_event event)
{
    switch (event) {
    case OI_EVENT_RESOLVING_NAME:
        return "RESOLVING_NAME";
    case OI_EVENT_NAME_RESOLVED:
        return "NAME_RESOLVED";
    case OI_EVENT_CONNECTING_TO_SERVER:
        return "CONNECTING_TO_SERVER";
    case OI_EVENT_CONNECTED_TO_SERVER:
        return "CONNECTED_TO_SERVER";
    case OI_EVENT_SENDING_REQUEST:
        return "SENDING_REQUEST";
    case OI_EVENT_REQUEST_SENT:
        return "REQUEST_SENT";
    case OI_EVENT_RECEIVING_RESPONSE:
        return "RECEIVING_RESPONSE";
    case OI_EVENT_RESPONSE_RECEIVED:
        return "RESPONSE_RECEIVED";
    case OI_EVENT_CLOSING_CONNECTION:
        return "CLOSING_CONNECTION";
    case OI_EVENT_CONNECTION_CLOSED:
        return "CONNECTION_CLOSED";
    case OI_EVENT_HANDLE_CREATED:
        return "HANDLE_CREATED";
    case OI_EVENT_HANDLE_CLOSING:
        return "HANDLE_CLOSING";
    case OI_EVENT_REQUEST_COMPLETE:
        return "REQUEST_COMPLETE";
    case OI_EVENT_REDIRECT:
        return "REDIRECT";
    case OI_EVENT_INTERMEDIATE_RESPONSE:
        return "INTERMEDIATE_RESPONSE";
    }
    return "UNKNOWN";
}
