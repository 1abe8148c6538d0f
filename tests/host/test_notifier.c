/*
 * MMU notifiers (docs/rules.md, R7) and the secondary-MMU subscriber (mm/shadow_mmu.c).
 *
 * The randomized test runs fixed-seed sequences of map (anonymous private/shared, private with
 * 2 MiB transparent huge pages, pfnmaps at all three leaf sizes), fault, shadow fill, mprotect,
 * madvise (huge pages on/off, MADV_DONTNEED), munmap (partial and whole), mremap (shrink, grow,
 * moves that keep or break the leaves' alignment, DONTUNMAP) and clone over a few address
 * spaces, each watched by a shadow MMU and by a recorder subscriber. After every operation, and
 * at every notifier callback during it (the page-table checker after every operation too):
 *   - every entry the shadow caches is still allowed by the primary (same pfn, writable only if
 *     the primary is);
 *   - brackets pair up and nest (an end closes the innermost open start, same range and event);
 *   - every translation the operation removed or weakened (compared with a snapshot of the
 *     primary taken before it) lies inside a bracket started before the change was seen, and a
 *     bracket whose range saw a change ends only after a TLB flush of that change: a user flush
 *     numbered after the bracket's start whose range covers the change.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <memlayout.h>

#include "host_arch.h"
#include "host_env.h"
#include "mm/fork.h"
#include "mm/madvise.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "mm/mprotect.h"
#include "mm/mremap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable_check.h"
#include "mm/shadow_mmu.h"
#include "mm/slab.h"
#include "mm/vma.h"
#include "tap.h"

#define RW (VM_READ | VM_WRITE)
#define PFN_4G ((4UL << 30) >> PAGE_SHIFT)

/* ------------------------------------------------------------ snapshots of the primary */

struct leaf {
	unsigned long va, size;
	pfn_t pfn; /* at va */
	bool writable;
};

#define SNAP_MAX 16384

struct snapshot {
	unsigned int n;
	bool overflow;
	struct leaf leaves[SNAP_MAX];
};

static void snap_add(struct snapshot *s, unsigned long addr, unsigned long next, pte_t entry,
		     pfn_t pfn)
{
	if (pte_protnone(entry))
		return;
	if (s->n == SNAP_MAX) {
		s->overflow = true;
		return;
	}
	s->leaves[s->n++] = (struct leaf){ addr, next - addr, pfn, pte_write(entry) };
}

static int snap_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t e = pudp_get(pud);

	snap_add(priv, addr, next, pud_pte(e), pud_pfn(e) + ((addr & ~PUD_MASK) >> PAGE_SHIFT));
	return 0;
}

static int snap_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t e = pmdp_get(pmd);

	snap_add(priv, addr, next, pmd_pte(e), pmd_pfn(e) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
	return 0;
}

static int snap_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t e = ptep_get(pte);

	snap_add(priv, addr, next, e, pte_pfn(e));
	return 0;
}

/* Every accessible leaf (protnone ones are not translations) of [start, end) in mm. */
static void snapshot_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			   struct snapshot *s)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = snap_pud,
		.pmd_entry = snap_pmd,
		.pte_entry = snap_pte,
	};

	s->n = 0;
	s->overflow = false;
	CHECK_EQ(pgtable_walk(mm->pgd, start, end, &ops, s), 0);
	CHECK(!s->overflow);
}

/* --------------------------------------------- what changed since a snapshot (removed/weakened) */

#define CHG_MAX 4096

struct changes {
	unsigned int n;
	bool overflow;
	struct {
		unsigned long start, end;
	} r[CHG_MAX];
};

static void change_add(struct changes *c, unsigned long start, unsigned long end)
{
	if (c->n && c->r[c->n - 1].end == start) {
		c->r[c->n - 1].end = end;
		return;
	}
	if (c->n == CHG_MAX) {
		c->overflow = true;
		return;
	}
	c->r[c->n].start = start;
	c->r[c->n++].end = end;
}

/* Comparing the primary with one expected leaf. */
struct cmp {
	const struct leaf *want;
	struct changes *out;
};

static void cmp_piece(struct cmp *c, unsigned long addr, unsigned long next, pte_t entry, pfn_t pfn)
{
	pfn_t want = c->want->pfn + ((addr - c->want->va) >> PAGE_SHIFT);

	if (pte_protnone(entry) || pfn != want || (c->want->writable && !pte_write(entry)))
		change_add(c->out, addr, next);
}

static int cmp_pud(const pud_t *pud, unsigned long addr, unsigned long next, void *priv)
{
	pud_t e = pudp_get(pud);

	cmp_piece(priv, addr, next, pud_pte(e), pud_pfn(e) + ((addr & ~PUD_MASK) >> PAGE_SHIFT));
	return 0;
}

