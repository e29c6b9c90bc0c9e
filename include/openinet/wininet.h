/*
 * openinet's WinInet-compatible API.
 *
 * Programs written for Windows' WinInet build unchanged against this header
 * and run on openinet: add `-I<prefix>/include/openinet` so that
 * `#include <windows.h>` and `#include <wininet.h>` find openinet's headers,
 * and link with `-lopeninet-wininet`.  Types, constants and structures
 * have WinInet's names, numeric values and field order; every function with
 * strings exists as A (UTF-8) and W (UTF-16) forms, and the unsuffixed names
 * pick one of them as UNICODE says.  Functions report failure as Windows
 * does: FALSE or NULL, with the reason in GetLastError() (thread-local).
 *
 * What is provided and what differs from Windows is in docs/porting.md.
 */
#ifndef OPENINET_WININET_H
#define OPENINET_WININET_H

#include "windows.h"

#ifdef __cplusplus
extern "C" {
#endif

#define INTERNETAPI
#define BOOLAPI BOOL WINAPI
#define URLCACHEAPI

/* ------------------------------------------------------------------ */
/* Types                                                              */
/* ------------------------------------------------------------------ */

typedef LPVOID HINTERNET;
typedef HINTERNET *LPHINTERNET;
typedef WORD INTERNET_PORT;
typedef INTERNET_PORT *LPINTERNET_PORT;

typedef enum {
    INTERNET_SCHEME_PARTIAL = -2,
    INTERNET_SCHEME_UNKNOWN = -1,
    INTERNET_SCHEME_DEFAULT = 0,
    INTERNET_SCHEME_FTP,
    INTERNET_SCHEME_GOPHER,
    INTERNET_SCHEME_HTTP,
    INTERNET_SCHEME_HTTPS,
    INTERNET_SCHEME_FILE,
    INTERNET_SCHEME_NEWS,
    INTERNET_SCHEME_MAILTO,
    INTERNET_SCHEME_SOCKS,
    INTERNET_SCHEME_JAVASCRIPT,
    INTERNET_SCHEME_VBSCRIPT,
    INTERNET_SCHEME_RES,
    INTERNET_SCHEME_FIRST = INTERNET_SCHEME_FTP,
    INTERNET_SCHEME_LAST = INTERNET_SCHEME_RES
} INTERNET_SCHEME,
    *LPINTERNET_SCHEME;

typedef struct {
    DWORD_PTR dwResult; /* BOOL result, or the new HINTERNET (InternetOpenUrl) */
    DWORD dwError;      /* error code, or the byte count of QueryDataAvailable */
} INTERNET_ASYNC_RESULT, *LPINTERNET_ASYNC_RESULT;

typedef struct {
    DWORD dwAccessType;
    LPCSTR lpszProxy;
    LPCSTR lpszProxyBypass;
} INTERNET_PROXY_INFO, *LPINTERNET_PROXY_INFO;

typedef struct {
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
} INTERNET_VERSION_INFO, *LPINTERNET_VERSION_INFO;

typedef struct {
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
} HTTP_VERSION_INFO, *LPHTTP_VERSION_INFO;

typedef struct {
    DWORD dwConnectedState;
    DWORD dwFlags;
} INTERNET_CONNECTED_INFO, *LPINTERNET_CONNECTED_INFO;

typedef struct {
    DWORD_PTR Socket;
    DWORD SourcePort;
    DWORD DestPort;
    DWORD Flags;
} INTERNET_DIAGNOSTIC_SOCKET_INFO, *LPINTERNET_DIAGNOSTIC_SOCKET_INFO;

typedef struct {
    DWORD dwStructSize;
    LPSTR lpszScheme;
    DWORD dwSchemeLength;
    INTERNET_SCHEME nScheme;
    LPSTR lpszHostName;
    DWORD dwHostNameLength;
    INTERNET_PORT nPort;
    LPSTR lpszUserName;
    DWORD dwUserNameLength;
    LPSTR lpszPassword;
    DWORD dwPasswordLength;
    LPSTR lpszUrlPath;
    DWORD dwUrlPathLength;
    LPSTR lpszExtraInfo;
    DWORD dwExtraInfoLength;
} URL_COMPONENTSA, *LPURL_COMPONENTSA;

typedef struct {
    DWORD dwStructSize;
    LPWSTR lpszScheme;
    DWORD dwSchemeLength;
    INTERNET_SCHEME nScheme;
    LPWSTR lpszHostName;
    DWORD dwHostNameLength;
    INTERNET_PORT nPort;
    LPWSTR lpszUserName;
    DWORD dwUserNameLength;
    LPWSTR lpszPassword;
    DWORD dwPasswordLength;
    LPWSTR lpszUrlPath;
    DWORD dwUrlPathLength;
    LPWSTR lpszExtraInfo;
    DWORD dwExtraInfoLength;
} URL_COMPONENTSW, *LPURL_COMPONENTSW;

typedef struct _INTERNET_BUFFERSA {
    DWORD dwStructSize;
    struct _INTERNET_BUFFERSA *Next;
    LPCSTR lpcszHeader;
    DWORD dwHeadersLength;
    DWORD dwHeadersTotal;
    LPVOID lpvBuffer;
    DWORD dwBufferLength;
    DWORD dwBufferTotal;
    DWORD dwOffsetLow;
    DWORD dwOffsetHigh;
} INTERNET_BUFFERSA, *LPINTERNET_BUFFERSA;

typedef struct _INTERNET_BUFFERSW {
    DWORD dwStructSize;
    struct _INTERNET_BUFFERSW *Next;
    LPCWSTR lpcszHeader;
    DWORD dwHeadersLength;
    DWORD dwHeadersTotal;
    LPVOID lpvBuffer;
    DWORD dwBufferLength;
    DWORD dwBufferTotal;
    DWORD dwOffsetLow;
    DWORD dwOffsetHigh;
} INTERNET_BUFFERSW, *LPINTERNET_BUFFERSW;

/* INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT.  The strings are allocated
 * for the caller, who frees each with LocalFree(). */
typedef struct {
    FILETIME ftExpiry;
    FILETIME ftStart;
    LPSTR lpszSubjectInfo;
    LPSTR lpszIssuerInfo;
    LPSTR lpszProtocolName;
    LPSTR lpszSignatureAlgName;
    LPSTR lpszEncryptionAlgName;
    DWORD dwKeySize;
} INTERNET_CERTIFICATE_INFOA, *LPINTERNET_CERTIFICATE_INFOA;

typedef struct {
    FILETIME ftExpiry;
    FILETIME ftStart;
    LPWSTR lpszSubjectInfo;
    LPWSTR lpszIssuerInfo;
    LPWSTR lpszProtocolName;
    LPWSTR lpszSignatureAlgName;
    LPWSTR lpszEncryptionAlgName;
    DWORD dwKeySize;
} INTERNET_CERTIFICATE_INFOW, *LPINTERNET_CERTIFICATE_INFOW;

/* The status callback.  `info` depends on the status (INTERNET_STATUS_*
 * below); string payloads are CHAR for a callback installed with
 * InternetSetStatusCallbackA and WCHAR for InternetSetStatusCallbackW. */
typedef VOID(CALLBACK *INTERNET_STATUS_CALLBACK)(HINTERNET hInternet, DWORD_PTR dwContext,
                                                 DWORD dwInternetStatus,
                                                 LPVOID lpvStatusInformation,
                                                 DWORD dwStatusInformationLength);
typedef INTERNET_STATUS_CALLBACK *LPINTERNET_STATUS_CALLBACK;

#define INTERNET_INVALID_STATUS_CALLBACK ((INTERNET_STATUS_CALLBACK)(LONG_PTR)-1)
#define INTERNET_NO_CALLBACK             0

/* ------------------------------------------------------------------ */
/* Ports, lengths, open types, services, handle types                 */
/* ------------------------------------------------------------------ */

#define INTERNET_INVALID_PORT_NUMBER 0
#define INTERNET_DEFAULT_FTP_PORT    21
#define INTERNET_DEFAULT_GOPHER_PORT 70
#define INTERNET_DEFAULT_HTTP_PORT   80
#define INTERNET_DEFAULT_HTTPS_PORT  443
#define INTERNET_DEFAULT_SOCKS_PORT  1080

#define INTERNET_MAX_HOST_NAME_LENGTH   256
#define INTERNET_MAX_USER_NAME_LENGTH   128
#define INTERNET_MAX_PASSWORD_LENGTH    128
#define INTERNET_MAX_PORT_NUMBER_LENGTH 5
#define INTERNET_MAX_PORT_NUMBER_VALUE  65535
#define INTERNET_MAX_PATH_LENGTH        2048
#define INTERNET_MAX_SCHEME_LENGTH      32
#define INTERNET_MAX_URL_LENGTH                                                                    \
    (INTERNET_MAX_SCHEME_LENGTH + sizeof("://") + INTERNET_MAX_PATH_LENGTH)

#define INTERNET_KEEP_ALIVE_UNKNOWN  ((DWORD)-1)
#define INTERNET_KEEP_ALIVE_ENABLED  1
#define INTERNET_KEEP_ALIVE_DISABLED 0

#define INTERNET_REQFLAG_FROM_CACHE           0x00000001
#define INTERNET_REQFLAG_ASYNC                0x00000002
#define INTERNET_REQFLAG_VIA_PROXY            0x00000004
#define INTERNET_REQFLAG_NO_HEADERS           0x00000008
#define INTERNET_REQFLAG_PASSIVE              0x00000010
#define INTERNET_REQFLAG_CACHE_WRITE_DISABLED 0x00000040
#define INTERNET_REQFLAG_NET_TIMEOUT          0x00000080

#define INTERNET_OPEN_TYPE_PRECONFIG                   0
#define INTERNET_OPEN_TYPE_DIRECT                      1
#define INTERNET_OPEN_TYPE_PROXY                       3
#define INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY 4
#define PRE_CONFIG_INTERNET_ACCESS                     INTERNET_OPEN_TYPE_PRECONFIG
#define LOCAL_INTERNET_ACCESS                          INTERNET_OPEN_TYPE_DIRECT
#define CERN_PROXY_INTERNET_ACCESS                     INTERNET_OPEN_TYPE_PROXY

#define INTERNET_SERVICE_URL    0
#define INTERNET_SERVICE_FTP    1
#define INTERNET_SERVICE_GOPHER 2
#define INTERNET_SERVICE_HTTP   3

#define INTERNET_HANDLE_TYPE_INTERNET         1
#define INTERNET_HANDLE_TYPE_CONNECT_FTP      2
#define INTERNET_HANDLE_TYPE_CONNECT_GOPHER   3
#define INTERNET_HANDLE_TYPE_CONNECT_HTTP     4
#define INTERNET_HANDLE_TYPE_FTP_FIND         5
#define INTERNET_HANDLE_TYPE_FTP_FIND_HTML    6
#define INTERNET_HANDLE_TYPE_FTP_FILE         7
#define INTERNET_HANDLE_TYPE_FTP_FILE_HTML    8
#define INTERNET_HANDLE_TYPE_GOPHER_FIND      9
#define INTERNET_HANDLE_TYPE_GOPHER_FIND_HTML 10
#define INTERNET_HANDLE_TYPE_GOPHER_FILE      11
#define INTERNET_HANDLE_TYPE_GOPHER_FILE_HTML 12
#define INTERNET_HANDLE_TYPE_HTTP_REQUEST     13
#define INTERNET_HANDLE_TYPE_FILE_REQUEST     14

/* ------------------------------------------------------------------ */
/* INTERNET_FLAG_*                                                    */
/* ------------------------------------------------------------------ */

#define INTERNET_FLAG_RELOAD                   0x80000000
#define INTERNET_FLAG_RAW_DATA                 0x40000000
#define INTERNET_FLAG_EXISTING_CONNECT         0x20000000
#define INTERNET_FLAG_ASYNC                    0x10000000
#define INTERNET_FLAG_PASSIVE                  0x08000000
#define INTERNET_FLAG_NO_CACHE_WRITE           0x04000000
#define INTERNET_FLAG_DONT_CACHE               INTERNET_FLAG_NO_CACHE_WRITE
#define INTERNET_FLAG_MAKE_PERSISTENT          0x02000000
#define INTERNET_FLAG_FROM_CACHE               0x01000000
#define INTERNET_FLAG_OFFLINE                  INTERNET_FLAG_FROM_CACHE
#define INTERNET_FLAG_SECURE                   0x00800000
#define INTERNET_FLAG_KEEP_CONNECTION          0x00400000
#define INTERNET_FLAG_NO_AUTO_REDIRECT         0x00200000
#define INTERNET_FLAG_READ_PREFETCH            0x00100000
#define INTERNET_FLAG_NO_COOKIES               0x00080000
#define INTERNET_FLAG_NO_AUTH                  0x00040000
#define INTERNET_FLAG_RESTRICTED_ZONE          0x00020000
#define INTERNET_FLAG_CACHE_IF_NET_FAIL        0x00010000
#define INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP  0x00008000
#define INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS 0x00004000
#define INTERNET_FLAG_IGNORE_CERT_DATE_INVALID 0x00002000
#define INTERNET_FLAG_IGNORE_CERT_CN_INVALID   0x00001000
#define INTERNET_FLAG_RESYNCHRONIZE            0x00000800
#define INTERNET_FLAG_HYPERLINK                0x00000400
#define INTERNET_FLAG_NO_UI                    0x00000200
#define INTERNET_FLAG_PRAGMA_NOCACHE           0x00000100
#define INTERNET_FLAG_CACHE_ASYNC              0x00000080
#define INTERNET_FLAG_FORMS_SUBMIT             0x00000040
#define INTERNET_FLAG_FWD_BACK                 0x00000020
#define INTERNET_FLAG_NEED_FILE                0x00000010
#define INTERNET_FLAG_MUST_CACHE_REQUEST       INTERNET_FLAG_NEED_FILE
#define INTERNET_FLAG_BGUPDATE                 0x00000008
#define INTERNET_FLAG_FTP_FOLDER_VIEW          0x00000004
#define INTERNET_FLAG_TRANSFER_BINARY          0x00000002
#define INTERNET_FLAG_TRANSFER_ASCII           0x00000001
#define INTERNET_FLAG_IDN_DIRECT               0x00000001
#define INTERNET_FLAG_IDN_PROXY                0x00000002

#define FTP_TRANSFER_TYPE_UNKNOWN 0x00000000
#define FTP_TRANSFER_TYPE_ASCII   INTERNET_FLAG_TRANSFER_ASCII
#define FTP_TRANSFER_TYPE_BINARY  INTERNET_FLAG_TRANSFER_BINARY
#define FTP_TRANSFER_TYPE_MASK    (FTP_TRANSFER_TYPE_ASCII | FTP_TRANSFER_TYPE_BINARY)

#define SECURITY_INTERNET_MASK                                                                     \
    (INTERNET_FLAG_IGNORE_CERT_CN_INVALID | INTERNET_FLAG_IGNORE_CERT_DATE_INVALID |               \
     INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS | INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP)

#define INTERNET_FLAGS_MASK                                                                        \
    (INTERNET_FLAG_RELOAD | INTERNET_FLAG_RAW_DATA | INTERNET_FLAG_EXISTING_CONNECT |              \
     INTERNET_FLAG_ASYNC | INTERNET_FLAG_PASSIVE | INTERNET_FLAG_NO_CACHE_WRITE |                  \
     INTERNET_FLAG_MAKE_PERSISTENT | INTERNET_FLAG_FROM_CACHE | INTERNET_FLAG_SECURE |             \
     INTERNET_FLAG_KEEP_CONNECTION | INTERNET_FLAG_NO_AUTO_REDIRECT |                              \
     INTERNET_FLAG_READ_PREFETCH | INTERNET_FLAG_NO_COOKIES | INTERNET_FLAG_NO_AUTH |              \
     INTERNET_FLAG_CACHE_IF_NET_FAIL | SECURITY_INTERNET_MASK | INTERNET_FLAG_RESYNCHRONIZE |      \
     INTERNET_FLAG_HYPERLINK | INTERNET_FLAG_NO_UI | INTERNET_FLAG_PRAGMA_NOCACHE |                \
     INTERNET_FLAG_CACHE_ASYNC | INTERNET_FLAG_FORMS_SUBMIT | INTERNET_FLAG_NEED_FILE |            \
     INTERNET_FLAG_RESTRICTED_ZONE | INTERNET_FLAG_TRANSFER_BINARY |                               \
     INTERNET_FLAG_TRANSFER_ASCII | INTERNET_FLAG_FWD_BACK | INTERNET_FLAG_BGUPDATE)
#define INTERNET_ERROR_MASK_INSERT_CDROM                      0x1
#define INTERNET_ERROR_MASK_COMBINED_SEC_CERT                 0x2
#define INTERNET_ERROR_MASK_NEED_MSN_SSPI_PKG                 0x4
#define INTERNET_ERROR_MASK_LOGIN_FAILURE_DISPLAY_ENTITY_BODY 0x8
#define INTERNET_OPTIONS_MASK                                 (~INTERNET_FLAGS_MASK)

/* Flags of the asynchronous calls. */
#define WININET_API_FLAG_ASYNC       0x00000001
#define WININET_API_FLAG_SYNC        0x00000004
#define WININET_API_FLAG_USE_CONTEXT 0x00000008
#define INTERNET_NO_CALLBACK_FLAG    0

#define HSR_ASYNC       WININET_API_FLAG_ASYNC
#define HSR_SYNC        WININET_API_FLAG_SYNC
#define HSR_USE_CONTEXT WININET_API_FLAG_USE_CONTEXT
#define HSR_INITIATE    0x00000008
#define HSR_DOWNLOAD    0x00000010
#define HSR_CHUNKED     0x00000020

#define IRF_ASYNC       WININET_API_FLAG_ASYNC
#define IRF_SYNC        WININET_API_FLAG_SYNC
#define IRF_USE_CONTEXT WININET_API_FLAG_USE_CONTEXT
#define IRF_NO_WAIT     0x00000008

#define ISO_GLOBAL      0x00000001
#define ISO_REGISTRY    0x00000002
#define ISO_VALID_FLAGS (ISO_GLOBAL | ISO_REGISTRY)

/* Flags of the URL functions. */
#define ICU_ESCAPE             0x80000000
#define ICU_USERNAME           0x40000000
#define ICU_NO_ENCODE          0x20000000
#define ICU_DECODE             0x10000000
#define ICU_NO_META            0x08000000
#define ICU_ENCODE_SPACES_ONLY 0x04000000
#define ICU_BROWSER_MODE       0x02000000
#define ICU_ENCODE_PERCENT     0x00001000

#define FLAG_ICC_FORCE_CONNECTION 0x00000001

/* ------------------------------------------------------------------ */
/* Security flags (INTERNET_OPTION_SECURITY_FLAGS)                    */
/* ------------------------------------------------------------------ */

#define SECURITY_FLAG_SECURE                   0x00000001
#define SECURITY_FLAG_SSL                      0x00000002
#define SECURITY_FLAG_SSL3                     0x00000004
#define SECURITY_FLAG_PCT                      0x00000008
#define SECURITY_FLAG_PCT4                     0x00000010
#define SECURITY_FLAG_IETFSSL4                 0x00000020
#define SECURITY_FLAG_IGNORE_REVOCATION        0x00000080
#define SECURITY_FLAG_IGNORE_UNKNOWN_CA        0x00000100
#define SECURITY_FLAG_IGNORE_WRONG_USAGE       0x00000200
#define SECURITY_FLAG_IGNORE_CERT_CN_INVALID   INTERNET_FLAG_IGNORE_CERT_CN_INVALID
#define SECURITY_FLAG_IGNORE_CERT_DATE_INVALID INTERNET_FLAG_IGNORE_CERT_DATE_INVALID
#define SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTPS INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS
#define SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP  INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP
#define SECURITY_FLAG_IGNORE_WEAK_SIGNATURE    0x00010000
#define SECURITY_FLAG_OPT_IN_WEAK_SIGNATURE    0x00020000
#define SECURITY_FLAG_FORTEZZA                 0x08000000
#define SECURITY_FLAG_STRENGTH_WEAK            0x10000000
#define SECURITY_FLAG_40BIT                    SECURITY_FLAG_STRENGTH_WEAK
#define SECURITY_FLAG_NORMALBITNESS            SECURITY_FLAG_STRENGTH_WEAK
#define SECURITY_FLAG_STRENGTH_STRONG          0x20000000
#define SECURITY_FLAG_128BIT                   SECURITY_FLAG_STRENGTH_STRONG
#define SECURITY_FLAG_STRENGTH_MEDIUM          0x40000000
#define SECURITY_FLAG_56BIT                    SECURITY_FLAG_STRENGTH_MEDIUM
#define SECURITY_FLAG_UNKNOWNBIT               0x80000000
#define SECURITY_SET_MASK                                                                          \
    (SECURITY_FLAG_IGNORE_REVOCATION | SECURITY_FLAG_IGNORE_UNKNOWN_CA |                           \
     SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |               \
     SECURITY_FLAG_IGNORE_WRONG_USAGE)

/* ------------------------------------------------------------------ */
/* Options (InternetQueryOption / InternetSetOption)                  */
/* ------------------------------------------------------------------ */

#define INTERNET_OPTION_CALLBACK                          1
#define INTERNET_OPTION_CONNECT_TIMEOUT                   2
#define INTERNET_OPTION_CONNECT_RETRIES                   3
#define INTERNET_OPTION_CONNECT_BACKOFF                   4
#define INTERNET_OPTION_SEND_TIMEOUT                      5
#define INTERNET_OPTION_CONTROL_SEND_TIMEOUT              INTERNET_OPTION_SEND_TIMEOUT
#define INTERNET_OPTION_RECEIVE_TIMEOUT                   6
#define INTERNET_OPTION_CONTROL_RECEIVE_TIMEOUT           INTERNET_OPTION_RECEIVE_TIMEOUT
#define INTERNET_OPTION_DATA_SEND_TIMEOUT                 7
#define INTERNET_OPTION_DATA_RECEIVE_TIMEOUT              8
#define INTERNET_OPTION_HANDLE_TYPE                       9
#define INTERNET_OPTION_LISTEN_TIMEOUT                    11
#define INTERNET_OPTION_READ_BUFFER_SIZE                  12
#define INTERNET_OPTION_WRITE_BUFFER_SIZE                 13
#define INTERNET_OPTION_ASYNC_ID                          15
#define INTERNET_OPTION_ASYNC_PRIORITY                    16
#define INTERNET_OPTION_PARENT_HANDLE                     21
#define INTERNET_OPTION_KEEP_CONNECTION                   22
#define INTERNET_OPTION_REQUEST_FLAGS                     23
#define INTERNET_OPTION_EXTENDED_ERROR                    24
#define INTERNET_OPTION_OFFLINE_MODE                      26
#define INTERNET_OPTION_CACHE_STREAM_HANDLE               27
#define INTERNET_OPTION_USERNAME                          28
#define INTERNET_OPTION_PASSWORD                          29
#define INTERNET_OPTION_ASYNC                             30
#define INTERNET_OPTION_SECURITY_FLAGS                    31
#define INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT       32
#define INTERNET_OPTION_DATAFILE_NAME                     33
#define INTERNET_OPTION_URL                               34
#define INTERNET_OPTION_SECURITY_CERTIFICATE              35
#define INTERNET_OPTION_SECURITY_KEY_BITNESS              36
#define INTERNET_OPTION_REFRESH                           37
#define INTERNET_OPTION_PROXY                             38
#define INTERNET_OPTION_SETTINGS_CHANGED                  39
#define INTERNET_OPTION_VERSION                           40
#define INTERNET_OPTION_USER_AGENT                        41
#define INTERNET_OPTION_END_BROWSER_SESSION               42
#define INTERNET_OPTION_PROXY_USERNAME                    43
#define INTERNET_OPTION_PROXY_PASSWORD                    44
#define INTERNET_OPTION_CONTEXT_VALUE                     45
#define INTERNET_OPTION_CONNECT_LIMIT                     46
#define INTERNET_OPTION_SECURITY_SELECT_CLIENT_CERT       47
#define INTERNET_OPTION_POLICY                            48
#define INTERNET_OPTION_DISCONNECTED_TIMEOUT              49
#define INTERNET_OPTION_CONNECTED_STATE                   50
#define INTERNET_OPTION_IDLE_STATE                        51
#define INTERNET_OPTION_OFFLINE_SEMANTICS                 52
#define INTERNET_OPTION_SECONDARY_CACHE_KEY               53
#define INTERNET_OPTION_CALLBACK_FILTER                   54
#define INTERNET_OPTION_CONNECT_TIME                      55
#define INTERNET_OPTION_SEND_THROUGHPUT                   56
#define INTERNET_OPTION_RECEIVE_THROUGHPUT                57
#define INTERNET_OPTION_REQUEST_PRIORITY                  58
#define INTERNET_OPTION_HTTP_VERSION                      59
#define INTERNET_OPTION_RESET_URLCACHE_SESSION            60
#define INTERNET_OPTION_ERROR_MASK                        62
#define INTERNET_OPTION_FROM_CACHE_TIMEOUT                63
#define INTERNET_OPTION_BYPASS_EDITED_ENTRY               64
#define INTERNET_OPTION_HTTP_DECODING                     65
#define INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO            67
#define INTERNET_OPTION_CODEPAGE                          68
#define INTERNET_OPTION_CACHE_TIMESTAMPS                  69
#define INTERNET_OPTION_DISABLE_AUTODIAL                  70
#define INTERNET_OPTION_MAX_CONNS_PER_SERVER              73
#define INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER          74
#define INTERNET_OPTION_PER_CONNECTION_OPTION             75
#define INTERNET_OPTION_DIGEST_AUTH_UNLOAD                76
#define INTERNET_OPTION_IGNORE_OFFLINE                    77
#define INTERNET_OPTION_IDENTITY                          78
#define INTERNET_OPTION_REMOVE_IDENTITY                   79
#define INTERNET_OPTION_ALTER_IDENTITY                    80
#define INTERNET_OPTION_SUPPRESS_BEHAVIOR                 81
#define INTERNET_OPTION_AUTODIAL_MODE                     82
#define INTERNET_OPTION_AUTODIAL_CONNECTION               83
#define INTERNET_OPTION_CLIENT_CERT_CONTEXT               84
#define INTERNET_OPTION_AUTH_FLAGS                        85
#define INTERNET_OPTION_COOKIES_3RD_PARTY                 86
#define INTERNET_OPTION_DISABLE_PASSPORT_AUTH             87
#define INTERNET_OPTION_SEND_UTF8_SERVERNAME_TO_PROXY     88
#define INTERNET_OPTION_EXEMPT_CONNECTION_LIMIT           89
#define INTERNET_OPTION_ENABLE_PASSPORT_AUTH              90
#define INTERNET_OPTION_HIBERNATE_INACTIVE_WORKER_THREADS 91
#define INTERNET_OPTION_ACTIVATE_WORKER_THREADS           92
#define INTERNET_OPTION_RESTORE_WORKER_THREAD_DEFAULTS    93
#define INTERNET_OPTION_SOCKET_SEND_BUFFER_LENGTH         94
#define INTERNET_OPTION_PROXY_SETTINGS_CHANGED            95
#define INTERNET_OPTION_DATAFILE_EXT                      96
#define INTERNET_OPTION_CODEPAGE_PATH                     100
#define INTERNET_OPTION_CODEPAGE_EXTRA                    101
#define INTERNET_OPTION_IDN                               102
#define INTERNET_OPTION_MAX_CONNS_PER_PROXY               103
#define INTERNET_OPTION_SUPPRESS_SERVER_AUTH              104
#define INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT         105
#define INTERNET_FIRST_OPTION                             INTERNET_OPTION_CALLBACK
#define INTERNET_LAST_OPTION                              INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT

/* ------------------------------------------------------------------ */
/* Status callback events (INTERNET_STATUS_*)                         */
/* ------------------------------------------------------------------ */

#define INTERNET_STATUS_RESOLVING_NAME        10 /* host name string */
#define INTERNET_STATUS_NAME_RESOLVED         11 /* address string */
#define INTERNET_STATUS_CONNECTING_TO_SERVER  20 /* address string */
#define INTERNET_STATUS_CONNECTED_TO_SERVER   21 /* address string */
#define INTERNET_STATUS_SENDING_REQUEST       30
#define INTERNET_STATUS_REQUEST_SENT          31 /* DWORD bytes sent */
#define INTERNET_STATUS_RECEIVING_RESPONSE    40
#define INTERNET_STATUS_RESPONSE_RECEIVED     41 /* DWORD bytes received */
#define INTERNET_STATUS_CTL_RESPONSE_RECEIVED 42
#define INTERNET_STATUS_PREFETCH              43
#define INTERNET_STATUS_CLOSING_CONNECTION    50
#define INTERNET_STATUS_CONNECTION_CLOSED     51
#define INTERNET_STATUS_HANDLE_CREATED        60 /* INTERNET_ASYNC_RESULT, dwResult the handle */
#define INTERNET_STATUS_HANDLE_CLOSING        70 /* the HINTERNET */
#define INTERNET_STATUS_DETECTING_PROXY       80
#define INTERNET_STATUS_REQUEST_COMPLETE      100 /* INTERNET_ASYNC_RESULT */
#define INTERNET_STATUS_REDIRECT              110 /* the new URL string */
#define INTERNET_STATUS_INTERMEDIATE_RESPONSE 120 /* DWORD 1xx status code */
#define INTERNET_STATUS_USER_INPUT_REQUIRED   140
#define INTERNET_STATUS_STATE_CHANGE          200
#define INTERNET_STATUS_COOKIE_SENT           320
#define INTERNET_STATUS_COOKIE_RECEIVED       321
#define INTERNET_STATUS_PRIVACY_IMPACTED      324
#define INTERNET_STATUS_P3P_HEADER            325
#define INTERNET_STATUS_P3P_POLICYREF         326
#define INTERNET_STATUS_COOKIE_HISTORY        327

#define INTERNET_STATE_CONNECTED            0x00000001
#define INTERNET_STATE_DISCONNECTED         0x00000002
#define INTERNET_STATE_DISCONNECTED_BY_USER 0x00000010
#define INTERNET_STATE_IDLE                 0x00000100
#define INTERNET_STATE_BUSY                 0x00000200

/* ------------------------------------------------------------------ */
/* HttpAddRequestHeaders modifiers                                    */
/* ------------------------------------------------------------------ */

#define HTTP_ADDREQ_INDEX_MASK                   0x0000FFFF
#define HTTP_ADDREQ_FLAGS_MASK                   0xFFFF0000
#define HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON 0x01000000
#define HTTP_ADDREQ_FLAG_ADD_IF_NEW              0x10000000
#define HTTP_ADDREQ_FLAG_ADD                     0x20000000
#define HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA     0x40000000
#define HTTP_ADDREQ_FLAG_COALESCE                HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA
#define HTTP_ADDREQ_FLAG_REPLACE                 0x80000000

/* ------------------------------------------------------------------ */
/* HttpQueryInfo levels and modifiers                                 */
/* ------------------------------------------------------------------ */

#define HTTP_QUERY_MIME_VERSION                      0
#define HTTP_QUERY_CONTENT_TYPE                      1
#define HTTP_QUERY_CONTENT_TRANSFER_ENCODING         2
#define HTTP_QUERY_CONTENT_ID                        3
#define HTTP_QUERY_CONTENT_DESCRIPTION               4
#define HTTP_QUERY_CONTENT_LENGTH                    5
#define HTTP_QUERY_CONTENT_LANGUAGE                  6
#define HTTP_QUERY_ALLOW                             7
#define HTTP_QUERY_PUBLIC                            8
#define HTTP_QUERY_DATE                              9
#define HTTP_QUERY_EXPIRES                           10
#define HTTP_QUERY_LAST_MODIFIED                     11
#define HTTP_QUERY_MESSAGE_ID                        12
#define HTTP_QUERY_URI                               13
#define HTTP_QUERY_DERIVED_FROM                      14
#define HTTP_QUERY_COST                              15
#define HTTP_QUERY_LINK                              16
#define HTTP_QUERY_PRAGMA                            17
#define HTTP_QUERY_VERSION                           18
#define HTTP_QUERY_STATUS_CODE                       19
#define HTTP_QUERY_STATUS_TEXT                       20
#define HTTP_QUERY_RAW_HEADERS                       21
#define HTTP_QUERY_RAW_HEADERS_CRLF                  22
#define HTTP_QUERY_CONNECTION                        23
#define HTTP_QUERY_ACCEPT                            24
#define HTTP_QUERY_ACCEPT_CHARSET                    25
#define HTTP_QUERY_ACCEPT_ENCODING                   26
#define HTTP_QUERY_ACCEPT_LANGUAGE                   27
#define HTTP_QUERY_AUTHORIZATION                     28
#define HTTP_QUERY_CONTENT_ENCODING                  29
#define HTTP_QUERY_FORWARDED                         30
#define HTTP_QUERY_FROM                              31
#define HTTP_QUERY_IF_MODIFIED_SINCE                 32
#define HTTP_QUERY_LOCATION                          33
#define HTTP_QUERY_ORIG_URI                          34
#define HTTP_QUERY_REFERER                           35
#define HTTP_QUERY_RETRY_AFTER                       36
#define HTTP_QUERY_SERVER                            37
#define HTTP_QUERY_TITLE                             38
#define HTTP_QUERY_USER_AGENT                        39
#define HTTP_QUERY_WWW_AUTHENTICATE                  40
#define HTTP_QUERY_PROXY_AUTHENTICATE                41
#define HTTP_QUERY_ACCEPT_RANGES                     42
#define HTTP_QUERY_SET_COOKIE                        43
#define HTTP_QUERY_COOKIE                            44
#define HTTP_QUERY_REQUEST_METHOD                    45
#define HTTP_QUERY_REFRESH                           46
#define HTTP_QUERY_CONTENT_DISPOSITION               47
#define HTTP_QUERY_AGE                               48
#define HTTP_QUERY_CACHE_CONTROL                     49
#define HTTP_QUERY_CONTENT_BASE                      50
#define HTTP_QUERY_CONTENT_LOCATION                  51
#define HTTP_QUERY_CONTENT_MD5                       52
#define HTTP_QUERY_CONTENT_RANGE                     53
#define HTTP_QUERY_ETAG                              54
#define HTTP_QUERY_HOST                              55
#define HTTP_QUERY_IF_MATCH                          56
#define HTTP_QUERY_IF_NONE_MATCH                     57
#define HTTP_QUERY_IF_RANGE                          58
#define HTTP_QUERY_IF_UNMODIFIED_SINCE               59
#define HTTP_QUERY_MAX_FORWARDS                      60
#define HTTP_QUERY_PROXY_AUTHORIZATION               61
#define HTTP_QUERY_RANGE                             62
#define HTTP_QUERY_TRANSFER_ENCODING                 63
#define HTTP_QUERY_UPGRADE                           64
#define HTTP_QUERY_VARY                              65
#define HTTP_QUERY_VIA                               66
#define HTTP_QUERY_WARNING                           67
#define HTTP_QUERY_EXPECT                            68
#define HTTP_QUERY_PROXY_CONNECTION                  69
#define HTTP_QUERY_UNLESS_MODIFIED_SINCE             70
#define HTTP_QUERY_ECHO_REQUEST                      71
#define HTTP_QUERY_ECHO_REPLY                        72
#define HTTP_QUERY_ECHO_HEADERS                      73
#define HTTP_QUERY_ECHO_HEADERS_CRLF                 74
#define HTTP_QUERY_PROXY_SUPPORT                     75
#define HTTP_QUERY_AUTHENTICATION_INFO               76
#define HTTP_QUERY_PASSPORT_URLS                     77
#define HTTP_QUERY_PASSPORT_CONFIG                   78
#define HTTP_QUERY_X_CONTENT_TYPE_OPTIONS            79
#define HTTP_QUERY_P3P                               80
#define HTTP_QUERY_X_P2P_PEERDIST                    81
#define HTTP_QUERY_TRANSLATE                         82
#define HTTP_QUERY_X_UA_COMPATIBLE                   83
#define HTTP_QUERY_DEFAULT_STYLE                     84
#define HTTP_QUERY_X_FRAME_OPTIONS                   85
#define HTTP_QUERY_X_XSS_PROTECTION                  86
#define HTTP_QUERY_SET_COOKIE2                       87
#define HTTP_QUERY_DO_NOT_TRACK                      88
#define HTTP_QUERY_KEEP_ALIVE                        89
#define HTTP_QUERY_HTTP2_SETTINGS                    90
#define HTTP_QUERY_STRICT_TRANSPORT_SECURITY         91
#define HTTP_QUERY_TOKEN_BINDING                     92
#define HTTP_QUERY_INCLUDE_REFERRED_TOKEN_BINDING_ID 93
#define HTTP_QUERY_PUBLIC_KEY_PINS                   94
#define HTTP_QUERY_PUBLIC_KEY_PINS_REPORT_ONLY       95
#define HTTP_QUERY_MAX                               95
#define HTTP_QUERY_CUSTOM                            65535

#define HTTP_QUERY_FLAG_REQUEST_HEADERS     0x80000000
#define HTTP_QUERY_FLAG_SYSTEMTIME          0x40000000
#define HTTP_QUERY_FLAG_NUMBER              0x20000000
#define HTTP_QUERY_FLAG_COALESCE            0x10000000
#define HTTP_QUERY_FLAG_NUMBER64            0x08000000
#define HTTP_QUERY_FLAG_COALESCE_WITH_COMMA 0x04000000
#define HTTP_QUERY_MODIFIER_FLAGS_MASK                                                             \
    (HTTP_QUERY_FLAG_REQUEST_HEADERS | HTTP_QUERY_FLAG_SYSTEMTIME | HTTP_QUERY_FLAG_NUMBER |       \
     HTTP_QUERY_FLAG_COALESCE | HTTP_QUERY_FLAG_NUMBER64 | HTTP_QUERY_FLAG_COALESCE_WITH_COMMA)
#define HTTP_QUERY_HEADER_MASK (~HTTP_QUERY_MODIFIER_FLAGS_MASK)

/* ------------------------------------------------------------------ */
/* HTTP                                                               */
/* ------------------------------------------------------------------ */

#define HTTP_MAJOR_VERSION 1
#define HTTP_MINOR_VERSION 0
#define HTTP_VERSIONA      "HTTP/1.0"
#define HTTP_VERSIONW      u"HTTP/1.0"
#ifdef UNICODE
#define HTTP_VERSION HTTP_VERSIONW
#else
#define HTTP_VERSION HTTP_VERSIONA
#endif

#define HTTP_STATUS_CONTINUE           100
#define HTTP_STATUS_SWITCH_PROTOCOLS   101
#define HTTP_STATUS_OK                 200
#define HTTP_STATUS_CREATED            201
#define HTTP_STATUS_ACCEPTED           202
#define HTTP_STATUS_PARTIAL            203
#define HTTP_STATUS_NO_CONTENT         204
#define HTTP_STATUS_RESET_CONTENT      205
#define HTTP_STATUS_PARTIAL_CONTENT    206
#define HTTP_STATUS_AMBIGUOUS          300
#define HTTP_STATUS_MOVED              301
#define HTTP_STATUS_REDIRECT           302
#define HTTP_STATUS_REDIRECT_METHOD    303
#define HTTP_STATUS_NOT_MODIFIED       304
#define HTTP_STATUS_USE_PROXY          305
#define HTTP_STATUS_REDIRECT_KEEP_VERB 307
#define HTTP_STATUS_BAD_REQUEST        400
#define HTTP_STATUS_DENIED             401
#define HTTP_STATUS_PAYMENT_REQ        402
#define HTTP_STATUS_FORBIDDEN          403
#define HTTP_STATUS_NOT_FOUND          404
#define HTTP_STATUS_BAD_METHOD         405
#define HTTP_STATUS_NONE_ACCEPTABLE    406
#define HTTP_STATUS_PROXY_AUTH_REQ     407
#define HTTP_STATUS_REQUEST_TIMEOUT    408
#define HTTP_STATUS_CONFLICT           409
#define HTTP_STATUS_GONE               410
#define HTTP_STATUS_LENGTH_REQUIRED    411
#define HTTP_STATUS_PRECOND_FAILED     412
#define HTTP_STATUS_REQUEST_TOO_LARGE  413
#define HTTP_STATUS_URI_TOO_LONG       414
#define HTTP_STATUS_UNSUPPORTED_MEDIA  415
#define HTTP_STATUS_RETRY_WITH         449
#define HTTP_STATUS_SERVER_ERROR       500
#define HTTP_STATUS_NOT_SUPPORTED      501
#define HTTP_STATUS_BAD_GATEWAY        502
#define HTTP_STATUS_SERVICE_UNAVAIL    503
#define HTTP_STATUS_GATEWAY_TIMEOUT    504
#define HTTP_STATUS_VERSION_NOT_SUP    505
#define HTTP_STATUS_FIRST              HTTP_STATUS_CONTINUE
#define HTTP_STATUS_LAST               HTTP_STATUS_VERSION_NOT_SUP

/* ------------------------------------------------------------------ */
/* Cookies                                                            */
/* ------------------------------------------------------------------ */

#define INTERNET_COOKIE_IS_SECURE       0x00000001
#define INTERNET_COOKIE_IS_SESSION      0x00000002
#define INTERNET_COOKIE_THIRD_PARTY     0x00000010
#define INTERNET_COOKIE_PROMPT_REQUIRED 0x00000020
#define INTERNET_COOKIE_EVALUATE_P3P    0x00000040
#define INTERNET_COOKIE_APPLY_P3P       0x00000080
#define INTERNET_COOKIE_P3P_ENABLED     0x00000100
#define INTERNET_COOKIE_IS_RESTRICTED   0x00000200
#define INTERNET_COOKIE_IE6             0x00000400
#define INTERNET_COOKIE_IS_LEGACY       0x00000800
#define INTERNET_COOKIE_NON_SCRIPT      0x00001000
#define INTERNET_COOKIE_HTTPONLY        0x00002000

/* ------------------------------------------------------------------ */
/* Error codes                                                        */
/* ------------------------------------------------------------------ */

#define INTERNET_ERROR_BASE                              12000
#define ERROR_INTERNET_OUT_OF_HANDLES                    (INTERNET_ERROR_BASE + 1)
#define ERROR_INTERNET_TIMEOUT                           (INTERNET_ERROR_BASE + 2)
#define ERROR_INTERNET_EXTENDED_ERROR                    (INTERNET_ERROR_BASE + 3)
#define ERROR_INTERNET_INTERNAL_ERROR                    (INTERNET_ERROR_BASE + 4)
#define ERROR_INTERNET_INVALID_URL                       (INTERNET_ERROR_BASE + 5)
#define ERROR_INTERNET_UNRECOGNIZED_SCHEME               (INTERNET_ERROR_BASE + 6)
#define ERROR_INTERNET_NAME_NOT_RESOLVED                 (INTERNET_ERROR_BASE + 7)
#define ERROR_INTERNET_PROTOCOL_NOT_FOUND                (INTERNET_ERROR_BASE + 8)
#define ERROR_INTERNET_INVALID_OPTION                    (INTERNET_ERROR_BASE + 9)
#define ERROR_INTERNET_BAD_OPTION_LENGTH                 (INTERNET_ERROR_BASE + 10)
#define ERROR_INTERNET_OPTION_NOT_SETTABLE               (INTERNET_ERROR_BASE + 11)
#define ERROR_INTERNET_SHUTDOWN                          (INTERNET_ERROR_BASE + 12)
#define ERROR_INTERNET_INCORRECT_USER_NAME               (INTERNET_ERROR_BASE + 13)
#define ERROR_INTERNET_INCORRECT_PASSWORD                (INTERNET_ERROR_BASE + 14)
#define ERROR_INTERNET_LOGIN_FAILURE                     (INTERNET_ERROR_BASE + 15)
#define ERROR_INTERNET_INVALID_OPERATION                 (INTERNET_ERROR_BASE + 16)
#define ERROR_INTERNET_OPERATION_CANCELLED               (INTERNET_ERROR_BASE + 17)
#define ERROR_INTERNET_INCORRECT_HANDLE_TYPE             (INTERNET_ERROR_BASE + 18)
#define ERROR_INTERNET_INCORRECT_HANDLE_STATE            (INTERNET_ERROR_BASE + 19)
#define ERROR_INTERNET_NOT_PROXY_REQUEST                 (INTERNET_ERROR_BASE + 20)
#define ERROR_INTERNET_REGISTRY_VALUE_NOT_FOUND          (INTERNET_ERROR_BASE + 21)
#define ERROR_INTERNET_BAD_REGISTRY_PARAMETER            (INTERNET_ERROR_BASE + 22)
#define ERROR_INTERNET_NO_DIRECT_ACCESS                  (INTERNET_ERROR_BASE + 23)
#define ERROR_INTERNET_NO_CONTEXT                        (INTERNET_ERROR_BASE + 24)
#define ERROR_INTERNET_NO_CALLBACK                       (INTERNET_ERROR_BASE + 25)
#define ERROR_INTERNET_REQUEST_PENDING                   (INTERNET_ERROR_BASE + 26)
#define ERROR_INTERNET_INCORRECT_FORMAT                  (INTERNET_ERROR_BASE + 27)
#define ERROR_INTERNET_ITEM_NOT_FOUND                    (INTERNET_ERROR_BASE + 28)
#define ERROR_INTERNET_CANNOT_CONNECT                    (INTERNET_ERROR_BASE + 29)
#define ERROR_INTERNET_CONNECTION_ABORTED                (INTERNET_ERROR_BASE + 30)
#define ERROR_INTERNET_CONNECTION_RESET                  (INTERNET_ERROR_BASE + 31)
#define ERROR_INTERNET_FORCE_RETRY                       (INTERNET_ERROR_BASE + 32)
#define ERROR_INTERNET_INVALID_PROXY_REQUEST             (INTERNET_ERROR_BASE + 33)
#define ERROR_INTERNET_NEED_UI                           (INTERNET_ERROR_BASE + 34)
#define ERROR_INTERNET_HANDLE_EXISTS                     (INTERNET_ERROR_BASE + 36)
#define ERROR_INTERNET_SEC_CERT_DATE_INVALID             (INTERNET_ERROR_BASE + 37)
#define ERROR_INTERNET_SEC_CERT_CN_INVALID               (INTERNET_ERROR_BASE + 38)
#define ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR            (INTERNET_ERROR_BASE + 39)
#define ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR            (INTERNET_ERROR_BASE + 40)
#define ERROR_INTERNET_MIXED_SECURITY                    (INTERNET_ERROR_BASE + 41)
#define ERROR_INTERNET_CHG_POST_IS_NON_SECURE            (INTERNET_ERROR_BASE + 42)
#define ERROR_INTERNET_POST_IS_NON_SECURE                (INTERNET_ERROR_BASE + 43)
#define ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED           (INTERNET_ERROR_BASE + 44)
#define ERROR_INTERNET_INVALID_CA                        (INTERNET_ERROR_BASE + 45)
#define ERROR_INTERNET_CLIENT_AUTH_NOT_SETUP             (INTERNET_ERROR_BASE + 46)
#define ERROR_INTERNET_ASYNC_THREAD_FAILED               (INTERNET_ERROR_BASE + 47)
#define ERROR_INTERNET_REDIRECT_SCHEME_CHANGE            (INTERNET_ERROR_BASE + 48)
#define ERROR_INTERNET_DIALOG_PENDING                    (INTERNET_ERROR_BASE + 49)
#define ERROR_INTERNET_RETRY_DIALOG                      (INTERNET_ERROR_BASE + 50)
#define ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR           (INTERNET_ERROR_BASE + 52)
#define ERROR_INTERNET_INSERT_CDROM                      (INTERNET_ERROR_BASE + 53)
#define ERROR_INTERNET_FORTEZZA_LOGIN_NEEDED             (INTERNET_ERROR_BASE + 54)
#define ERROR_INTERNET_SEC_CERT_ERRORS                   (INTERNET_ERROR_BASE + 55)
#define ERROR_INTERNET_SEC_CERT_NO_REV                   (INTERNET_ERROR_BASE + 56)
#define ERROR_INTERNET_SEC_CERT_REV_FAILED               (INTERNET_ERROR_BASE + 57)
#define ERROR_HTTP_HSTS_REDIRECT_REQUIRED                (INTERNET_ERROR_BASE + 60)
#define ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE           (INTERNET_ERROR_BASE + 62)
#define ERROR_FTP_TRANSFER_IN_PROGRESS                   (INTERNET_ERROR_BASE + 110)
#define ERROR_FTP_DROPPED                                (INTERNET_ERROR_BASE + 111)
#define ERROR_FTP_NO_PASSIVE_MODE                        (INTERNET_ERROR_BASE + 112)
#define ERROR_GOPHER_PROTOCOL_ERROR                      (INTERNET_ERROR_BASE + 130)
#define ERROR_GOPHER_NOT_FILE                            (INTERNET_ERROR_BASE + 131)
#define ERROR_GOPHER_DATA_ERROR                          (INTERNET_ERROR_BASE + 132)
#define ERROR_GOPHER_END_OF_DATA                         (INTERNET_ERROR_BASE + 133)
#define ERROR_GOPHER_INVALID_LOCATOR                     (INTERNET_ERROR_BASE + 134)
#define ERROR_GOPHER_INCORRECT_LOCATOR_TYPE              (INTERNET_ERROR_BASE + 135)
#define ERROR_GOPHER_NOT_GOPHER_PLUS                     (INTERNET_ERROR_BASE + 136)
#define ERROR_GOPHER_ATTRIBUTE_NOT_FOUND                 (INTERNET_ERROR_BASE + 137)
#define ERROR_GOPHER_UNKNOWN_LOCATOR                     (INTERNET_ERROR_BASE + 138)
#define ERROR_HTTP_HEADER_NOT_FOUND                      (INTERNET_ERROR_BASE + 150)
#define ERROR_HTTP_DOWNLEVEL_SERVER                      (INTERNET_ERROR_BASE + 151)
#define ERROR_HTTP_INVALID_SERVER_RESPONSE               (INTERNET_ERROR_BASE + 152)
#define ERROR_HTTP_INVALID_HEADER                        (INTERNET_ERROR_BASE + 153)
#define ERROR_HTTP_INVALID_QUERY_REQUEST                 (INTERNET_ERROR_BASE + 154)
#define ERROR_HTTP_HEADER_ALREADY_EXISTS                 (INTERNET_ERROR_BASE + 155)
#define ERROR_HTTP_REDIRECT_FAILED                       (INTERNET_ERROR_BASE + 156)
#define ERROR_INTERNET_SECURITY_CHANNEL_ERROR            (INTERNET_ERROR_BASE + 157)
#define ERROR_INTERNET_UNABLE_TO_CACHE_FILE              (INTERNET_ERROR_BASE + 158)
#define ERROR_INTERNET_TCPIP_NOT_INSTALLED               (INTERNET_ERROR_BASE + 159)
#define ERROR_HTTP_NOT_REDIRECTED                        (INTERNET_ERROR_BASE + 160)
#define ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION             (INTERNET_ERROR_BASE + 161)
#define ERROR_HTTP_COOKIE_DECLINED                       (INTERNET_ERROR_BASE + 162)
#define ERROR_INTERNET_DISCONNECTED                      (INTERNET_ERROR_BASE + 163)
#define ERROR_INTERNET_SERVER_UNREACHABLE                (INTERNET_ERROR_BASE + 164)
#define ERROR_INTERNET_PROXY_SERVER_UNREACHABLE          (INTERNET_ERROR_BASE + 165)
#define ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT             (INTERNET_ERROR_BASE + 166)
#define ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT         (INTERNET_ERROR_BASE + 167)
#define ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION           (INTERNET_ERROR_BASE + 168)
#define ERROR_INTERNET_SEC_INVALID_CERT                  (INTERNET_ERROR_BASE + 169)
#define ERROR_INTERNET_SEC_CERT_REVOKED                  (INTERNET_ERROR_BASE + 170)
#define ERROR_INTERNET_FAILED_DUETOSECURITYCHECK         (INTERNET_ERROR_BASE + 171)
#define ERROR_INTERNET_NOT_INITIALIZED                   (INTERNET_ERROR_BASE + 172)
#define ERROR_INTERNET_NEED_MSN_SSPI_PKG                 (INTERNET_ERROR_BASE + 173)
#define ERROR_INTERNET_LOGIN_FAILURE_DISPLAY_ENTITY_BODY (INTERNET_ERROR_BASE + 174)
#define ERROR_INTERNET_DECODING_FAILED                   (INTERNET_ERROR_BASE + 175)
#define ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED_PROXY     (INTERNET_ERROR_BASE + 187)
#define ERROR_INTERNET_SECURE_FAILURE_PROXY              (INTERNET_ERROR_BASE + 188)
#define INTERNET_ERROR_LAST                              ERROR_INTERNET_SECURE_FAILURE_PROXY

/* ------------------------------------------------------------------ */
/* Functions                                                          */
/* ------------------------------------------------------------------ */

/* Sessions, connections, handles */
INTERNETAPI HINTERNET WINAPI InternetOpenA(LPCSTR lpszAgent, DWORD dwAccessType, LPCSTR lpszProxy,
                                           LPCSTR lpszProxyBypass, DWORD dwFlags);
INTERNETAPI HINTERNET WINAPI InternetOpenW(LPCWSTR lpszAgent, DWORD dwAccessType, LPCWSTR lpszProxy,
                                           LPCWSTR lpszProxyBypass, DWORD dwFlags);
INTERNETAPI HINTERNET WINAPI InternetConnectA(HINTERNET hInternet, LPCSTR lpszServerName,
                                              INTERNET_PORT nServerPort, LPCSTR lpszUserName,
                                              LPCSTR lpszPassword, DWORD dwService, DWORD dwFlags,
                                              DWORD_PTR dwContext);
INTERNETAPI HINTERNET WINAPI InternetConnectW(HINTERNET hInternet, LPCWSTR lpszServerName,
                                              INTERNET_PORT nServerPort, LPCWSTR lpszUserName,
                                              LPCWSTR lpszPassword, DWORD dwService, DWORD dwFlags,
                                              DWORD_PTR dwContext);
INTERNETAPI HINTERNET WINAPI InternetOpenUrlA(HINTERNET hInternet, LPCSTR lpszUrl,
                                              LPCSTR lpszHeaders, DWORD dwHeadersLength,
                                              DWORD dwFlags, DWORD_PTR dwContext);
INTERNETAPI HINTERNET WINAPI InternetOpenUrlW(HINTERNET hInternet, LPCWSTR lpszUrl,
                                              LPCWSTR lpszHeaders, DWORD dwHeadersLength,
                                              DWORD dwFlags, DWORD_PTR dwContext);
BOOLAPI InternetCloseHandle(HINTERNET hInternet);
INTERNETAPI INTERNET_STATUS_CALLBACK WINAPI
InternetSetStatusCallbackA(HINTERNET hInternet, INTERNET_STATUS_CALLBACK lpfnInternetCallback);
INTERNETAPI INTERNET_STATUS_CALLBACK WINAPI
InternetSetStatusCallbackW(HINTERNET hInternet, INTERNET_STATUS_CALLBACK lpfnInternetCallback);
BOOLAPI InternetGetLastResponseInfoA(LPDWORD lpdwError, LPSTR lpszBuffer, LPDWORD lpdwBufferLength);
BOOLAPI InternetGetLastResponseInfoW(LPDWORD lpdwError, LPWSTR lpszBuffer,
                                     LPDWORD lpdwBufferLength);
INTERNETAPI DWORD WINAPI InternetAttemptConnect(DWORD dwReserved);
BOOLAPI InternetCheckConnectionA(LPCSTR lpszUrl, DWORD dwFlags, DWORD dwReserved);
BOOLAPI InternetCheckConnectionW(LPCWSTR lpszUrl, DWORD dwFlags, DWORD dwReserved);

/* HTTP requests */
INTERNETAPI HINTERNET WINAPI HttpOpenRequestA(HINTERNET hConnect, LPCSTR lpszVerb,
                                              LPCSTR lpszObjectName, LPCSTR lpszVersion,
                                              LPCSTR lpszReferrer, LPCSTR *lplpszAcceptTypes,
                                              DWORD dwFlags, DWORD_PTR dwContext);
INTERNETAPI HINTERNET WINAPI HttpOpenRequestW(HINTERNET hConnect, LPCWSTR lpszVerb,
                                              LPCWSTR lpszObjectName, LPCWSTR lpszVersion,
                                              LPCWSTR lpszReferrer, LPCWSTR *lplpszAcceptTypes,
                                              DWORD dwFlags, DWORD_PTR dwContext);
BOOLAPI HttpAddRequestHeadersA(HINTERNET hRequest, LPCSTR lpszHeaders, DWORD dwHeadersLength,
                               DWORD dwModifiers);
BOOLAPI HttpAddRequestHeadersW(HINTERNET hRequest, LPCWSTR lpszHeaders, DWORD dwHeadersLength,
                               DWORD dwModifiers);
BOOLAPI HttpSendRequestA(HINTERNET hRequest, LPCSTR lpszHeaders, DWORD dwHeadersLength,
                         LPVOID lpOptional, DWORD dwOptionalLength);
BOOLAPI HttpSendRequestW(HINTERNET hRequest, LPCWSTR lpszHeaders, DWORD dwHeadersLength,
                         LPVOID lpOptional, DWORD dwOptionalLength);
BOOLAPI HttpSendRequestExA(HINTERNET hRequest, LPINTERNET_BUFFERSA lpBuffersIn,
                           LPINTERNET_BUFFERSA lpBuffersOut, DWORD dwFlags, DWORD_PTR dwContext);
BOOLAPI HttpSendRequestExW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersIn,
                           LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags, DWORD_PTR dwContext);
