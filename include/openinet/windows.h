/*
 * A minimal <windows.h> for programs written against WinInet.
 *
 * With `-I include/openinet` (or the installed include/openinet), a program
 * that starts with `#include <windows.h>` and `#include <wininet.h>` builds
 * unchanged on Linux, macOS and the BSDs.  This header declares only what
 * WinInet programs use around the WinInet calls: the Win32 integer and
 * string types with their Windows sizes (DWORD is 32 bits everywhere, as
 * on Windows), SYSTEMTIME and FILETIME, the error numbers WinInet reports,
 * GetLastError/SetLastError (thread-local, as on Windows), Sleep and
 * LocalFree.  It is not a Win32 emulation.
 *
 * Wide strings are UTF-16 (WCHAR is 16 bits, as on Windows).  In C11 a
 * u"text" literal is a const WCHAR array; L"text" is not, because wchar_t
 * is 32 bits on these systems.  Define UNICODE before including the
 * headers to make the unsuffixed names (InternetOpen, ...) the W forms.
 */
#ifndef OPENINET_WINDOWS_H
#define OPENINET_WINDOWS_H

/* Headers the Windows one brings in too, which programs rely on. */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- calling conventions and annotations: nothing to do here ---- */
#define WINAPI
#define CALLBACK
#define APIENTRY
#define WINAPIV
#define FAR
#define NEAR
#define IN
#define OUT
#define OPTIONAL
#define CONST const
#ifndef _MSC_VER
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#endif

/* ---- integer types, with their Windows sizes ---- */
#define VOID void
typedef char CHAR;
typedef int16_t SHORT;
typedef int32_t LONG;
typedef int INT;
typedef uint8_t BYTE;
typedef uint8_t UCHAR;
typedef uint16_t WORD;
typedef uint16_t USHORT;
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef unsigned int UINT;
typedef int BOOL;
typedef BYTE BOOLEAN;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uint64_t DWORDLONG;
typedef uint64_t DWORD64;
typedef intptr_t INT_PTR;
typedef uintptr_t UINT_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef uintptr_t DWORD_PTR;
typedef size_t SIZE_T;

typedef BYTE *PBYTE, *LPBYTE;
typedef WORD *PWORD, *LPWORD;
typedef DWORD *PDWORD, *LPDWORD;
typedef LONG *PLONG, *LPLONG;
typedef BOOL *PBOOL, *LPBOOL;
typedef INT *PINT, *LPINT;
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;
typedef DWORD_PTR *PDWORD_PTR;

/* ---- strings: CHAR is UTF-8 (the "ANSI" code page), WCHAR UTF-16 ---- */
#ifdef __cplusplus
typedef char16_t WCHAR;
#else
typedef uint_least16_t WCHAR; /* the type of C11's char16_t and u"" literals */
#endif
typedef CHAR *PSTR, *LPSTR;
typedef const CHAR *PCSTR, *LPCSTR;
typedef WCHAR *PWSTR, *LPWSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR;

#ifdef UNICODE
typedef WCHAR TCHAR;
#define __TEXT(s) u##s
#else
typedef CHAR TCHAR;
#define __TEXT(s) s
#endif
#define TEXT(s) __TEXT(s)
typedef TCHAR *LPTSTR, *PTSTR;
typedef const TCHAR *LPCTSTR, *PCTSTR;

/* ---- handles ---- */
typedef void *HANDLE;
typedef HANDLE *PHANDLE, *LPHANDLE;
typedef void *HWND;
typedef void *HMODULE;
typedef void *HINSTANCE;
typedef void *HLOCAL;
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#define INFINITE 0xFFFFFFFFu
#define MAX_PATH 260

#define LOWORD(l)           ((WORD)((DWORD_PTR)(l)&0xFFFF))
#define HIWORD(l)           ((WORD)(((DWORD_PTR)(l) >> 16) & 0xFFFF))
#define MAKELONG(a, b)      ((LONG)(((WORD)(a)) | ((DWORD)((WORD)(b))) << 16))
#define MAKEWORD(a, b)      ((WORD)(((BYTE)(a)) | ((WORD)((BYTE)(b))) << 8))
#define ZeroMemory(p, n)    memset((p), 0, (n))
#define FillMemory(p, n, c) memset((p), (c), (n))
#define CopyMemory(d, s, n) memcpy((d), (s), (n))
#define MoveMemory(d, s, n) memmove((d), (s), (n))

/* ---- times ---- */
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;     /* 1 = January */
    WORD wDayOfWeek; /* 0 = Sunday */
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

/* ---- files (InternetSetFilePointer, FtpOpenFile) ---- */
#define FILE_BEGIN               0
#define FILE_CURRENT             1
#define FILE_END                 2
#define INVALID_SET_FILE_POINTER ((DWORD)-1)
#define GENERIC_READ             0x80000000u
#define GENERIC_WRITE            0x40000000u
#define FILE_ATTRIBUTE_NORMAL    0x00000080u

/* ---- Win32 error numbers WinInet reports ---- */
#define ERROR_SUCCESS              0L
#define NO_ERROR                   0L
#define ERROR_INVALID_FUNCTION     1L
#define ERROR_FILE_NOT_FOUND       2L
#define ERROR_PATH_NOT_FOUND       3L
#define ERROR_ACCESS_DENIED        5L
#define ERROR_INVALID_HANDLE       6L
#define ERROR_NOT_ENOUGH_MEMORY    8L
#define ERROR_INVALID_DATA         13L
#define ERROR_OUTOFMEMORY          14L
#define ERROR_NO_MORE_FILES        18L
#define ERROR_WRITE_FAULT          29L
#define ERROR_READ_FAULT           30L
#define ERROR_GEN_FAILURE          31L
#define ERROR_HANDLE_EOF           38L
#define ERROR_NOT_SUPPORTED        50L
#define ERROR_FILE_EXISTS          80L
#define ERROR_INVALID_PARAMETER    87L
#define ERROR_CALL_NOT_IMPLEMENTED 120L
#define ERROR_NEGATIVE_SEEK        131L
#define ERROR_INSUFFICIENT_BUFFER  122L
#define ERROR_INVALID_NAME         123L
#define ERROR_BAD_ARGUMENTS        160L
#define ERROR_ALREADY_EXISTS       183L
#define ERROR_MORE_DATA            234L
#define ERROR_NO_MORE_ITEMS        259L
#define ERROR_IO_INCOMPLETE        996L
#define ERROR_IO_PENDING           997L
#define ERROR_NOT_FOUND            1168L
#define ERROR_CANCELLED            1223L
#define ERROR_INTERNAL_ERROR       1359L
#define ERROR_TIMEOUT              1460L
#define ERROR_NOT_CONNECTED        2250L
#define ERROR_INVALID_OPERATION    4317L

/* The calling thread's last error code: every WinInet call that fails sets
 * it; calls that succeed leave it alone unless they say otherwise. */
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD code);

/* Suspend the calling thread for `ms` milliseconds (INFINITE: for ever). */
void WINAPI Sleep(DWORD ms);

/* Free memory WinInet allocated for the caller (the strings of
 * INTERNET_CERTIFICATE_INFO).  Returns NULL. */
HLOCAL WINAPI LocalFree(HLOCAL mem);

#ifdef __cplusplus
}
#endif
#endif