static int cmp_pmd(const pmd_t *pmd, unsigned long addr, unsigned long next, void *priv)
{
	pmd_t e = pmdp_get(pmd);

	cmp_piece(priv, addr, next, pmd_pte(e), pmd_pfn(e) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
	return 0;
}

static int cmp_pte(const pte_t *pte, unsigned long addr, unsigned long next, void *priv)
{
	pte_t e = ptep_get(pte);

	cmp_piece(priv, addr, next, e, pte_pfn(e));
	return 0;
}

static int cmp_hole(unsigned long addr, unsigned long next, enum pt_level level, void *priv)
{
	struct cmp *c = priv;

	change_add(c->out, addr, next);
	return 0;
}

/* Append to out the parts of want that the primary of mm no longer allows as they were. */
static void find_changes_leaf(struct mm_struct *mm, const struct leaf *want, struct changes *out)
{
	static const struct pt_walk_ops ops = {
		.pud_entry = cmp_pud,
		.pmd_entry = cmp_pmd,
		.pte_entry = cmp_pte,
		.pte_hole = cmp_hole,
	};
	struct cmp c = { want, out };

	CHECK_EQ(pgtable_walk(mm->pgd, want->va, want->va + want->size, &ops, &c), 0);
}

static void find_changes(struct mm_struct *mm, const struct snapshot *before, struct changes *out)
{
	out->n = 0;
	out->overflow = false;
	for (unsigned int i = 0; i < before->n; i++)
		find_changes_leaf(mm, &before->leaves[i], out);
	CHECK(!out->overflow);
}

/* ----------------------------------------------------------------- the recorder subscriber */

#define MAX_BRACKETS 512

struct bracket {
	unsigned long start, end;
	enum mmu_notifier_event event;
	unsigned long flushes_at_start, flushes_at_end;
	unsigned int end_order; /* 1 for the first bracket of the operation to close, ... */
	bool closed;
};

struct recorder {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	const struct snapshot *before; /* set while an operation runs */
	struct changes chg;	       /* scratch */
	unsigned int nr;	       /* brackets of the current operation */
	unsigned int nr_closed;
	struct bracket log[MAX_BRACKETS];
	unsigned int depth;
	unsigned int stack[MAX_BRACKETS];
	unsigned long releases;
};

/* The number of user flushes so far: the sequence number of the next one. */
static unsigned long user_flushes(void)
{
	return host_arch_calls.flush_tlb_user_range + host_arch_calls.flush_tlb_user_all;
}

/* The ranges of the latest FLUSH_LOG user flushes, by sequence number (modulo FLUSH_LOG). */
#define FLUSH_LOG 1024

struct flushed {
	unsigned long start, end;
};

static struct flushed flush_log[FLUSH_LOG];

/* host_arch's flush hook: the flush just counted is number user_flushes() - 1. */
static void log_flush(unsigned long start, unsigned long end)
{
	flush_log[(user_flushes() - 1) % FLUSH_LOG] = (struct flushed){ start, end };
}

/* Did one of the user flushes numbered seq or later cover all of [start, end)? */
static bool flushed_since(unsigned long seq, unsigned long start, unsigned long end)
{
	if (user_flushes() - seq > FLUSH_LOG) {
		CHECK(!"more flushes in one bracket than the log holds");
		return false;
	}
	for (unsigned long i = seq; i < user_flushes(); i++)
		if (flush_log[i % FLUSH_LOG].start <= start && end <= flush_log[i % FLUSH_LOG].end)
			return true;
	return false;
}

/* Each change inside b's range was flushed after b started (by the flush of that change). */
static void check_flushed_before_end(const struct recorder *r, const struct bracket *b)
{
	for (unsigned int i = 0; i < r->chg.n; i++) {
		unsigned long start = MAX(r->chg.r[i].start, b->start);
		unsigned long end = MIN(r->chg.r[i].end, b->end);

		if (start >= end || flushed_since(b->flushes_at_start, start, end))
			continue;
		printf("# bracket [%#lx, %#lx) event %d ends before [%#lx, %#lx) was flushed\n",
		       b->start, b->end, b->event, start, end);
		CHECK(!"bracket ended before the flush of its change");
		return;
	}
}

/* Is [start, end) inside the union of the first n brackets of the log? */
static bool covered(const struct recorder *r, unsigned int n, unsigned long start,
		    unsigned long end)
{
	unsigned long at = start;
	bool grew = true;

	while (at < end && grew) {
		grew = false;
		for (unsigned int i = 0; i < n; i++)
			if (r->log[i].start <= at && at < r->log[i].end) {
				at = r->log[i].end;
				grew = true;
			}
	}
	return at >= end;
}

/* Every change since the snapshot lies inside the first n brackets. */
static void check_changes_covered(struct recorder *r, unsigned int n)
{
	find_changes(r->mm, r->before, &r->chg);
	for (unsigned int i = 0; i < r->chg.n; i++)
		if (!covered(r, n, r->chg.r[i].start, r->chg.r[i].end)) {
			printf("# mm %p: [%#lx, %#lx) changed outside any bracket\n", (void *)r->mm,
			       r->chg.r[i].start, r->chg.r[i].end);
			CHECK(!"change without a bracket");
			return;
		}
}

static void rec_start(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct recorder *r = container_of(mn, struct recorder, mn);
	struct bracket *b = &r->log[r->nr];

	CHECK(range->mm == r->mm);
	CHECK(range->start < range->end);
	CHECK(IS_ALIGNED(range->start | range->end, PAGE_SIZE));
	if (r->before)
		check_changes_covered(r, r->nr);
	if (r->nr == MAX_BRACKETS) {
		CHECK(!"too many brackets in one operation");
		return;
	}
	*b = (struct bracket){ .start = range->start,
			       .end = range->end,
			       .event = range->event,
			       .flushes_at_start = user_flushes() };
	r->stack[r->depth++] = r->nr++;
}

/*
 * The open bracket an end closes: the innermost one with the same range and event. Brackets of
 * one operation need not close in reverse order (clone closes its per-VMA brackets in address
 * order, as Linux may), but each end must close one that is open. -1 when none matches.
 */
static int open_bracket(const struct recorder *r, const struct mmu_notifier_range *range)
{
	for (unsigned int i = r->depth; i-- > 0;) {
		const struct bracket *b = &r->log[r->stack[i]];

		if (b->start == range->start && b->end == range->end && b->event == range->event)
			return i;
	}
	return -1;
}

static void rec_end(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct recorder *r = container_of(mn, struct recorder, mn);
	int at = open_bracket(r, range);
	struct bracket *b;

	if (at < 0) {
		printf("# end [%#lx, %#lx) event %d matches no open start\n", range->start,
		       range->end, range->event);
		CHECK(!"unpaired end");
		return;
	}
	b = &r->log[r->stack[at]];
	memmove(&r->stack[at], &r->stack[at + 1], (--r->depth - at) * sizeof(r->stack[0]));
	b->closed = true;
	b->end_order = ++r->nr_closed;
	b->flushes_at_end = user_flushes();
	if (!r->before)
		return;
	check_changes_covered(r, r->nr);
	check_flushed_before_end(r, b);
}

static void rec_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct recorder *r = container_of(mn, struct recorder, mn);

	CHECK(mm == r->mm);
	CHECK_EQ(r->depth, 0);
	r->releases++;
}

