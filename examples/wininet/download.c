/*
 * Download a URL to a file, with progress from the status callback, written
 * as for Windows.
 *
 *   download URL FILE
 *
 * The callback reports each step of the connection on stderr; the read
 * loop reports the percentage done when the server gave a length.
 */
#include <windows.h>
#include <wininet.h>

#include <stdio.h>

typedef struct {
    DWORD callbacks; /* status notifications received */
} PROGRESS;

static void CALLBACK OnStatus(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwStatus,
                              LPVOID lpvInfo, DWORD dwInfoLength)
{
    PROGRESS *progress = (PROGRESS *)dwContext;
    (void)hInternet;
    (void)dwInfoLength;
    progress->callbacks++;
    switch (dwStatus) {
    case INTERNET_STATUS_RESOLVING_NAME:
        fprintf(stderr, "resolving %s\n", (const char *)lpvInfo);
        break;
    case INTERNET_STATUS_CONNECTED_TO_SERVER:
        fprintf(stderr, "connected to %s\n", (const char *)lpvInfo);
        break;
    case INTERNET_STATUS_REQUEST_SENT:
        fprintf(stderr, "request sent: %lu bytes\n", (unsigned long)*(DWORD *)lpvInfo);
        break;
    case INTERNET_STATUS_RESPONSE_RECEIVED:
        fprintf(stderr, "response received: %lu bytes\n", (unsigned long)*(DWORD *)lpvInfo);
        break;
    case INTERNET_STATUS_REDIRECT:
        fprintf(stderr, "redirected to %s\n", (const char *)lpvInfo);
        break;
    case INTERNET_STATUS_CONNECTION_CLOSED:
        fprintf(stderr, "connection closed\n");
        break;
    case INTERNET_STATUS_HANDLE_CLOSING:
        fprintf(stderr, "handle closing\n");
        break;
    }
}

int main(int argc, char *argv[])
{
    PROGRESS progress = {0};
    HINTERNET hInternet, hUrl;
    DWORD length = 0, size = sizeof(length), read, total = 0, percent = 0;
    char buffer[16384];
    FILE *out;
    BOOL ok;

    if (argc < 3) {
        fprintf(stderr, "usage: download URL FILE\n");
        return 2;
    }
    hInternet = InternetOpen("WinInet example", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    if (!hInternet)
        return 1;
    if (InternetSetStatusCallback(hInternet, OnStatus) == INTERNET_INVALID_STATUS_CALLBACK)
        return 1;
    /* A context that is not 0: WinInet sends no status for context 0. */
    hUrl = InternetOpenUrl(hInternet, argv[1], NULL, 0, INTERNET_FLAG_RELOAD, (DWORD_PTR)&progress);
    if (!hUrl) {
        fprintf(stderr, "InternetOpenUrl failed: error %lu\n", (unsigned long)GetLastError());
        InternetCloseHandle(hInternet);
        return 1;
    }
    if (!HttpQueryInfo(hUrl, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &length, &size,
                       NULL))
        length = 0; /* not announced */
    out = fopen(argv[2], "wb");
    if (!out) {
        perror(argv[2]);
        InternetCloseHandle(hInternet);
        return 1;
    }
    while ((ok = InternetReadFile(hUrl, buffer, sizeof(buffer), &read)) && read > 0) {
        fwrite(buffer, 1, read, out);
        total += read;
        if (length && total * 100.0 / length >= percent + 25) {
            percent = (DWORD)(total * 100.0 / length) / 25 * 25;
            fprintf(stderr, "%lu%%\n", (unsigned long)percent);
        }
    }
    fclose(out);
    fprintf(stderr, "%lu status callbacks\n", (unsigned long)progress.callbacks);
    InternetCloseHandle(hUrl);
    InternetCloseHandle(hInternet);
    if (!ok) {
        fprintf(stderr, "InternetReadFile failed: error %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    printf("downloaded %lu bytes to %s\n", (unsigned long)total, argv[2]);
    return 0;
}