BOOLAPI HttpEndRequestA(HINTERNET hRequest, LPINTERNET_BUFFERSA lpBuffersOut, DWORD dwFlags,
                        DWORD_PTR dwContext);
BOOLAPI HttpEndRequestW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags,
                        DWORD_PTR dwContext);
BOOLAPI HttpQueryInfoA(HINTERNET hRequest, DWORD dwInfoLevel, LPVOID lpBuffer,
                       LPDWORD lpdwBufferLength, LPDWORD lpdwIndex);
BOOLAPI HttpQueryInfoW(HINTERNET hRequest, DWORD dwInfoLevel, LPVOID lpBuffer,
                       LPDWORD lpdwBufferLength, LPDWORD lpdwIndex);

/* Data transfer */
BOOLAPI InternetReadFile(HINTERNET hFile, LPVOID lpBuffer, DWORD dwNumberOfBytesToRead,
                         LPDWORD lpdwNumberOfBytesRead);
BOOLAPI InternetReadFileExA(HINTERNET hFile, LPINTERNET_BUFFERSA lpBuffersOut, DWORD dwFlags,
                            DWORD_PTR dwContext);
BOOLAPI InternetReadFileExW(HINTERNET hFile, LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags,
                            DWORD_PTR dwContext);
BOOLAPI InternetWriteFile(HINTERNET hFile, LPCVOID lpBuffer, DWORD dwNumberOfBytesToWrite,
                          LPDWORD lpdwNumberOfBytesWritten);
