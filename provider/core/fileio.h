/* Opening files by UTF-8 path everywhere: on Windows the C runtime's fopen
 * takes the ANSI code page, so a catalog or inventory under a Japanese or
 * Chinese folder name would not open. Portable (no windows.h). */
#ifndef ACSREADY_CORE_FILEIO_H
#define ACSREADY_CORE_FILEIO_H

#include <stdio.h>

FILE *acs_fopen(const char *utf8_path, const char *mode);

#endif