static const struct mmu_notifier_ops rec_ops = {
	.invalidate_range_start = rec_start,
	.invalidate_range_end = rec_end,
	.release = rec_release,
};

static void rec_attach(struct recorder *r, struct mm_struct *mm)
{
	host_arch_calls.user_flush_hook = log_flush;
	memset(&r->mn, 0, sizeof(r->mn));
	r->mn.ops = &rec_ops;
	r->mm = mm;
	r->before = NULL;
	r->nr = r->nr_closed = r->depth = 0;
	r->releases = 0;
	CHECK_EQ(mmu_notifier_register(&r->mn, mm), 0);
}

/* -------------------------------------------------------------------- the shadow invariant */

/* Every entry the shadow caches is still what the primary maps, writable only if it is. */
static void check_shadow(struct shadow_mmu *s, struct changes *scratch)
{
	struct mm_struct *mm = s->mn.mm;

	for (unsigned int i = 0; i < SHADOW_MMU_SLOTS; i++) {
		const struct shadow_entry *e = &s->slots[i];
		struct leaf want;

		if (!e->valid)
			continue;
		CHECK(mm != NULL);
		if (!mm)
			return;
		want = (struct leaf){ e->va, shadow_entry_size(e), e->pfn, e->writable };
		scratch->n = 0;
		find_changes_leaf(mm, &want, scratch);
		if (scratch->n) {
			printf("# shadow holds [%#lx, %#lx) pfn %#lx%s: primary does not allow it\n",
			       e->va, e->va + shadow_entry_size(e), e->pfn,
			       e->writable ? " rw" : "");
			CHECK(!"stale shadow entry");
			return;
		}
	}
}

/* ------------------------------------------------------------------ the randomized world */

#define NR_MMS 3
#define MAX_VMAS 24

struct world {
	unsigned long long rng;
	struct mm_struct *mm[NR_MMS];
	struct shadow_mmu shadow[NR_MMS];
	struct recorder rec[NR_MMS];
	struct snapshot before[NR_MMS];
	struct changes scratch;
	unsigned long clones, faults_ok, translations_ok, mprotects_ok, mremaps_ok, dontneeds_ok;
	unsigned long brackets;
};

static unsigned long rnd(struct world *w, unsigned long n)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return n ? w->rng % n : 0;
}

static void world_attach(struct world *w, unsigned int i, struct mm_struct *mm)
{
	w->mm[i] = mm;
	shadow_mmu_init(&w->shadow[i]);
	CHECK_EQ(shadow_mmu_attach(&w->shadow[i], mm), 0);
	rec_attach(&w->rec[i], mm);
}

/* A random VMA of mm, or NULL when it has none. */
static struct vm_area_struct *random_vma(struct world *w, struct mm_struct *mm)
{
	struct vm_area_struct *vma = first_vma(mm);

	if (!mm->map_count)
		return NULL;
	for (unsigned long n = rnd(w, mm->map_count); n; n--)
		vma = vma_next(mm, vma);
	return vma;
}

/* A page-aligned address in vma, often at or next to an interesting boundary. */
static unsigned long random_addr(struct world *w, const struct vm_area_struct *vma)
{
	unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	unsigned long addr = vma->vm_start + (rnd(w, pages) << PAGE_SHIFT);

	switch (rnd(w, 4)) {
	case 0:
		addr = ALIGN_DOWN(addr, PMD_SIZE) + (rnd(w, 2) ? PAGE_SIZE : 0);
		break;
	case 1:
		addr = ALIGN_DOWN(addr, PUD_SIZE) + rnd(w, 3) * PMD_SIZE;
		break;
	}
	return MAX(addr, vma->vm_start) < vma->vm_end ? MAX(addr, vma->vm_start) : vma->vm_start;
}

/* A length that ends in the same VMA, or a few pages past it, or a whole leaf. */
static unsigned long random_len(struct world *w)
{
	static const unsigned long sizes[] = {
		PAGE_SIZE, 3 * PAGE_SIZE, 64 * PAGE_SIZE, PMD_SIZE, PMD_SIZE + PAGE_SIZE, PUD_SIZE,
	};

	return sizes[rnd(w, ARRAY_SIZE(sizes))];
}