BOOLAPI InternetQueryDataAvailable(HINTERNET hFile, LPDWORD lpdwNumberOfBytesAvailable,
                                   DWORD dwFlags, DWORD_PTR dwContext);
INTERNETAPI DWORD WINAPI InternetSetFilePointer(HINTERNET hFile, LONG lDistanceToMove,
                                                PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod,
                                                DWORD_PTR dwContext);

/* Options */
BOOLAPI InternetQueryOptionA(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                             LPDWORD lpdwBufferLength);
BOOLAPI InternetQueryOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                             LPDWORD lpdwBufferLength);
BOOLAPI InternetSetOptionA(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                           DWORD dwBufferLength);
BOOLAPI InternetSetOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                           DWORD dwBufferLength);
BOOLAPI InternetSetOptionExA(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                             DWORD dwBufferLength, DWORD dwFlags);
BOOLAPI InternetSetOptionExW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                             DWORD dwBufferLength, DWORD dwFlags);

/* URLs (no network) */
BOOLAPI InternetCrackUrlA(LPCSTR lpszUrl, DWORD dwUrlLength, DWORD dwFlags,
                          LPURL_COMPONENTSA lpUrlComponents);
BOOLAPI InternetCrackUrlW(LPCWSTR lpszUrl, DWORD dwUrlLength, DWORD dwFlags,
                          LPURL_COMPONENTSW lpUrlComponents);
