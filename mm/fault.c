/* Page-fault entry (mm/fault.h). */
#include <errno.h>

#include "memlayout.h"
#include "mm/fault.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/vma.h"

/*
 * Does the VMA allow this kind of access, from this mode? As in Linux's access_error(), any
 * access permission allows a read: the entries of a write-only or exec-only VMA are readable
 * (x86 has no write-only or exec-only entries, arm64 user entries are readable), so a read
 * there must fault in like the write or fetch would.
 */
static bool access_permitted(const struct vm_area_struct *vma, enum fault_access access,
			     enum fault_origin origin)
{
	static const unsigned long needs[] = {
		[FAULT_READ] = VM_READ | VM_WRITE | VM_EXEC,
		[FAULT_WRITE] = VM_WRITE,
		[FAULT_EXEC] = VM_EXEC,
	};

	if (origin == FAULT_USER && !(vma->vm_flags & VM_USER))
		return false;
	return vma->vm_flags & needs[access];
}

static unsigned int fault_flags(enum fault_access access, enum fault_origin origin)
{
	unsigned int flags = origin == FAULT_USER ? FAULT_FLAG_USER : 0;

	if (access == FAULT_WRITE)
		flags |= FAULT_FLAG_WRITE;
	else if (access == FAULT_EXEC)
		flags |= FAULT_FLAG_EXEC;
	return flags;
}

/*
 * A fault in the user half of the current address space is served by its VMA: found with
 * find_vma(), checked against the VMA's permissions, then handed to handle_mm_fault(). Kernel
 * mappings are built eagerly and never fault in, so any other fault is a bad access: the
 * caller's fixup or report decides what happens next.
 */
int handle_page_fault(unsigned long addr, enum fault_access access, enum fault_origin origin)
{
	struct mm_struct *mm = current_mm();
	struct vm_area_struct *vma;

	if (!mm || addr >= USER_VA_END)
		return -EFAULT;
	vma = find_vma(mm, addr);
	if (!vma || addr < vma->vm_start || !access_permitted(vma, access, origin))
		return -EFAULT;
	if (handle_mm_fault(vma, addr, fault_flags(access, origin)) & VM_FAULT_ERROR)
		return -EFAULT;
	return 0;
}