static void op_map(struct world *w, struct mm_struct *mm)
{
	unsigned long flags = rnd(w, 3) ? RW : VM_READ, share = rnd(w, 2) ? VM_SHARED : 0, addr;
	int err;

	if (mm->map_count >= MAX_VMAS)
		return;
	switch (rnd(w, 6)) {
	case 0:
		err = mm_mmap_anon(mm, 0, (1 + rnd(w, 64)) * PAGE_SIZE, flags, &addr);
		break;
	case 5: /* transparent huge pages: 2 MiB leaves, PTEs where the length cuts one */
		err = mm_mmap_anon(mm, 0, (1 + rnd(w, 2)) * PMD_SIZE + rnd(w, 2) * PAGE_SIZE, flags,
				   &addr);
		break;
	case 1:
		err = mm_mmap_anon(mm, 0, (1 + rnd(w, 64)) * PAGE_SIZE, flags | VM_SHARED, &addr);
		break;
	case 2: /* PTE leaves */
		err = mm_mmap_pfn(mm, 0, PFN_4G + rnd(w, 4096), (1 + rnd(w, 32)) * PAGE_SIZE,
				  flags | share, MT_DEVICE, &addr);
		break;
	case 3: /* PMD leaves (and PTEs at the edges when the pfn is not aligned) */
		err = mm_mmap_pfn(mm, 0, PFN_4G + rnd(w, 4) * 512 + rnd(w, 2),
				  (1 + rnd(w, 4)) * PMD_SIZE, flags | share, MT_DEVICE, &addr);
		break;
	default: /* PUD leaves */
		err = mm_mmap_pfn(mm, 0, PFN_4G + rnd(w, 8) * (PUD_SIZE >> PAGE_SHIFT),
				  (1 + rnd(w, 2)) * PUD_SIZE, flags | share, MT_WC, &addr);
		break;
	}
	CHECK_EQ(err, 0);
}

/* Fault as the CPU would (the access checked against the VMA first), then fill the shadow. */
static void op_fault(struct world *w, unsigned int i)
{
	struct vm_area_struct *vma = random_vma(w, w->mm[i]);
	enum fault_access access = rnd(w, 2) ? FAULT_WRITE : FAULT_READ;
	unsigned long addr;
	vm_fault_t ret;
	pfn_t pfn;
	int err;

	if (!vma || !(vma->vm_flags & VM_READ))
		return;
	if (!(vma->vm_flags & VM_WRITE))
		access = FAULT_READ;
	addr = random_addr(w, vma);
	ret = handle_mm_fault(vma, addr, access == FAULT_WRITE ? FAULT_FLAG_WRITE : 0);
	CHECK(!(ret & (VM_FAULT_OOM | VM_FAULT_SIGBUS)));
	if (ret & VM_FAULT_ERROR)
		return;
	w->faults_ok++;
	err = shadow_mmu_translate(&w->shadow[i], addr, access, &pfn);
	CHECK_EQ(err, 0);
	w->translations_ok += !err;
}

/* The shadow alone: whatever the primary holds is cached (or refused with -EFAULT). */
static void op_translate(struct world *w, unsigned int i)
{
	struct vm_area_struct *vma = random_vma(w, w->mm[i]);
	pfn_t pfn;
	int err;

	if (!vma)
		return;
	err = shadow_mmu_translate(&w->shadow[i], random_addr(w, vma),
				   rnd(w, 2) ? FAULT_WRITE : FAULT_READ, &pfn);
	CHECK(err == 0 || err == -EFAULT);
	w->translations_ok += !err;
}

static void op_munmap(struct world *w, struct mm_struct *mm)
{
	struct vm_area_struct *vma = random_vma(w, mm);

	if (!vma)
		return;
	if (rnd(w, 3) == 0)
		CHECK_EQ(do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start), 0);
	else
		CHECK_EQ(do_munmap(mm, random_addr(w, vma), random_len(w)), 0);
}

static void op_mprotect(struct world *w, struct mm_struct *mm)
{
	static const unsigned long prots[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE };
	struct vm_area_struct *vma = random_vma(w, mm);
	unsigned long addr, len;
	int err;

	if (!vma)
		return;
	addr = random_addr(w, vma);
	len = random_len(w);
	/* Mostly inside the VMA; past its end the range may hold a hole (-ENOMEM). */
	if (rnd(w, 4))
		len = MIN(len, vma->vm_end - addr);
	err = mm_mprotect(mm, addr, len, prots[rnd(w, 3)]);
	CHECK(err == 0 || err == -ENOMEM);
	w->mprotects_ok += !err;
}

/*
 * mremap of a random part of a VMA: shrunk, grown (moving when it must), moved to a free place
 * keeping its alignment or one page off it, or moved leaving the old range (DONTUNMAP).
 * Growing a pfnmap (-EFAULT) and DONTUNMAP of one (-EINVAL) are refused.
 */
