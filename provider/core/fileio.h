/* Opening files by UTF-8 path everywhere: on Windows the C runtime's fopen
 * takes the ANSI code page, so a catalog or inventory under a Japanese or
 * Chinese folder name would not open. Portable (no windows.h). */
#ifndef ACSREADY_CORE_FILEIO_H
#define ACSREADY_CORE_FILEIO_H

#include <stdio.h>

/* NULL with errno set when the file cannot be opened, including when it is a
 * directory (EISDIR): an input that cannot be read is "cannot open" (exit 66
 * in the command line), not a read error later. */
FILE *acs_fopen(const char *utf8_path, const char *mode);
/* stdin as an input file, or NULL (errno EBADF) when the process was started
 * with stdin closed, or EISDIR when it is a directory. */
FILE *acs_stdin_input(void);

#endif
