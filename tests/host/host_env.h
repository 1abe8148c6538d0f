/*
 * The host stand-in for physical memory: an arena whose "physical" addresses start at
 * HOST_PHYS_BASE, reached through the same __va()/__pa() the kernel uses, with the real page
 * allocator (mm/page_alloc.c) running over it.
 *
 * The arena is 2 GiB + 64 MiB of address space, committed only where touched. By default the
 * allocator manages its first HOST_DEFAULT_RAM bytes as one free region; tests that need other
 * layouts (holes, 1 GiB blocks) load their own with host_env_load().
 */
#ifndef PAGODA_HOST_ENV_H
#define PAGODA_HOST_ENV_H

#include "boot_info.h"
#include "types.h"

#define HOST_PHYS_BASE 0x40000000UL /* 1 GiB aligned, and away from 0 so 0 is never a table */
#define HOST_ARENA_SIZE ((2UL << 30) + (64UL << 20))
#define HOST_DEFAULT_RAM (64UL << 20)

/* Map the arena and start the allocator over the default layout; later calls do nothing. */
void host_env_init(void);

/*
 * Start the allocator afresh over the default layout, or over r[0..n) (every RAM region must lie
 * inside the arena); returns page_alloc_init()'s result. Every page handed out before is
 * forgotten, so a test must not keep pages across tests; tests that load their own layout call
 * host_env_reset() when done.
 */
void host_env_reset(void);
int host_env_load(const struct boot_mem_region *r, unsigned int n);

#endif