BOOLAPI InternetCreateUrlA(LPURL_COMPONENTSA lpUrlComponents, DWORD dwFlags, LPSTR lpszUrl,
                           LPDWORD lpdwUrlLength);
BOOLAPI InternetCreateUrlW(LPURL_COMPONENTSW lpUrlComponents, DWORD dwFlags, LPWSTR lpszUrl,
                           LPDWORD lpdwUrlLength);
BOOLAPI InternetCanonicalizeUrlA(LPCSTR lpszUrl, LPSTR lpszBuffer, LPDWORD lpdwBufferLength,
                                 DWORD dwFlags);
BOOLAPI InternetCanonicalizeUrlW(LPCWSTR lpszUrl, LPWSTR lpszBuffer, LPDWORD lpdwBufferLength,
                                 DWORD dwFlags);
BOOLAPI InternetCombineUrlA(LPCSTR lpszBaseUrl, LPCSTR lpszRelativeUrl, LPSTR lpszBuffer,
                            LPDWORD lpdwBufferLength, DWORD dwFlags);
BOOLAPI InternetCombineUrlW(LPCWSTR lpszBaseUrl, LPCWSTR lpszRelativeUrl, LPWSTR lpszBuffer,
                            LPDWORD lpdwBufferLength, DWORD dwFlags);

