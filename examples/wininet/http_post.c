/*
 * POST a form with headers of our own, and print the status and the
 * answer, written as for Windows.
 *
 *   http_post HOST PORT PATH BODY
 *
 * Exits 0 for a 2xx answer.
 */
#include <windows.h>
#include <wininet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
    fprintf(stderr, "%s failed: error %lu\n", what, (unsigned long)GetLastError());
    return 1;
}

int main(int argc, char *argv[])
{
    static const char headers[] = "Content-Type: application/x-www-form-urlencoded\r\n"
                                  "X-Example: wininet\r\n";
    HINTERNET hInternet, hConnect, hRequest;
    char status[32], buffer[4096];
    DWORD size = sizeof(status), read;
    int rc = 0;

    if (argc < 5) {
        fprintf(stderr, "usage: http_post HOST PORT PATH BODY\n");
        return 2;
    }
    hInternet = InternetOpen("WinInet example", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    if (!hInternet)
        return fail("InternetOpen");
    hConnect = InternetConnect(hInternet, argv[1], (INTERNET_PORT)atoi(argv[2]), NULL, NULL,
                               INTERNET_SERVICE_HTTP, 0, 0);
    hRequest = hConnect ? HttpOpenRequest(hConnect, "POST", argv[3], NULL, NULL, NULL, 0, 0) : NULL;
    if (!hRequest) {
        rc = fail("HttpOpenRequest");
        goto done;
    }
    if (!HttpAddRequestHeaders(hRequest, headers, (DWORD)-1,
                               HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE)) {
        rc = fail("HttpAddRequestHeaders");
        goto done;
    }
    if (!HttpSendRequest(hRequest, NULL, 0, argv[4], (DWORD)strlen(argv[4]))) {
        rc = fail("HttpSendRequest");
        goto done;
    }
    if (HttpQueryInfo(hRequest, HTTP_QUERY_STATUS_CODE, status, &size, NULL))
        printf("status %s\n", status);
    while (InternetReadFile(hRequest, buffer, sizeof(buffer), &read) && read > 0)
        fwrite(buffer, 1, read, stdout);
    rc = status[0] != '2';
done:
    InternetCloseHandle(hInternet);
    return rc;
}
