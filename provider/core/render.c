/* Fills a catalog sentence's {placeholders}. Hand-rolled rather than
 * snprintf: an inventory run renders a few sentences per machine for a
 * million machines, and this keeps each under a few hundred nanoseconds. */
#include "core/report.h"

#include <string.h>

typedef struct out_buf {
    char *p;
    size_t used, size; /* size includes the NUL */
} out_buf;

static void put_bytes(out_buf *o, const char *s, size_t n)
{
    size_t room = o->size - 1 - o->used;
    if (n > room) {
        n = room;
        /* Never cut a UTF-8 sequence in half. */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(o->p + o->used, s, n);
    o->used += n;
}

static void put_str(out_buf *o, const char *s)
{
    if (s)
        put_bytes(o, s, strlen(s));
}

static void put_uint(out_buf *o, uint64_t v)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_bytes(o, digits + sizeof digits - n, n);
}

static void put_padded(out_buf *o, unsigned v, size_t width)
{
    char digits[8];
    for (size_t i = width; i-- > 0;) {
        digits[i] = (char)('0' + v % 10);
        v /= 10;
    }
    put_bytes(o, digits, width);
}

static void put_kb(out_buf *o, uint32_t kb)
{
    put_bytes(o, "KB", 2);
    put_uint(o, kb);
}

static void put_dotted16(out_buf *o, const uint16_t v[4])
{
    for (int i = 0; i < 4; i++) {
        if (i)
            put_bytes(o, ".", 1);
        put_uint(o, v[i]);
    }
}

static void put_date(out_buf *o, int64_t unix_seconds)
{
    acs_civil_time t;
    acs_civil_from_unix(unix_seconds, &t);
    put_padded(o, (unsigned)t.year, 4);
    put_bytes(o, "-", 1);
    put_padded(o, t.month, 2);
    put_bytes(o, "-", 1);
    put_padded(o, t.day, 2);
}

static void put_stores(out_buf *o, unsigned stores)
{
    char list[64];
    acs_store_list(stores, list, sizeof list);
    put_str(o, list);
}

static bool name_is(const char *name, size_t len, const char *want)
{
    return strlen(want) == len && memcmp(name, want, len) == 0;
}

/* A catalog name in the report's language when the catalog has one. */
static const char *in_lang(const char *plain, const char *const *localized, acs_lang lang)
{
    if (localized && lang < ACS_LANG_COUNT && localized[lang])
        return localized[lang];
    return plain;
}

static bool put_placeholder(out_buf *o, const char *name, size_t len, const acs_text_args *a, const acs_catalog *cat,
                            acs_lang lang)
{
    if (name_is(name, len, "os")) put_str(o, in_lang(a->os_name, a->localized_os_name, lang));
    else if (name_is(name, len, "kb")) put_kb(o, a->kb);
    else if (name_is(name, len, "kb2")) put_kb(o, a->kb2);
    else if (name_is(name, len, "laterkb")) put_kb(o, a->later_kb);
    else if (name_is(name, len, "have")) put_uint(o, a->have);
    else if (name_is(name, len, "need")) put_uint(o, a->need);
    else if (name_is(name, len, "date")) {
        if (a->date) put_str(o, a->date);
        else put_date(o, a->when);
    }
    else if (name_is(name, len, "date2")) put_str(o, a->date2);
    else if (name_is(name, len, "name")) put_str(o, in_lang(a->name, a->localized_name, lang));
    else if (name_is(name, len, "why")) put_str(o, a->why);
    else if (name_is(name, len, "upgrade")) put_str(o, in_lang(a->upgrade, a->localized_upgrade, lang));
    else if (name_is(name, len, "stores")) put_stores(o, a->stores);
    else if (name_is(name, len, "kernel")) put_dotted16(o, a->kernel);
    else if (name_is(name, len, "needkernel")) put_dotted16(o, a->need_kernel);
    else if (name_is(name, len, "state")) put_str(o, acs_package_state_name(a->package_state));
    else if (name_is(name, len, "path")) put_str(o, a->path);
    else if (name_is(name, len, "signer")) put_str(o, a->signer);
    else if (name_is(name, len, "message")) put_str(o, a->message);
    else if (name_is(name, len, "root")) {
        const acs_root_rule *root = acs_catalog_root(cat);
        put_str(o, root ? root->name : a->name);
    } else if (name_is(name, len, "version")) {
        for (unsigned i = 0; i < a->version_parts && i < 4; i++) {
            if (i)
                put_bytes(o, ".", 1);
            put_uint(o, a->version[i]);
        }
    } else
        return false;
    return true;
}