static void op_mremap(struct world *w, struct mm_struct *mm)
{
	struct vm_area_struct *vma = random_vma(w, mm);
	unsigned long addr, len, to, out, flags = MREMAP_MAYMOVE | MREMAP_FIXED, new_len;
	bool pfnmap;
	int err;

	if (!vma || mm->map_count >= MAX_VMAS)
		return;
	pfnmap = vma->vm_flags & VM_PFNMAP;
	addr = random_addr(w, vma);
	len = random_len(w);
	len = MIN(len, vma->vm_end - addr);
	new_len = len;
	switch (rnd(w, 4)) {
	case 0:
		new_len = MAX(ALIGN_DOWN(len / 2, PAGE_SIZE), PAGE_SIZE);
		flags = 0;
		break;
	case 1:
		new_len = len + PAGE_SIZE;
		flags = MREMAP_MAYMOVE;
		break;
	case 2:
		flags |= MREMAP_DONTUNMAP;
		break;
	}
	CHECK_EQ(get_unmapped_area(mm, len + 2 * PUD_SIZE, 0, 0, NULL, &to), 0);
	/* One page off only for short ranges: a misaligned 1 GiB leaf becomes 262144 PTEs. */
	to = ALIGN_UP(to, PUD_SIZE) + (addr & (PUD_SIZE - 1));
	if (len <= 64 * PAGE_SIZE && rnd(w, 2))
		to += PAGE_SIZE;
	err = do_mremap(mm, addr, len, new_len, flags, to, &out);
	if (err && !pfnmap)
		printf("# mremap(%#lx, %#lx, %#lx, %#lx, %#lx): %d\n", addr, len, new_len, flags,
		       to, err);
	CHECK(err == 0 || (pfnmap && (err == -EFAULT || err == -EINVAL)));
	w->mremaps_ok += !err;
}

/* MADV_DONTNEED over a random range: past the VMA it may meet a hole, pfnmaps refuse it. */
static void op_dontneed(struct world *w, struct mm_struct *mm)
{
	struct vm_area_struct *vma = random_vma(w, mm);
	unsigned long addr, len;
	int err;

	if (!vma)
		return;
	addr = random_addr(w, vma);
	len = random_len(w);
	if (rnd(w, 4))
		len = MIN(len, vma->vm_end - addr);
	err = do_madvise(mm, addr, len, MADV_DONTNEED);
	CHECK(err == 0 || err == -ENOMEM || err == -EINVAL);
	w->dontneeds_ok += !err;
}

/* Huge pages wanted or refused over a random range: VMAs split and merge, leaves stay. */
static void op_madvise(struct world *w, struct mm_struct *mm)
{
	struct vm_area_struct *vma = random_vma(w, mm);
	unsigned long addr, len;

	if (!vma)
		return;
	addr = random_addr(w, vma);
	len = random_len(w);
	len = MIN(len, vma->vm_end - addr);
	CHECK_EQ(do_madvise(mm, addr, len, rnd(w, 2) ? MADV_HUGEPAGE : MADV_NOHUGEPAGE), 0);
}

/* A free slot gets a clone of mm[i]; with none free, a random clone is destroyed instead. */
static void op_clone_or_destroy(struct world *w, unsigned int i)
{
	struct mm_struct *child;
	unsigned int slot;

	for (slot = 1; slot < NR_MMS && w->mm[slot]; slot++)
		;
	if (slot == NR_MMS) {
		slot = 1 + rnd(w, NR_MMS - 1);
		mm_destroy(w->mm[slot]);
		CHECK_EQ(w->rec[slot].releases, 1);
		CHECK_EQ(w->shadow[slot].stats.releases, 1);
		CHECK_EQ(shadow_mmu_nr_cached(&w->shadow[slot]), 0);
		w->mm[slot] = NULL;
		return;
	}
	CHECK_EQ(mm_clone(w->mm[i], &child), 0);
	world_attach(w, slot, child);
	w->clones++;
}

/* The page-table checker over every live mm together (clones share pages). */
static void check_tables(struct world *w)
{
	struct mm_struct *mms[NR_MMS];
	struct pgtable_check_report rep;
	unsigned int n = 0;

	for (unsigned int i = 0; i < NR_MMS; i++)
		if (w->mm[i])
			mms[n++] = w->mm[i];
	CHECK_EQ(pgtable_check_mms(mms, n, &rep), 0);
	if (rep.nr_errors)
		printf("# pgtable_check: %s at %#lx\n", rep.first_error, rep.first_addr);
}

/* Snapshot every mm, run one random operation, then check everything listed at the top. */
static void world_step(struct world *w)
{
	unsigned int i;

	for (i = 0; i < NR_MMS; i++)
		if (w->mm[i]) {
			snapshot_range(w->mm[i], 0, USER_VA_END, &w->before[i]);
			w->rec[i].before = &w->before[i];
			w->rec[i].nr = w->rec[i].nr_closed = 0;
		}
	do
		i = rnd(w, NR_MMS);
	while (!w->mm[i]);
	switch (rnd(w, 19)) {
	case 0 ... 2:
		op_map(w, w->mm[i]);
		break;
	case 3 ... 7:
		op_fault(w, i);
		break;
	case 8 ... 9:
		op_translate(w, i);
		break;
	case 10 ... 11:
		op_munmap(w, w->mm[i]);
		break;
	case 12 ... 13:
		op_mprotect(w, w->mm[i]);
		break;
	case 14:
		op_mremap(w, w->mm[i]);
		break;
	case 15:
		op_dontneed(w, w->mm[i]);
		break;
	case 16:
		op_madvise(w, w->mm[i]);
		break;
	default:
		op_clone_or_destroy(w, i);
		break;
	}
	for (i = 0; i < NR_MMS; i++) {
		struct recorder *r = &w->rec[i];

		if (!w->mm[i])
			continue;
		if (r->before) {
			check_changes_covered(r, r->nr);
			r->before = NULL;
		}
		CHECK_EQ(r->depth, 0);
		CHECK_EQ(w->shadow[i].inv_active, 0);
		w->brackets += r->nr;
		check_shadow(&w->shadow[i], &w->scratch);
	}
}

