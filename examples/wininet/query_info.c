/*
 * Dump what HttpQueryInfo knows about a response, written as for Windows:
 * numbers, strings, a date as SYSTEMTIME, every header from the raw block,
 * and repeated headers by index.
 *
 *   query_info URL [HEADER]
 */
#include <windows.h>
#include <wininet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string query with the size protocol: ask for the size, then read. */
static char *QueryString(HINTERNET hRequest, DWORD level, LPDWORD index)
{
    DWORD size = 0;
    char *buffer;
    if (HttpQueryInfo(hRequest, level, NULL, &size, index) ||
        GetLastError() != ERROR_INSUFFICIENT_BUFFER)
        return NULL;
    buffer = malloc(size);
    if (buffer && !HttpQueryInfo(hRequest, level, buffer, &size, index)) {
        free(buffer);
        buffer = NULL;
    }
    return buffer;
}

static void PrintString(HINTERNET hRequest, const char *name, DWORD level)
{
    char *value = QueryString(hRequest, level, NULL);
    printf("%s: %s\n", name, value ? value : "(none)");
    free(value);
}

int main(int argc, char *argv[])
{
    HINTERNET hInternet, hUrl;
    DWORD status, size = sizeof(status), index;
    SYSTEMTIME date;
    char *raw, *p;

    if (argc < 2) {
        fprintf(stderr, "usage: query_info URL [HEADER]\n");
        return 2;
    }
    hInternet = InternetOpen("WinInet example", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    hUrl = hInternet ? InternetOpenUrl(hInternet, argv[1], NULL, 0, INTERNET_FLAG_RELOAD, 0) : NULL;
    if (!hUrl) {
        fprintf(stderr, "InternetOpenUrl failed: error %lu\n", (unsigned long)GetLastError());
        return 1;
    }

    if (HttpQueryInfo(hUrl, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &size, NULL))
        printf("status code: %lu\n", (unsigned long)status);
    PrintString(hUrl, "status text", HTTP_QUERY_STATUS_TEXT);
    PrintString(hUrl, "version", HTTP_QUERY_VERSION);
    PrintString(hUrl, "content type", HTTP_QUERY_CONTENT_TYPE);
    PrintString(hUrl, "content length", HTTP_QUERY_CONTENT_LENGTH);
    PrintString(hUrl, "server", HTTP_QUERY_SERVER);
    size = sizeof(date);
    if (HttpQueryInfo(hUrl, HTTP_QUERY_DATE | HTTP_QUERY_FLAG_SYSTEMTIME, &date, &size, NULL))
        printf("date: %04u-%02u-%02u %02u:%02u:%02u GMT\n", date.wYear, date.wMonth, date.wDay,
               date.wHour, date.wMinute, date.wSecond);

    /* RAW_HEADERS: the status line and each header, NUL-separated, with an
     * empty string at the end. */
    raw = QueryString(hUrl, HTTP_QUERY_RAW_HEADERS, NULL);
    for (p = raw; p && *p; p += strlen(p) + 1)
        printf("raw: %s\n", p);
    free(raw);

    /* A header by name, every occurrence: the index moves on by itself.
     * HTTP_QUERY_CUSTOM takes the name in the buffer. */
    if (argc > 2) {
        index = 0;
        for (;;) {
            char value[4096];
            DWORD length = sizeof(value);
            snprintf(value, sizeof(value), "%s", argv[2]);
            if (!HttpQueryInfo(hUrl, HTTP_QUERY_CUSTOM, value, &length, &index))
                break; /* ERROR_HTTP_HEADER_NOT_FOUND after the last one */
            printf("%s[%lu]: %s\n", argv[2], (unsigned long)(index - 1), value);
        }
    }
    InternetCloseHandle(hInternet);
    return 0;
}
