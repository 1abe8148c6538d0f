/*
 * Typed page-table entries (Linux vocabulary), shared by both arches: one struct per level so
 * that a PMD cannot be passed where a PTE is expected. What the bits mean is each arch's
 * <asm/pgtable.h>; what is the same everywhere (an empty entry is 0, a store is one 64-bit
 * write) lives here.
 */
#ifndef PAGODA_PGTABLE_TYPES_H
#define PAGODA_PGTABLE_TYPES_H

#include "types.h"

typedef struct {
	u64 val;
} pgd_t;
typedef struct {
	u64 val;
} pud_t;
typedef struct {
	u64 val;
} pmd_t;
typedef struct {
	u64 val;
} pte_t;
/* Protection and memory-type bits, always in the 4 KiB-PTE format (see pfn_pmd/pmd_pgprot). */
typedef struct {
	u64 val;
} pgprot_t;

_Static_assert(sizeof(pgd_t) == 8, "pgd_t is one 64-bit entry");
_Static_assert(sizeof(pud_t) == 8, "pud_t is one 64-bit entry");
_Static_assert(sizeof(pmd_t) == 8, "pmd_t is one 64-bit entry");
_Static_assert(sizeof(pte_t) == 8, "pte_t is one 64-bit entry");
_Static_assert(sizeof(pgprot_t) == 8, "pgprot_t is 64 bits");

/* Who reaches through a table entry: x86 needs U/S=1 on every level of a user address. */
enum pt_owner { PT_KERNEL, PT_USER };

static inline u64 pgd_val(pgd_t e)
{
	return e.val;
}

static inline u64 pud_val(pud_t e)
{
	return e.val;
}

static inline u64 pmd_val(pmd_t e)
{
	return e.val;
}

static inline u64 pte_val(pte_t e)
{
	return e.val;
}

static inline u64 pgprot_val(pgprot_t p)
{
	return p.val;
}

static inline pgd_t __pgd(u64 v)
{
	return (pgd_t){ v };
}

static inline pud_t __pud(u64 v)
{
	return (pud_t){ v };
}

static inline pmd_t __pmd(u64 v)
{
	return (pmd_t){ v };
}

static inline pte_t __pte(u64 v)
{
	return (pte_t){ v };
}

/* Set or clear raw bits of a PTE-format value; the arch headers build their helpers on these. */
static inline pte_t pte_set_flags(pte_t pte, u64 set)
{
	return __pte(pte_val(pte) | set);
}

static inline pte_t pte_clear_flags(pte_t pte, u64 clear)
{
	return __pte(pte_val(pte) & ~clear);
}

static inline pgprot_t __pgprot(u64 v)
{
	return (pgprot_t){ v };
}

static inline bool pgd_none(pgd_t e)
{
	return !e.val;
}

static inline bool pud_none(pud_t e)
{
	return !e.val;
}

static inline bool pmd_none(pmd_t e)
{
	return !e.val;
}

static inline bool pte_none(pte_t e)
{
	return !e.val;
}

/*
 * Reads and writes of a live entry: one 64-bit access the compiler may neither split, repeat nor
 * drop (READ_ONCE/WRITE_ONCE), because the MMU reads the entry concurrently and x86 writes A/D
 * back into it. Ordering against the MMU is pgtable_sync()'s job (<tlbflush.h>).
 */
static inline pgd_t pgdp_get(const pgd_t *p)
{
	return __pgd(*(const volatile u64 *)&p->val);
}

static inline pud_t pudp_get(const pud_t *p)
{
	return __pud(*(const volatile u64 *)&p->val);
}

static inline pmd_t pmdp_get(const pmd_t *p)
{
	return __pmd(*(const volatile u64 *)&p->val);
}

static inline pte_t ptep_get(const pte_t *p)
{
	return __pte(*(const volatile u64 *)&p->val);
}

static inline void set_pgd(pgd_t *p, pgd_t e)
{
	*(volatile u64 *)&p->val = e.val;
}

static inline void set_pud(pud_t *p, pud_t e)
{
	*(volatile u64 *)&p->val = e.val;
}

static inline void set_pmd(pmd_t *p, pmd_t e)
{
	*(volatile u64 *)&p->val = e.val;
}

static inline void set_pte(pte_t *p, pte_t e)
{
	*(volatile u64 *)&p->val = e.val;
}

static inline void pgd_clear(pgd_t *p)
{
	set_pgd(p, __pgd(0));
}

static inline void pud_clear(pud_t *p)
{
	set_pud(p, __pud(0));
}

static inline void pmd_clear(pmd_t *p)
{
	set_pmd(p, __pmd(0));
}

static inline void pte_clear(pte_t *p)
{
	set_pte(p, __pte(0));
}

#endif