static void run_world(unsigned long long seed, unsigned int steps)
{
	static struct world w;
	unsigned long free_before;

	host_env_init();
	free_before = nr_free_pages();
	memset(&w, 0, sizeof(w));
	w.rng = seed;
	world_attach(&w, 0, mm_create());
	for (unsigned int n = 0; n < steps; n++) {
		world_step(&w);
		check_tables(&w);
	}
	printf("# seed %#llx: %lu brackets; %lu clones, %lu mprotects, %lu mremaps, %lu DONTNEEDs, "
	       "%lu faults and %lu shadow translations succeeded\n",
	       seed, w.brackets, w.clones, w.mprotects_ok, w.mremaps_ok, w.dontneeds_ok,
	       w.faults_ok, w.translations_ok);
	CHECK(w.faults_ok > steps / 20);
	CHECK(w.translations_ok > steps / 20);
	for (unsigned int i = 0; i < NR_MMS; i++)
		if (w.mm[i]) {
			mm_destroy(w.mm[i]);
			CHECK_EQ(w.rec[i].releases, 1);
		}
	CHECK_EQ(nr_free_pages(), free_before);
	CHECK_EQ(nr_slab_pages(), 0);
}

/*
 * Steps per seed: the checker runs after every one of them, so fewer than the mix alone would
 * afford, to keep each seed to seconds.
 */
#define RANDOM_STEPS 700

TEST(notifier_random_shadow_never_outlives_primary_seed1)
{
	run_world(0x9e3779b97f4a7c15ULL, RANDOM_STEPS);
}

TEST(notifier_random_shadow_never_outlives_primary_seed2)
{
	run_world(0x0123456789abcdefULL, RANDOM_STEPS);
}

TEST(notifier_random_shadow_never_outlives_primary_seed3)
{
	run_world(0xfeedfacecafebeefULL, RANDOM_STEPS);
}

/* ------------------------------------------------------------------------- direct tests */

#define A MMAP_BASE
#define P PAGE_SIZE

/* One address space watched by a recorder and a shadow MMU. */
struct watched {
	struct mm_struct *mm;
	struct recorder rec;
	struct shadow_mmu shadow;
	struct snapshot before;
	unsigned long free_before;
};

static void watch(struct watched *t)
{
	host_env_init();
	t->free_before = nr_free_pages();
	t->mm = mm_create();
	shadow_mmu_init(&t->shadow);
	CHECK_EQ(shadow_mmu_attach(&t->shadow, t->mm), 0);
	rec_attach(&t->rec, t->mm);
}

/* From here on every change to the primary is checked against the brackets (see the top). */
static void begin_op(struct watched *t)
{
	snapshot_range(t->mm, 0, USER_VA_END, &t->before);
	t->rec.before = &t->before;
	t->rec.nr = t->rec.nr_closed = 0;
}

static void end_op(struct watched *t)
{
	check_changes_covered(&t->rec, t->rec.nr);
	t->rec.before = NULL;
	CHECK_EQ(t->rec.depth, 0);
	CHECK_EQ(t->shadow.inv_active, 0);
}

static void unwatch(struct watched *t)
{
	static struct changes scratch;

	check_shadow(&t->shadow, &scratch);
	mm_destroy(t->mm);
	CHECK_EQ(nr_free_pages(), t->free_before);
	CHECK_EQ(nr_slab_pages(), 0);
}

static void check_bracket(const struct bracket *b, unsigned long start, unsigned long end,
			  enum mmu_notifier_event event)
{
	CHECK_EQ(b->start, start);
	CHECK_EQ(b->end, end);
	CHECK_EQ(b->event, event);
	CHECK(b->closed);
}

static void fault_all(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	for (unsigned long va = start; va < end; va += P)
		CHECK(!(handle_mm_fault(find_vma(mm, va), va, 0) & VM_FAULT_ERROR));
}

