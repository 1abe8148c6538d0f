/* The host arena and the allocator over it (see host_env.h). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "host_env.h"
#include "mm/page_alloc.h"
#include "phys.h"

uintptr_t phys_virt_offset;

static uintptr_t arena;

/*
 * MAP_NORESERVE: only the pages a test touches cost memory. The arena starts on a 1 GiB boundary
 * so that virtual and "physical" addresses agree in their low 30 bits, as in the direct map.
 */
static void map_arena(void)
{
	void *va = mmap(NULL, HOST_ARENA_SIZE + SZ_1G, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (va == MAP_FAILED) {
		perror("host_env: mmap arena");
		abort();
	}
	arena = ALIGN_UP((uintptr_t)va, SZ_1G);
	phys_virt_offset = arena - HOST_PHYS_BASE;
}

void host_env_init(void)
{
	if (arena)
		return;
	map_arena();
	host_env_reset();
}

int host_env_load(const struct boot_mem_region *r, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (boot_mem_is_ram(r[i].type) &&
		    (r[i].base < HOST_PHYS_BASE ||
		     r[i].base + r[i].size > HOST_PHYS_BASE + HOST_ARENA_SIZE)) {
			fprintf(stderr, "host_env: region %u lies outside the arena\n", i);
			abort();
		}
	}
	if (!arena)
		map_arena();
	return page_alloc_init(r, n);
}

void host_env_reset(void)
{
	static const struct boot_mem_region ram = { HOST_PHYS_BASE, HOST_DEFAULT_RAM, BOOT_MEM_FREE,
						    0 };

	if (host_env_load(&ram, 1))
		abort();
}
