/*
 * Unmapping (mm/unmap.h). Two ladders of the same shape:
 *
 *	unmap_vma_range -> zap_pgd_range -> zap_pud_range -> zap_pmd_range -> zap_pte_range
 *	free_pgtables   -> free_pgd_range -> free_pud_range -> free_pmd_range
 *
 * A huge leaf partly inside the zapped range is split one level down first and the zap goes on
 * in the new table, so what stays mapped keeps the largest leaves that fit: splitting a 1 GiB
 * leaf around a 4 KiB hole leaves 511 PMD leaves and 511 PTEs. The tables for those splits come
 * from the caller (struct split_tables, mm/memory.h), taken before anything changed.
 *
 * MMU notifiers: the caller brackets the range it zaps (munmap: MMU_NOTIFY_UNMAP per VMA); a
 * split reaches past that range into a live neighbour, so it gets its own MMU_NOTIFY_CLEAR
 * bracket over the whole leaf (zap_split_huge).
 */
#include <tlbflush.h>

#include "memlayout.h"
#include "mm/memory.h"
#include "mm/mmu_gather.h"
#include "mm/mmu_notifier.h"
#include "mm/page_alloc.h"
#include "mm/unmap.h"

/*
 * The cleared present leaf entry (PTE view) mapped pfn: a normal page (a huge leaf's compound
 * page, or a part of one) loses that mapping, and its reference goes after the flush. A special
 * leaf has no page (docs/rules.md, R1).
 */
static void zap_leaf_page(struct mmu_gather *tlb, pte_t entry, pfn_t pfn)
{
	struct page *page;

	if (pte_special(entry))
		return;
	page = pfn_to_page(pfn);
	page_remove_rmap(page);
	tlb_remove_page(tlb, page);
}

/* Clear one PUD/PMD leaf wholly inside the range. */
static void zap_huge_pud(struct mmu_gather *tlb, pud_t *pud, unsigned long addr)
{
	pud_t entry = pudp_get(pud);

	pud_clear(pud);
	tlb_flush_range(tlb, addr, addr + PUD_SIZE, PUD_SHIFT);
	zap_leaf_page(tlb, pud_pte(entry), pud_pfn(entry));
}

static void zap_huge_pmd(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr)
{
	pmd_t entry = pmdp_get(pmd);

	pmd_clear(pmd);
	tlb_flush_range(tlb, addr, addr + PMD_SIZE, PMD_SHIFT);
	zap_leaf_page(tlb, pmd_pte(entry), pmd_pfn(entry));
}

/*
 * A leaf partly inside the range is split with a table from st, and the zap descends into the
 * new table. Entries of the neighbour outside the range change, so the split has its own
 * MMU_NOTIFY_CLEAR bracket over the leaf, ended after its break-before-make flush.
 */
static void zap_split_huge(struct mmu_gather *tlb, void *entry, unsigned long addr,
			   enum pt_level level, struct split_tables *st)
{
	unsigned long size = pt_level_size(level), leaf = ALIGN_DOWN(addr, size);
	struct mmu_notifier_range range;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, tlb->mm, leaf, leaf + size);
	mmu_notifier_invalidate_range_start(&range);
	split_huge_leaf(tlb, entry, addr, level, st);
	mmu_notifier_invalidate_range_end(&range);
}

/* Clear the PTEs of [addr, end); a normal page's last reference is dropped after the flush. */
static void zap_pte_range(struct mmu_gather *tlb, pmd_t *pmd, unsigned long addr, unsigned long end)
{
	pte_t *pte = pte_offset(pmd, addr);
	unsigned long start = addr;

	do {
		pte_t entry = ptep_get(pte);

		if (pte_none(entry))
			continue;
		pte_clear(pte);
		if (pte_present(entry))
			zap_leaf_page(tlb, entry, pte_pfn(entry));
	} while (pte++, addr += PAGE_SIZE, addr != end);
	tlb_flush_range(tlb, start, end, PAGE_SHIFT);
}

/* A leaf wholly inside the range is cleared; one partly inside is split (zap_split_huge). */
static void zap_pmd_range(struct mmu_gather *tlb, pud_t *pud, unsigned long addr, unsigned long end,
			  struct split_tables *st)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	do {
		pmd_t entry = pmdp_get(pmd);

		next = pmd_addr_end(addr, end);
		if (pmd_none(entry))
			continue;
		if (pmd_leaf(entry)) {
			if (next - addr == PMD_SIZE) {
				zap_huge_pmd(tlb, pmd, addr);
				continue;
			}
			zap_split_huge(tlb, pmd, addr, PT_PMD, st);
		}
		zap_pte_range(tlb, pmd, addr, next);
	} while (pmd++, addr = next, addr != end);
}

static void zap_pud_range(struct mmu_gather *tlb, pgd_t *pgd, unsigned long addr, unsigned long end,
			  struct split_tables *st)
{
	pud_t *pud = pud_offset(pgd, addr);
	unsigned long next;