TEST(notifier_munmap_brackets_each_vma_once_with_its_range)
{
	struct watched t;
	unsigned long addr, flushes;
	pfn_t pfn;

	watch(&t);
	CHECK_EQ(mm_mmap_anon(t.mm, A, 8 * P, RW, &addr), 0);
	CHECK_EQ(mm_mmap_anon(t.mm, A + 8 * P, 8 * P, RW | VM_SHARED, &addr), 0);
	CHECK_EQ(mm_mmap_anon(t.mm, A + 16 * P, 8 * P, VM_READ, &addr), 0);
	CHECK_EQ(t.mm->map_count, 3);
	fault_all(t.mm, A, A + 24 * P);
	for (unsigned long va = A; va < A + 24 * P; va += P)
		CHECK_EQ(shadow_mmu_translate(&t.shadow, va, FAULT_READ, &pfn), 0);
	CHECK_EQ(shadow_mmu_nr_cached(&t.shadow), 24);

	begin_op(&t);
	flushes = user_flushes();
	CHECK_EQ(do_munmap(t.mm, A + 4 * P, 16 * P), 0);
	end_op(&t);
	CHECK_EQ(t.rec.nr, 3);
	check_bracket(&t.rec.log[0], A + 4 * P, A + 8 * P, MMU_NOTIFY_UNMAP);
	check_bracket(&t.rec.log[1], A + 8 * P, A + 16 * P, MMU_NOTIFY_UNMAP);
	check_bracket(&t.rec.log[2], A + 16 * P, A + 20 * P, MMU_NOTIFY_UNMAP);
	/* All start before the one flush, all end after it, innermost first. */
	for (unsigned int i = 0; i < 3; i++) {
		CHECK_EQ(t.rec.log[i].flushes_at_start, flushes);
		CHECK_EQ(t.rec.log[i].flushes_at_end, flushes + 1);
		CHECK_EQ(t.rec.log[i].end_order, 3 - i);
	}
	CHECK_EQ(t.shadow.stats.starts, 3);
	CHECK_EQ(t.shadow.stats.ends, 3);
	CHECK_EQ(t.shadow.stats.events[MMU_NOTIFY_UNMAP], 3);
	CHECK_EQ(t.shadow.stats.dropped, 16);
	CHECK_EQ(shadow_mmu_nr_cached(&t.shadow), 8);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, A + 4 * P, FAULT_READ, &pfn), -EFAULT);

	/* Nothing mapped there: no bracket at all. */
	begin_op(&t);
	CHECK_EQ(do_munmap(t.mm, A + 4 * P, 16 * P), 0);
	end_op(&t);
	CHECK_EQ(t.rec.nr, 0);
	unwatch(&t);
}

TEST(notifier_munmap_inside_huge_leaves_clears_each_leaf_it_splits)
{
	unsigned long va, hole;
	struct watched t;
	pfn_t pfn;

	watch(&t);
	CHECK_EQ(mm_mmap_pfn(t.mm, 0, PFN_4G, PUD_SIZE, RW | VM_SHARED, MT_DEVICE, &va), 0);
	fault_all(t.mm, va, va + P);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, va + 5 * P, FAULT_WRITE, &pfn), 0);
	CHECK_EQ(pfn, PFN_4G + 5);
	CHECK_EQ(shadow_mmu_nr_cached(&t.shadow), 1);

	hole = va + PUD_SIZE / 2 + 3 * P;
	begin_op(&t);
	CHECK_EQ(do_munmap(t.mm, hole, P), 0);
	end_op(&t);
	CHECK_EQ(t.rec.nr, 3);
	check_bracket(&t.rec.log[0], hole, hole + P, MMU_NOTIFY_UNMAP);
	check_bracket(&t.rec.log[1], va, va + PUD_SIZE, MMU_NOTIFY_CLEAR);
	check_bracket(&t.rec.log[2], hole & PMD_MASK, (hole & PMD_MASK) + PMD_SIZE,
		      MMU_NOTIFY_CLEAR);
	/* The splits nest inside the VMA's bracket. */
	CHECK_EQ(t.rec.log[0].end_order, 3);
	CHECK_EQ(t.shadow.stats.events[MMU_NOTIFY_CLEAR], 2);
	CHECK_EQ(shadow_mmu_nr_cached(&t.shadow), 0);
	/* Refilled from the split tables: a PMD leaf now. */
	CHECK_EQ(shadow_mmu_translate(&t.shadow, va + 5 * P, FAULT_WRITE, &pfn), 0);
	CHECK_EQ(pfn, PFN_4G + 5);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, hole, FAULT_READ, &pfn), -EFAULT);
	unwatch(&t);
}

/*
 * A munmap whose split has no memory for its table, or for the VMA of the cut, fails before it
 * changes anything: no bracket opens, and the shadow MMU keeps what it cached of the leaf.
 */
TEST(notifier_split_out_of_memory_changes_nothing_and_brackets_nothing)
{
	unsigned long va, hole, n;
	struct watched t;
	pfn_t pfn;
	int err;

	watch(&t);
	CHECK_EQ(mm_mmap_pfn(t.mm, 0, PFN_4G, 2 * PMD_SIZE, RW | VM_SHARED, MT_DEVICE, &va), 0);
	hole = va + PMD_SIZE + 7 * P;
	fault_all(t.mm, va + PMD_SIZE, va + PMD_SIZE + P);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, va + PMD_SIZE, FAULT_READ, &pfn), 0);
	for (n = 1; n < 8; n++) {
		begin_op(&t);
		page_alloc_fail_nth(n);
		err = do_munmap(t.mm, hole, P);
		page_alloc_fail_nth(0);
		end_op(&t);
		if (!err)
			break;
		CHECK_EQ(err, -ENOMEM);
		CHECK_EQ(t.rec.nr, 0);
		CHECK_EQ(shadow_mmu_nr_cached(&t.shadow), 1);
	}
	/* The table first; then a slab page for the cut's VMAs, if the slab has no room left. */
	CHECK(n >= 2 && n < 8);
	check_bracket(&t.rec.log[0], hole, hole + P, MMU_NOTIFY_UNMAP);
	check_bracket(&t.rec.log[1], va + PMD_SIZE, va + 2 * PMD_SIZE, MMU_NOTIFY_CLEAR);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, va + PMD_SIZE, FAULT_READ, &pfn), 0);
	CHECK_EQ(pfn, PFN_4G + (PMD_SIZE >> PAGE_SHIFT));
	unwatch(&t);
}