/* The code point that starts at s (valid UTF-8: the catalog and the facts
 * are), or 0 at the end. */
static unsigned code_point_at(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : 4;
    unsigned cp = n == 1 ? u[0] : n == 2 ? u[0] & 0x1Fu : n == 3 ? u[0] & 0x0Fu : u[0] & 0x07u;
    for (size_t i = 1; i < n && u[i]; i++)
        cp = (cp << 6) | (u[i] & 0x3Fu);
    return cp;
}

/* The code point that ends just before end (start < end). */
static unsigned code_point_before(const char *start, const char *end)
{
    const char *s = end - 1;
    while (s > start && ((unsigned char)*s & 0xC0) == 0x80)
        s--;
    return code_point_at(s);
}

/* Microsoft's zh-TW and ja texts space CJK from Latin ("請升級至 Windows 11",
 * "Windows 11 にアップグレード") but not from other CJK, save two katakana
 * words ("マンスリー ロールアップ"). A sentence's space beside a placeholder
 * is written for a Latin value; a value in CJK ("Windows Server 2019 以降")
 * must not keep it. */
static bool is_cjk(unsigned cp)
{
    return cp >= 0x2E80;
}

static bool space_wanted_between(unsigned left, unsigned right)
{
    bool katakana_pair = left >= 0x30A0 && left <= 0x30FF && right >= 0x30A0 && right <= 0x30FF;
    return !(is_cjk(left) && is_cjk(right)) || katakana_pair;
}

/* After a placeholder's value was written at o->p[start..o->used): drop the
 * sentence's space before it when both neighbours of that space are CJK.
 * Returns where the value starts now. */
static size_t join_value_to_text_before(out_buf *o, size_t start)
{
    if (start < 2 || o->used == start || o->p[start - 1] != ' ')
        return start;
    if (space_wanted_between(code_point_before(o->p, o->p + start - 1), code_point_at(o->p + start)))
        return start;
    memmove(o->p + start - 1, o->p + start, o->used - start);
    o->used--;
    return start - 1;
}

/* The sentence continues at next: the number of bytes of its space to skip
 * (0 or 1) after a value that ends in CJK when CJK follows that space. */
static size_t space_to_skip_after_value(const out_buf *o, size_t start, const char *next)
{
    if (o->used == start || next[0] != ' ' || !next[1])
        return 0;
    return space_wanted_between(code_point_before(o->p + start, o->p + o->used), code_point_at(next + 1)) ? 0 : 1;
}

size_t acs_render(const acs_catalog *catalog, acs_lang lang, acs_text_id id, const acs_text_args *args,
                  char *buf, size_t size)
{
    static const acs_text_args no_args;
    out_buf o = { buf, 0, size };
    const char *text, *p;
    if (size == 0)
        return 0;
    text = acs_catalog_text(catalog, lang, id);
    if (!text && lang != ACS_LANG_EN)
        text = acs_catalog_text(catalog, ACS_LANG_EN, id);
    if (!args)
        args = &no_args;
    for (p = text ? text : acs_text_key(id); *p;) {
        const char *close;
        size_t start = o.used;
        if (*p == '{' && (close = strchr(p + 1, '}')) != NULL &&
            put_placeholder(&o, p + 1, (size_t)(close - p - 1), args, catalog, lang)) {
            start = join_value_to_text_before(&o, start);
            p = close + 1;
            p += space_to_skip_after_value(&o, start, p);
            continue;
        }
        /* The loader refuses unknown placeholders; anything else is literal,
         * copied up to the next '{' in one piece so that a full buffer cuts
         * between characters, never inside one. */
        {
            size_t run = 1 + strcspn(p + 1, "{");
            put_bytes(&o, p, run);
            p += run;
        }
    }
    buf[o.used] = '\0';
    return o.used;
}

size_t acs_format_kb(uint32_t kb, char *buf, size_t size)
{
    out_buf o = { buf, 0, size };
    if (size == 0)
        return 0;
    put_kb(&o, kb);
    buf[o.used] = '\0';
    return o.used;
}
