/* The small-object allocator (see slab.h). */
#include <string.h>

#include <list.h>

#include "mm/page_alloc.h"
#include "mm/slab.h"

/*
 * A slab page starts with this header; its objects follow, so no object is page aligned. That
 * tells kfree() a slab object from a large (page-aligned) allocation without any lookup.
 */
struct slab {
	struct kmem_cache *cache;
	struct list_head slab_list; /* on the cache's partial list while an object is free */
	void *freelist;		    /* free objects, linked through their first word */
	unsigned int inuse;	    /* objects handed out */
};

struct kmem_cache {
	unsigned int size;	  /* object size: a power of two */
	struct list_head partial; /* slabs with at least one free object */
};

#define SLAB_HEADER_SIZE ALIGN_UP(sizeof(struct slab), KMALLOC_MIN_SIZE)

/* clang-format off */
#define KMALLOC_CACHE(i, sz) { .size = (sz), .partial = LIST_HEAD_INIT(kmalloc_caches[i].partial) }
/* clang-format on */

static struct kmem_cache kmalloc_caches[] = {
	KMALLOC_CACHE(0, 16),	KMALLOC_CACHE(1, 32),	KMALLOC_CACHE(2, 64),
	KMALLOC_CACHE(3, 128),	KMALLOC_CACHE(4, 256),	KMALLOC_CACHE(5, 512),
	KMALLOC_CACHE(6, 1024), KMALLOC_CACHE(7, 2048),
};

static unsigned long slab_pages;

unsigned long nr_slab_pages(void)
{
	return slab_pages;
}

static struct kmem_cache *kmalloc_cache(size_t size)
{
	unsigned int i = 0;

	while (kmalloc_caches[i].size < size)
		i++;
	return &kmalloc_caches[i];
}

/* Objects start after the header, rounded so that small classes stay naturally aligned. */
static size_t slab_first_offset(const struct kmem_cache *c)
{
	return ALIGN_UP(SLAB_HEADER_SIZE, MIN(c->size, 64u));
}

/* A fresh page for cache c, every object on the free list and the slab on the partial list. */
static struct slab *new_slab(struct kmem_cache *c)
{
	struct page *page = alloc_page();
	struct slab *s;
	char *obj, *end;

	if (!page)
		return NULL;
	s = page_address(page);
	s->cache = c;
	s->inuse = 0;
	s->freelist = NULL;
	end = (char *)s + PAGE_SIZE - c->size;
	for (obj = (char *)s + slab_first_offset(c); obj <= end; obj += c->size) {
		*(void **)obj = s->freelist;
		s->freelist = obj;
	}
	list_add(&s->slab_list, &c->partial);
	slab_pages++;
	return s;
}

static void *slab_alloc(struct kmem_cache *c)
{
	struct slab *s = list_first_entry_or_null(&c->partial, struct slab, slab_list);
	void *obj;

	if (!s)
		s = new_slab(c);
	if (!s)
		return NULL;
	obj = s->freelist;
	s->freelist = *(void **)obj;
	s->inuse++;
	if (!s->freelist)
		list_del(&s->slab_list);
	return obj;
}

/* The slab's last object going back frees the page at once (see slab.h: nothing cached). */
static void slab_free(struct slab *s, void *obj)
{
	struct kmem_cache *c = s->cache;

	if (!s->freelist)
		list_add(&s->slab_list, &c->partial);
	*(void **)obj = s->freelist;
	s->freelist = obj;
	if (--s->inuse)
		return;
	list_del(&s->slab_list);
	slab_pages--;
	__free_page(phys_to_page(__pa(s)));
}

static unsigned int large_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *kmalloc(size_t size)
{
	struct page *page;

	if (!size)
		return NULL;
	if (size <= KMALLOC_MAX_CACHE_SIZE)
		return slab_alloc(kmalloc_cache(size));
	if (size > (PAGE_SIZE << MAX_PAGE_ORDER))
		return NULL;
	page = alloc_pages(large_order(size));
	return page ? page_address(page) : NULL;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* A large allocation is page aligned and its first page records its order (page_alloc.h). */
void kfree(const void *obj)
{
	struct page *page;

	if (!obj)
		return;
	if (!IS_ALIGNED((uintptr_t)obj, PAGE_SIZE)) {
		slab_free((struct slab *)ALIGN_DOWN((uintptr_t)obj, PAGE_SIZE), (void *)obj);
		return;
	}
	page = phys_to_page(__pa(obj));
	__free_pages(page, page->order);
}
