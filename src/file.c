/* Local files (file:// URLs): read like any response body. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oi_file_destroy(oi_handle *h)
{
    close(((oi_file *)h)->fd);
}

oi_status oi_fail_errno(oi_handle *h, const char *what, const char *path, int err)
{
    oi_status code = err == ENOENT || err == ENOTDIR ? OI_E_FILE_NOT_FOUND
                     : err == EACCES || err == EPERM ? OI_E_ACCESS_DENIED
                     : err == ENOMEM                 ? OI_E_OUT_OF_MEMORY
                                                     : OI_E_IO;
    return oi_fail(h, code, "%s %s: %s", what, path, strerror(err));
}

oi_status oi_file_open(oi_handle *session, const char *path, oi_handle **out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return oi_fail_errno(session, "open", path, errno);
    struct stat st;
    int err = fstat(fd, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
    if (err) {
        close(fd);
        return oi_fail_errno(session, "open", path, err);
    }
    oi_file *f = oi_calloc(1, sizeof *f);
    if (!f) {
        close(fd);
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "open %s: out of memory", path);
    }
    f->fd = fd;
    f->size = S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    oi_handle_init(&f->h, OI_HANDLE_FILE, session, oi_file_destroy);
    *out = &f->h;
    oi_handle *self = &f->h;
    oi_notify(self, OI_EVENT_HANDLE_CREATED, &self, sizeof self);
    return OI_OK;
}

oi_status oi_file_read_local(oi_file *f, void *buf, size_t len, size_t *nread)
{
    for (;;) {
        ssize_t n = read(f->fd, buf, len);
        if (n >= 0) {
            *nread = (size_t)n;
            return OI_OK;
        }
        if (errno != EINTR)
            return oi_fail(&f->h, OI_E_IO, "read local file: %s", strerror(errno));
    }
}
