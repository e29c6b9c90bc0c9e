/*
 * Read a URL in one call with InternetOpenUrl and print it, written as for
 * Windows.
 *
 *   open_url URL
 */
#include <windows.h>
#include <wininet.h>

#include <stdio.h>

int main(int argc, char *argv[])
{
    HINTERNET hInternet, hUrl;
    char buffer[8192];
    DWORD read;
    BOOL ok;

    if (argc < 2) {
        fprintf(stderr, "usage: open_url URL\n");
        return 2;
    }
    hInternet = InternetOpen("WinInet example", INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL, 0);
    if (!hInternet)
        return 1;
    hUrl = InternetOpenUrl(hInternet, argv[1], NULL, 0, INTERNET_FLAG_RELOAD, 0);
    if (!hUrl) {
        fprintf(stderr, "InternetOpenUrl failed: error %lu\n", (unsigned long)GetLastError());
        InternetCloseHandle(hInternet);
        return 1;
    }
    while ((ok = InternetReadFile(hUrl, buffer, sizeof(buffer), &read)) && read > 0)
        fwrite(buffer, 1, read, stdout);
    if (!ok)
        fprintf(stderr, "InternetReadFile failed: error %lu\n", (unsigned long)GetLastError());
    InternetCloseHandle(hUrl);
    InternetCloseHandle(hInternet);
    return ok ? 0 : 1;
}