	do {
		pud_t entry = pudp_get(pud);

		next = pud_addr_end(addr, end);
		if (pud_none(entry))
			continue;
		if (pud_leaf(entry)) {
			if (next - addr == PUD_SIZE) {
				zap_huge_pud(tlb, pud, addr);
				continue;
			}
			zap_split_huge(tlb, pud, addr, PT_PUD, st);
		}
		zap_pmd_range(tlb, pud, addr, next, st);
	} while (pud++, addr = next, addr != end);
}

static void zap_pgd_range(struct mmu_gather *tlb, unsigned long addr, unsigned long end,
			  struct split_tables *st)
{
	pgd_t *pgd = pgd_offset_pgd(tlb->mm->pgd, addr);
	unsigned long next;

	do {
		next = pgd_addr_end(addr, end);
		if (!pgd_none(pgdp_get(pgd)))
			zap_pud_range(tlb, pgd, addr, next, st);
	} while (pgd++, addr = next, addr != end);
}

/*
 * Remove every mapping of [start, end) in vma (page-aligned, vma->vm_start <= start < end <=
 * vma->vm_end; the VMA itself is the caller's business). Entries are cleared now; the flush and
 * the page puts happen in tlb_finish_mmu(). A huge leaf the range cuts is split with a table
 * from st, which the caller filled (split_tables_needed() for the range's edges) before changing
 * anything; st may be NULL when no edge cuts a leaf. Cannot fail. Takes the page-table lock;
 * bumps mm->seq.
 */
void unmap_vma_range(struct mmu_gather *tlb, struct vm_area_struct *vma, unsigned long start,
		     unsigned long end, struct split_tables *st)
{
	struct mm_struct *mm = tlb->mm;

	pt_lock(mm);
	mm->seq++;
	zap_pgd_range(tlb, start, end, st);
	pgtable_sync();
	pt_unlock(mm);
}

/* Every level's empty entry is 0 (pgtable-types.h), so one check serves tables of any level. */
static bool table_empty(phys_addr_t table)
{
	const pte_t *entry = __va(table);

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++)
		if (!pte_none(ptep_get(entry + i)))
			return false;
	return true;
}

/*
 * free_pXd_range: for each table entry of [addr, end), free the tables below it first, then the
 * table it points to when that table's whole span lies in the range and it is now empty.
 */
static void free_pmd_range(struct mmu_gather *tlb, pud_t *pud, unsigned long addr,
			   unsigned long end)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	do {
		pmd_t entry = pmdp_get(pmd);

		next = pmd_addr_end(addr, end);
		if (!pmd_present(entry) || pmd_leaf(entry) || next - addr != PMD_SIZE ||
		    !table_empty(pmd_table_pa(entry)))
			continue;
		pmd_clear(pmd);
		tlb_remove_table(tlb, pmd_table_pa(entry), addr, PMD_SHIFT);
	} while (pmd++, addr = next, addr != end);
}

static void free_pud_range(struct mmu_gather *tlb, pgd_t *pgd, unsigned long addr,
			   unsigned long end)
{
	pud_t *pud = pud_offset(pgd, addr);
	unsigned long next;

	do {
		pud_t entry = pudp_get(pud);

		next = pud_addr_end(addr, end);
		if (!pud_present(entry) || pud_leaf(entry))
			continue;
		free_pmd_range(tlb, pud, addr, next);
		if (next - addr != PUD_SIZE || !table_empty(pud_table_pa(entry)))
			continue;
		pud_clear(pud);
		tlb_remove_table(tlb, pud_table_pa(entry), addr, PUD_SHIFT);
	} while (pud++, addr = next, addr != end);
}

static void free_pgd_range(struct mmu_gather *tlb, unsigned long addr, unsigned long end)
{
	pgd_t *pgd = pgd_offset_pgd(tlb->mm->pgd, addr);
	unsigned long next;

	do {
		pgd_t entry = pgdp_get(pgd);

		next = pgd_addr_end(addr, end);
		if (!pgd_present(entry))
			continue;
		free_pud_range(tlb, pgd, addr, next);
		if (next - addr != PGDIR_SIZE || !table_empty(pgd_table_pa(entry)))
			continue;
		pgd_clear(pgd);
		tlb_remove_table(tlb, pgd_table_pa(entry), addr, PGDIR_SHIFT);
	} while (pgd++, addr = next, addr != end);
}

/*
 * Queue for freeing (after tlb's flush) every table of mm below the root whose span lies wholly
 * inside [start, end) (page-aligned, in the user half) and which holds no entry once the tables
 * below it are gone. Callers pass the gap between the VMAs around what they unmapped, so no
 * table still in use by a VMA is inside it. Takes the page-table lock.
 */
void free_pgtables(struct mmu_gather *tlb, struct mm_struct *mm, unsigned long start,
		   unsigned long end)
{
	pt_lock(mm);
	free_pgd_range(tlb, start, end);
	pt_unlock(mm);
}

/*
 * Free every table of mm's user half, the root excluded (mm_destroy frees it). Precondition:
 * every VMA was unmapped, so no leaf is left; a table still holding one is kept, and its page
 * shows up as a leak in mm->nr_pgtables and the free-page count.
 */
void free_all_pgtables(struct mm_struct *mm)
{
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, mm);
	free_pgtables(&tlb, mm, 0, USER_VA_END);
	tlb_finish_mmu(&tlb);
}
