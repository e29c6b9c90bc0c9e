/* The error table: messages, names and WinInet numbers; options table. */
#include "check.h"
#include "internal.h"

TEST(every_code_maps_to_its_wininet_number)
{
    CHECK_INT(oi_status_wininet(OI_E_INVALID_URL), 12005);
    CHECK_INT(oi_status_wininet(OI_E_UNRECOGNIZED_SCHEME), 12006);
    CHECK_INT(oi_status_wininet(OI_E_NAME_NOT_RESOLVED), 12007);
    CHECK_INT(oi_status_wininet(OI_E_CANNOT_CONNECT), 12029);
    CHECK_INT(oi_status_wininet(OI_E_TIMEOUT), 12002);
    CHECK_INT(oi_status_wininet(OI_E_CONNECTION_ABORTED), 12030);
    CHECK_INT(oi_status_wininet(OI_E_CONNECTION_RESET), 12031);
    CHECK_INT(oi_status_wininet(OI_E_INVALID_RESPONSE), 12152);
    CHECK_INT(oi_status_wininet(OI_E_INVALID_HEADER), 12153);
    CHECK_INT(oi_status_wininet(OI_E_HEADER_NOT_FOUND), 12150);
    CHECK_INT(oi_status_wininet(OI_E_HEADER_EXISTS), 12155);
    CHECK_INT(oi_status_wininet(OI_E_INCORRECT_HANDLE_TYPE), 12018);
    CHECK_INT(oi_status_wininet(OI_E_INCORRECT_HANDLE_STATE), 12019);
    CHECK_INT(oi_status_wininet(OI_E_INVALID_OPTION), 12009);
    CHECK_INT(oi_status_wininet(OI_E_CANCELLED), 12017);
    CHECK_INT(oi_status_wininet(OI_E_FILE_NOT_FOUND), 2);
    CHECK_INT(oi_status_wininet(OI_E_OUT_OF_MEMORY), 8);
    CHECK_INT(oi_status_wininet(OI_OK), 0);
}

TEST(names_and_messages_exist_for_every_code)
{
    for (int code = 0; code >= OI_E_INTERNAL; code--) {
        CHECK(strncmp(oi_status_name((oi_status)code), "OI_", 3) == 0);
        CHECK(strcmp(oi_strerror((oi_status)code), "unknown error") != 0);
    }
    CHECK_STR(oi_status_name(OI_E_TIMEOUT), "OI_E_TIMEOUT");
    CHECK_STR(oi_strerror(OI_E_TIMEOUT), "operation timed out");
}

TEST(unknown_codes_are_named_unknown)
{
    CHECK_STR(oi_strerror((oi_status)-999), "unknown error");
    CHECK_STR(oi_strerror((oi_status)5), "unknown error");
    CHECK_STR(oi_status_name((oi_status)-999), "OI_E_UNKNOWN");
    CHECK_INT(oi_status_wininet((oi_status)-999), 12004);
}

TEST(event_names_follow_wininet)
{
    CHECK_STR(oi_event_name(OI_EVENT_CONNECTED_TO_SERVER), "CONNECTED_TO_SERVER");
    CHECK_INT(OI_EVENT_RESPONSE_RECEIVED, 41);
    CHECK_STR(oi_event_name((oi_event)9999), "UNKNOWN");
}

TEST(options_inherit_from_session_to_request)
{
    oi_handle *s, *c, *r;
    long long v;
    const char *str;
    CHECK_INT(oi_session_open(NULL, OI_ACCESS_DIRECT, &s), OI_OK);
    CHECK_INT(oi_session_connect(s, "127.0.0.1", 9, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, NULL, NULL, NULL, NULL, NULL, 0, &r), OI_OK);
    CHECK_INT(oi_handle_get_int(r, OI_OPT_RECEIVE_TIMEOUT, &v), OI_OK);
    CHECK_INT(v, 30000); /* the default */
    CHECK_INT(oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 5), OI_OK);
    CHECK_INT(oi_handle_get_int(r, OI_OPT_RECEIVE_TIMEOUT, &v), OI_OK);
    CHECK_INT(v, 5);
    CHECK_INT(oi_handle_set_int(c, OI_OPT_RECEIVE_TIMEOUT, 7), OI_OK);
    CHECK_INT(oi_handle_get_int(r, OI_OPT_RECEIVE_TIMEOUT, &v), OI_OK);
    CHECK_INT(v, 7);
    CHECK_INT(oi_handle_get_str(r, OI_OPT_USER_AGENT, &str), OI_OK);
    CHECK_STR(str, "openinet/" OI_VERSION_STRING);
    CHECK_INT(oi_handle_set_str(r, OI_OPT_USER_AGENT, "mine"), OI_OK);
    CHECK_INT(oi_handle_get_str(r, OI_OPT_USER_AGENT, &str), OI_OK);
    CHECK_STR(str, "mine");
    CHECK_INT(oi_handle_set_str(r, OI_OPT_USER_AGENT, NULL), OI_OK);
    CHECK_INT(oi_handle_get_str(r, OI_OPT_USER_AGENT, &str), OI_OK);
    CHECK_STR(str, "openinet/" OI_VERSION_STRING);
    oi_handle_close(s);
}

TEST(wrong_option_types_and_values_are_refused)
{
    oi_handle *s;
    CHECK_INT(oi_session_open(NULL, OI_ACCESS_DIRECT, &s), OI_OK);
    CHECK_INT(oi_handle_set_int(s, (oi_option)999, 1), OI_E_INVALID_OPTION);
    CHECK_INT(oi_handle_set_int(s, OI_OPT_USER_AGENT, 1), OI_E_INVALID_OPTION);
    CHECK_INT(oi_handle_set_str(s, OI_OPT_CONNECT_TIMEOUT, "1"), OI_E_INVALID_OPTION);
    CHECK_INT(oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, -1), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_handle_error(s), OI_E_INVALID_PARAMETER);
    CHECK(strstr(oi_handle_message(s), "negative") != NULL);
    CHECK_INT(oi_handle_set_str(s, OI_OPT_USER_AGENT, "agent\r\nX-Injected: 1"),
              OI_E_INVALID_PARAMETER);
    oi_handle_close(s);
}

int main(void)
{
    RUN(every_code_maps_to_its_wininet_number);
    RUN(names_and_messages_exist_for_every_code);
    RUN(unknown_codes_are_named_unknown);
    RUN(event_names_follow_wininet);
    RUN(options_inherit_from_session_to_request);
    RUN(wrong_option_types_and_values_are_refused);
    return check_summary();
}