/*
 * mprotect of one page inside a PUD leaf splits the leaf at the range's edges, PUD to PMD and
 * PMD to PTE: each split clears and refills the whole leaf, so each gets a MMU_NOTIFY_CLEAR
 * bracket over that leaf (closed after the split's own flush, before the next one starts), then
 * the protection change its MMU_NOTIFY_PROTECTION bracket over the range.
 */
TEST(notifier_mprotect_splits_clear_each_leaf_they_split)
{
	unsigned long va, page, pmd_leaf;
	struct watched t;
	pfn_t pfn;

	watch(&t);
	CHECK_EQ(mm_mmap_pfn(t.mm, 0, PFN_4G, PUD_SIZE, RW | VM_SHARED, MT_DEVICE, &va), 0);
	fault_all(t.mm, va, va + P);
	page = va + PUD_SIZE / 2 + 3 * P;
	pmd_leaf = page & PMD_MASK;

	begin_op(&t);
	CHECK_EQ(mm_mprotect(t.mm, page, P, PROT_READ), 0);
	end_op(&t);
	CHECK_EQ(t.rec.nr, 3);
	check_bracket(&t.rec.log[0], va, va + PUD_SIZE, MMU_NOTIFY_CLEAR);
	check_bracket(&t.rec.log[1], pmd_leaf, pmd_leaf + PMD_SIZE, MMU_NOTIFY_CLEAR);
	check_bracket(&t.rec.log[2], page, page + P, MMU_NOTIFY_PROTECTION);
	for (unsigned int i = 0; i < 2; i++) {
		CHECK_EQ(t.rec.log[i].end_order, i + 1);
		CHECK_EQ(t.rec.log[i].flushes_at_end, t.rec.log[i].flushes_at_start + 1);
	}
	CHECK_EQ(t.rec.log[1].flushes_at_start, t.rec.log[0].flushes_at_end);
	CHECK_EQ(t.shadow.stats.events[MMU_NOTIFY_CLEAR], 2);
	/* The neighbours still map the same pfns, writable; the page itself read-only. */
	CHECK_EQ(shadow_mmu_translate(&t.shadow, page + P, FAULT_WRITE, &pfn), 0);
	CHECK_EQ(pfn, PFN_4G + ((page + P - va) >> PAGE_SHIFT));
	CHECK_EQ(shadow_mmu_translate(&t.shadow, page, FAULT_WRITE, &pfn), -EFAULT);
	unwatch(&t);
}

TEST(notifier_mm_destroy_releases_subscribers_before_teardown)
{
	struct watched t;
	unsigned long addr;
	pfn_t pfn;

	watch(&t);
	CHECK_EQ(mm_mmap_anon(t.mm, 0, 4 * P, RW, &addr), 0);
	fault_all(t.mm, addr, addr + 4 * P);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr, FAULT_READ, &pfn), 0);
	t.rec.nr = 0;
	mm_destroy(t.mm);
	CHECK_EQ(t.rec.releases, 1);
	CHECK_EQ(t.rec.nr, 0);
	CHECK_EQ(t.shadow.stats.releases, 1);
	CHECK_EQ(t.shadow.stats.events[MMU_NOTIFY_RELEASE], 1);
	CHECK_EQ(t.shadow.stats.starts, 0);
	CHECK_EQ(shadow_mmu_nr_cached(&t.shadow), 0);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr, FAULT_READ, &pfn), -ENXIO);
	CHECK_EQ(nr_free_pages(), t.free_before);
}

static void collect_line(const char *line, void *priv)
{
	strcat(priv, line);
	strcat(priv, "\n");
}

TEST(shadow_refuses_fills_inside_an_open_bracket_and_reports_counts)
{
	struct mmu_notifier_range range;
	unsigned long addr;
	struct watched t;
	char report[1024] = "";
	pfn_t pfn;

	watch(&t);
	CHECK_EQ(mm_mmap_anon(t.mm, 0, 4 * P, RW, &addr), 0);
	fault_all(t.mm, addr, addr + 4 * P);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr + P, FAULT_READ, &pfn), 0);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr + P, FAULT_READ, &pfn), 0);
	CHECK_EQ(t.shadow.stats.hits, 1);
	mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION, t.mm, addr + P, addr + 2 * P);
	mmu_notifier_invalidate_range_start(&range);
	CHECK_EQ(shadow_mmu_nr_cached(&t.shadow), 0);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr + P, FAULT_READ, &pfn), -EAGAIN);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr + 2 * P, FAULT_READ, &pfn), 0);
	mmu_notifier_invalidate_range_end(&range);
	CHECK_EQ(t.rec.nr, 1);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr + P, FAULT_READ, &pfn), 0);
	CHECK_EQ(t.shadow.stats.refused, 1);
	shadow_mmu_report(&t.shadow, collect_line, report);
	CHECK(strstr(report, "starts 1 ends 1 releases 0 open 0\n") != NULL);
	CHECK(strstr(report, "  protection      1\n") != NULL);
	CHECK(strstr(report, "cached 2 hits 1 fills 3 refused 1 dropped 1\n") != NULL);
	if (!strstr(report, "fills 3"))
		printf("# report:\n%s", report);
	shadow_mmu_detach(&t.shadow);
	CHECK_EQ(shadow_mmu_translate(&t.shadow, addr + P, FAULT_READ, &pfn), -ENXIO);
	unwatch(&t);
}