/* Cookies */
BOOLAPI InternetSetCookieA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPCSTR lpszCookieData);
BOOLAPI InternetSetCookieW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName, LPCWSTR lpszCookieData);
BOOLAPI InternetGetCookieA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPSTR lpszCookieData,
                           LPDWORD lpdwSize);
BOOLAPI InternetGetCookieW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName, LPWSTR lpszCookieData,
                           LPDWORD lpdwSize);

/* ------------------------------------------------------------------ */
/* Unsuffixed names: A, or W when UNICODE is defined                  */
/* ------------------------------------------------------------------ */

#ifdef UNICODE
#define OI_WININET_AW(name) name##W
#else
#define OI_WININET_AW(name) name##A
#endif

typedef OI_WININET_AW(URL_COMPONENTS) URL_COMPONENTS;
typedef OI_WININET_AW(LPURL_COMPONENTS) LPURL_COMPONENTS;
typedef OI_WININET_AW(INTERNET_BUFFERS) INTERNET_BUFFERS;
typedef OI_WININET_AW(LPINTERNET_BUFFERS) LPINTERNET_BUFFERS;
typedef OI_WININET_AW(INTERNET_CERTIFICATE_INFO) INTERNET_CERTIFICATE_INFO;
typedef OI_WININET_AW(LPINTERNET_CERTIFICATE_INFO) LPINTERNET_CERTIFICATE_INFO;

