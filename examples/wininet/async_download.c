/*
 * Download a URL asynchronously (INTERNET_FLAG_ASYNC), written as for
 * Windows: calls return at once with ERROR_IO_PENDING and the status
 * callback, on a WinInet thread, reports REQUEST_COMPLETE.
 *
 *   async_download URL
 *
 * Writes the body to stdout and a summary to stderr.
 */
#include <windows.h>
#include <wininet.h>

#include <stdio.h>

typedef struct {
    volatile LONG completed; /* set by the callback */
    DWORD_PTR result;        /* INTERNET_ASYNC_RESULT.dwResult */
    DWORD error;             /* INTERNET_ASYNC_RESULT.dwError */
    DWORD completions;
} ASYNC_STATE;

static void CALLBACK OnStatus(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwStatus,
                              LPVOID lpvInfo, DWORD dwInfoLength)
{
    ASYNC_STATE *state = (ASYNC_STATE *)dwContext;
    (void)hInternet;
    if (dwStatus == INTERNET_STATUS_REQUEST_COMPLETE &&
        dwInfoLength == sizeof(INTERNET_ASYNC_RESULT)) {
        INTERNET_ASYNC_RESULT *result = (INTERNET_ASYNC_RESULT *)lpvInfo;
        state->result = result->dwResult;
        state->error = result->dwError;
        state->completions++;
        state->completed = 1;
    }
}

/* Wait for the pending operation; TRUE if it succeeded. */
static BOOL WaitForCompletion(ASYNC_STATE *state)
{
    while (!state->completed)
        Sleep(5);
    state->completed = 0;
    if (!state->result)
        SetLastError(state->error);
    return state->result != 0;
}

int main(int argc, char *argv[])
{
    ASYNC_STATE state = {0};
    HINTERNET hInternet, hUrl;
    char buffer[8192];
    DWORD read, total = 0;
    int rc = 1;

    if (argc < 2) {
        fprintf(stderr, "usage: async_download URL\n");
        return 2;
    }
    hInternet =
        InternetOpen("WinInet example", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (!hInternet ||
        InternetSetStatusCallback(hInternet, OnStatus) == INTERNET_INVALID_STATUS_CALLBACK)
        return 1;

    hUrl = InternetOpenUrl(hInternet, argv[1], NULL, 0, INTERNET_FLAG_RELOAD, (DWORD_PTR)&state);
    if (!hUrl) {
        if (GetLastError() != ERROR_IO_PENDING || !WaitForCompletion(&state)) {
            fprintf(stderr, "InternetOpenUrl failed: error %lu\n", (unsigned long)GetLastError());
            goto done;
        }
        hUrl = (HINTERNET)state.result; /* the new handle comes with REQUEST_COMPLETE */
    }

    for (;;) {
        if (!InternetReadFile(hUrl, buffer, sizeof(buffer), &read)) {
            /* buffer and read are filled in when the read completes */
            if (GetLastError() != ERROR_IO_PENDING || !WaitForCompletion(&state)) {
                fprintf(stderr, "InternetReadFile failed: error %lu\n",
                        (unsigned long)GetLastError());
                goto done;
            }
        }
        if (read == 0)
            break;
        fwrite(buffer, 1, read, stdout);
        total += read;
    }
    fprintf(stderr, "%lu bytes, %lu completions\n", (unsigned long)total,
            (unsigned long)state.completions);
    rc = 0;
done:
    InternetCloseHandle(hInternet);
    return rc;
}
