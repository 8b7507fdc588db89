/* The arena that owns a catalog model: many small allocations, one free. */
#include "catalog_internal.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_BYTES (32u * 1024u)

/* Alignment for any object the model stores (pointers, uint32_t, int64_t). */
#define ARENA_ALIGN 16u

struct acs_arena_block {
    acs_arena_block *next;
    size_t used, capacity;
    /* payload follows, aligned to ARENA_ALIGN */
};

static size_t header_bytes(void)
{
    return (sizeof(acs_arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

void *acs_arena_alloc(acs_arena *arena, size_t size)
{
    acs_arena_block *block = arena->head;
    size_t rounded;
    unsigned char *out;

    if (size > SIZE_MAX / 2)
        return NULL;
    rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded == 0)
        rounded = ARENA_ALIGN;
    if (!block || block->capacity - block->used < rounded) {
        size_t capacity = rounded > ARENA_BLOCK_BYTES ? rounded : ARENA_BLOCK_BYTES;
        block = malloc(header_bytes() + capacity);
        if (!block)
            return NULL;
        block->used = 0;
        block->capacity = capacity;
        /* An oversized request gets its own block behind the current one, so
         * the current block's free space stays in use. */
        if (arena->head && capacity > ARENA_BLOCK_BYTES) {
            block->next = arena->head->next;
            arena->head->next = block;
        } else {
            block->next = arena->head;
            arena->head = block;
        }
    }
    out = (unsigned char *)block + header_bytes() + block->used;
    block->used += rounded;
    memset(out, 0, rounded);
    return out;
}

void *acs_arena_array(acs_arena *arena, size_t count, size_t elem_size)
{
    if (elem_size && count > SIZE_MAX / 4 / elem_size)
        return NULL;
    return acs_arena_alloc(arena, count * elem_size);
}

char *acs_arena_strdup(acs_arena *arena, const char *text)
{
    size_t len = strlen(text);
    char *copy = acs_arena_alloc(arena, len + 1);
    if (copy)
        memcpy(copy, text, len + 1);
    return copy;
}

void acs_arena_release(acs_arena *arena)
{
    acs_arena_block *block = arena->head;
    while (block) {
        acs_arena_block *next = block->next;
        free(block);
        block = next;
    }
    arena->head = NULL;
}

/* Freeing a catalog releases the arena it lives in (and so every string of it). */
void acs_catalog_free(acs_catalog *catalog)
{
    acs_arena arena;
    if (!catalog)
        return;
    arena = catalog->arena; /* the catalog lives inside its own arena */
    acs_arena_release(&arena);
}