#define InternetOpen                OI_WININET_AW(InternetOpen)
#define InternetConnect             OI_WININET_AW(InternetConnect)
#define InternetOpenUrl             OI_WININET_AW(InternetOpenUrl)
#define InternetSetStatusCallback   OI_WININET_AW(InternetSetStatusCallback)
#define InternetGetLastResponseInfo OI_WININET_AW(InternetGetLastResponseInfo)
#define InternetCheckConnection     OI_WININET_AW(InternetCheckConnection)
#define HttpOpenRequest             OI_WININET_AW(HttpOpenRequest)
#define HttpAddRequestHeaders       OI_WININET_AW(HttpAddRequestHeaders)
#define HttpSendRequest             OI_WININET_AW(HttpSendRequest)
#define HttpSendRequestEx           OI_WININET_AW(HttpSendRequestEx)
#define HttpEndRequest              OI_WININET_AW(HttpEndRequest)
#define HttpQueryInfo               OI_WININET_AW(HttpQueryInfo)
#define InternetReadFileEx          OI_WININET_AW(InternetReadFileEx)
#define InternetQueryOption         OI_WININET_AW(InternetQueryOption)
#define InternetSetOption           OI_WININET_AW(InternetSetOption)
#define InternetSetOptionEx         OI_WININET_AW(InternetSetOptionEx)
#define InternetCrackUrl            OI_WININET_AW(InternetCrackUrl)
#define InternetCreateUrl           OI_WININET_AW(InternetCreateUrl)
#define InternetCanonicalizeUrl     OI_WININET_AW(InternetCanonicalizeUrl)
#define InternetCombineUrl          OI_WININET_AW(InternetCombineUrl)
#define InternetSetCookie           OI_WININET_AW(InternetSetCookie)
#define InternetGetCookie           OI_WININET_AW(InternetGetCookie)

#ifdef __cplusplus
}
#endif
#endif
