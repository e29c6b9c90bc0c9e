/*
 * GET a page and print its body: the classic WinInet sequence, written as
 * for Windows.  It builds unchanged with openinet:
 *
 *   cc -I<openinet>/include/openinet http_get.c -lopeninet-wininet
 *
 *   http_get HOST [PORT [PATH]]
 *
 * Prints the body to stdout; exits 0 for a 2xx answer.
 */
#include <windows.h>
#include <wininet.h>

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what)
{
    fprintf(stderr, "%s failed: error %lu\n", what, (unsigned long)GetLastError());
    return 1;
}

int main(int argc, char *argv[])
{
    const char *host = argc > 1 ? argv[1] : "localhost";
    INTERNET_PORT port = (INTERNET_PORT)(argc > 2 ? atoi(argv[2]) : INTERNET_DEFAULT_HTTP_PORT);
    const char *path = argc > 3 ? argv[3] : "/";
    LPCSTR accept[] = {"*/*", NULL};
    HINTERNET hInternet, hConnect, hRequest;
    DWORD status = 0, size = sizeof(status), read;
    char buffer[4096];
    int rc = 0;

    hInternet = InternetOpen(TEXT("WinInet example"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    if (!hInternet)
        return fail("InternetOpen");
    hConnect = InternetConnect(hInternet, host, port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    if (!hConnect) {
        rc = fail("InternetConnect");
        goto done;
    }
    hRequest = HttpOpenRequest(hConnect, "GET", path, NULL, NULL, accept,
                               INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE, 0);
    if (!hRequest) {
        rc = fail("HttpOpenRequest");
        goto done;
    }
    if (!HttpSendRequest(hRequest, NULL, 0, NULL, 0)) {
        rc = fail("HttpSendRequest");
        goto done;
    }
    HttpQueryInfo(hRequest, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &size, NULL);
    while (InternetReadFile(hRequest, buffer, sizeof(buffer), &read) && read > 0)
        fwrite(buffer, 1, read, stdout);
    if (status < 200 || status > 299) {
        fprintf(stderr, "HTTP status %lu\n", (unsigned long)status);
        rc = 1;
    }
done:
    InternetCloseHandle(hInternet); /* closes the connection and the request too */
    return rc;
}
