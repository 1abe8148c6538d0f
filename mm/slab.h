/*
 * kmalloc/kfree: the kernel's small-object allocator (Linux's kmalloc API, a much simpler
 * slab underneath), on top of the page allocator.
 *
 * Requests up to KMALLOC_MAX_CACHE_SIZE come from power-of-two size classes; each class carves
 * single pages ("slabs") into equal objects. Larger requests take whole pages from
 * alloc_pages(). A slab page goes back to the page allocator as soon as its last object is
 * freed, so nothing is cached: after every object is freed, nr_free_pages() is exactly what it
 * was before (the address-space leak checks rely on it).
 *
 * Every object is aligned to at least 16 bytes (its size class for classes up to 64). Memory
 * from kmalloc is reached through the direct map. Locking: none (one CPU, no allocation from
 * interrupt context), like the page allocator.
 */
#ifndef PAGODA_MM_SLAB_H
#define PAGODA_MM_SLAB_H

#include "types.h"

#define KMALLOC_MIN_SIZE 16
#define KMALLOC_MAX_CACHE_SIZE 2048

/* size bytes, contents undefined. Returns NULL for size 0 or when out of memory. */
void *kmalloc(size_t size);
/* The same, zeroed. */
void *kzalloc(size_t size);
/* Free what kmalloc/kzalloc returned; NULL is ignored. */
void kfree(const void *obj);

/* Pages currently held by the size classes (not counting large allocations). */
unsigned long nr_slab_pages(void);

#endif
