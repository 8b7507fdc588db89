/* How every catalog document is parsed: by the loader (catalog_load.c,
 * parse_document) and by the build's validation of the built-in copy
 * (scripts/gen-catalog.c), which must see the same tree the loader builds.
 * No XML_PARSE_NOENT (entities stay references), no DTDLOAD/DTDATTR/DTDVALID,
 * no XINCLUDE (never processed), no HUGE (libxml2's own depth and size caps
 * stay on). BIG_LINES: line numbers past 65535 stay right. NOBLANKS and
 * COMPACT only make the tree smaller (no node for the indentation between
 * elements, short texts stored in their node): a quarter fewer allocations
 * for the built-in catalog (7,300 -> 5,500), and a first load in a process
 * spends much of its time in malloc and page faults. The model, every text
 * and every line number stay the same. Needs <libxml/parser.h>. */
#ifndef ACSREADY_CORE_CATALOG_PARSE_OPTIONS_H
#define ACSREADY_CORE_CATALOG_PARSE_OPTIONS_H

#define ACS_CATALOG_PARSE_OPTIONS                                                                               \
    (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS |      \
     XML_PARSE_COMPACT)

#endif
