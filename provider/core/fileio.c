#include "core/fileio.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>
#ifdef _WIN32
#include <io.h>
#include <stdlib.h>
#include <wchar.h>
#else
#include <unistd.h>
#endif

#ifdef _WIN32
/* UTF-8 -> UTF-16 by hand: the core stays free of windows.h. Invalid
 * sequences fail the open rather than open some other file. */
static wchar_t *utf8_to_utf16(const char *s)
{
    size_t len = 0, out = 0;
    wchar_t *w;
    while (s[len])
        len++;
    w = malloc((len + 1) * sizeof *w * 2);
    if (!w)
        return NULL;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        unsigned long cp;
        size_t extra;
        if (c < 0x80) cp = c, extra = 0;
        else if ((c & 0xE0) == 0xC0) cp = c & 0x1F, extra = 1;
        else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, extra = 2;
        else if ((c & 0xF8) == 0xF0) cp = c & 0x07, extra = 3;
        else goto bad;
        if (i + extra >= len)
            goto bad;
        for (size_t k = 1; k <= extra; k++) {
            unsigned char cc = (unsigned char)s[i + k];
            if ((cc & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            w[out++] = (wchar_t)(0xD800 + (cp >> 10));
            w[out++] = (wchar_t)(0xDC00 + (cp & 0x3FF));
        } else {
            w[out++] = (wchar_t)cp;
        }
        i += extra + 1;
    }
    w[out] = 0;
    return w;
bad:
    free(w);
    errno = EINVAL;
    return NULL;
}

FILE *acs_fopen(const char *utf8_path, const char *mode)
{
    wchar_t *wpath = utf8_to_utf16(utf8_path), *wmode = utf8_to_utf16(mode);
    FILE *f = NULL;
    if (wpath && wmode) {
        f = _wfopen(wpath, wmode);
        /* The CRT says EACCES for a directory: name what it is. */
        struct _stat64 st;
        if (!f && errno == EACCES && _wstat64(wpath, &st) == 0 && (st.st_mode & _S_IFMT) == _S_IFDIR)
            errno = EISDIR;
    }
    free(wpath);
    free(wmode);
    return f;
}

FILE *acs_stdin_input(void)
{
    struct _stat64 st;
    int fd = _fileno(stdin);
    if (fd < 0 || _fstat64(fd, &st) != 0) {
        errno = EBADF;
        return NULL;
    }
    return stdin;
}
#else
FILE *acs_fopen(const char *utf8_path, const char *mode)
{
    FILE *f = fopen(utf8_path, mode);
    struct stat st;
    /* POSIX opens a directory for reading; every read then fails. Refuse it
     * here, where "cannot open" is the true answer. */
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    return f;
}

FILE *acs_stdin_input(void)
{
    struct stat st;
    if (fstat(STDIN_FILENO, &st) != 0) {
        errno = EBADF;
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    return stdin;
}
#endif
