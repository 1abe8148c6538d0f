/*
 * EL2 kept by the loader (boot/arm64/handoff.S, arch/arm64/hyp-stub.S): when the kernel was
 * entered at EL2, a vector table from the kernel image can be installed at EL2 through the stub
 * and really runs there, and the stub takes EL2 back; and, at either entry level, EL1 reads the
 * counter and programs the physical timer without trapping.
 */
#if defined(__aarch64__)

#include <asm/sysreg.h>
#include <asm/virt.h>

#include "boot_info.h"
#include "ktest.h"

#define EL2_TEST_MAGIC 0x2e12e12e12e12e1 /* no suffix: the EL2 code below loads it too */
#define EL2_TEST_CALL 0x7e57		 /* unknown to the stub */
#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * A minimal EL2 vector table, in the kernel image like the stub and so reached at its physical
 * address with the EL2 MMU off. HVC_RESET_VECTORS puts the stub back (adrp works on physical
 * addresses because the image is one block); any other HVC answers x0 = CurrentEL.EL,
 * x1 = EL2_TEST_MAGIC. Everything else parks, as in the stub.
 */
/* clang-format off */
asm("	.pushsection .text\n"
    "	.balign	2048\n"
    "el2_test_vectors:\n"
    "	.rept	8\n"
    "	.balign	128\n"
    "	b	el2_test_park\n"
    "	.endr\n"
    "	.balign	128\n" /* lower EL, AArch64, synchronous */
    "	cmp	x0, #" STR(HVC_RESET_VECTORS) "\n"
    "	b.eq	el2_test_reset\n"
    "	mrs	x0, CurrentEL\n"
    "	lsr	x0, x0, #2\n"
    "	ldr	x1, =" STR(EL2_TEST_MAGIC) "\n"
    "	eret\n"
    "	.ltorg\n"
    "	.rept	7\n"
    "	.balign	128\n"
    "	b	el2_test_park\n"
    "	.endr\n"
    "el2_test_reset:\n"
    "	adrp	x0, __hyp_stub_vectors\n"
    "	add	x0, x0, :lo12:__hyp_stub_vectors\n"
    "	msr	vbar_el2, x0\n"
    "	mov	x0, xzr\n"
    "	eret\n"
    "el2_test_park:\n"
    "	wfe\n"
    "	b	el2_test_park\n"
    "	.popsection\n");
/* clang-format on */
extern char el2_test_vectors[];

struct hvc_res {
	u64 x0, x1;
};

static struct hvc_res hvc(u64 fn, u64 arg)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = arg;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1) : : "memory");
	return (struct hvc_res){ x0, x1 };
}

/* The physical address of a kernel address, as the EL1 stage 1 MMU translates it. */
static phys_addr_t el1_translate(const void *va)
{
	u64 par;

	asm volatile("at s1e1r, %0" : : "r"(va));
	isb();
	par = read_sysreg(par_el1);
	KCHECK_EQ(par & 1, 0); /* PAR_EL1.F: the translation did not fault */
	return (par & 0xfffffffff000UL) | ((u64)va & 0xfff);
}

KTEST(el2, hvc_runs_installed_vectors_at_el2)
{
	struct hvc_res r;

	if (boot_entry_el() != 2)
		KSKIP("entered at EL1: no EL2 to call");
	r = hvc(EL2_TEST_CALL, 0x1234);
	KCHECK_EQ(r.x0, HVC_STUB_ERR);
	KCHECK_EQ(r.x1, 0x1234); /* the stub keeps every register but x0 */

	KCHECK_EQ(__hyp_set_vectors(el1_translate(el2_test_vectors)), 0);
	r = hvc(EL2_TEST_CALL, 0);
	KCHECK_EQ(r.x0, 2);
	KCHECK_EQ(r.x1, EL2_TEST_MAGIC);

	KCHECK_EQ(__hyp_reset_vectors(), 0);
	r = hvc(EL2_TEST_CALL, 0);
	KCHECK_EQ(r.x0, HVC_STUB_ERR);
}

KTEST(el2, el1_counter_and_timer)
{
	u64 t0, t1, cval;

	KCHECK(read_sysreg(cntfrq_el0) != 0);
	isb();
	t0 = t1 = read_sysreg(cntpct_el0);
	for (int i = 0; i < 1000000; i++) {
		isb();
		t1 = read_sysreg(cntpct_el0);
		if (t1 != t0)
			break;
	}
	KCHECK(t1 > t0);
	/* The physical timer, disabled, takes a compare value and gives it back. */
	KCHECK_EQ(read_sysreg(cntp_ctl_el0) & 1, 0);
	cval = read_sysreg(cntp_cval_el0);
	write_sysreg(t1 + 0x123456789UL, cntp_cval_el0);
	isb();
	KCHECK_EQ(read_sysreg(cntp_cval_el0), t1 + 0x123456789UL);
	write_sysreg(cval, cntp_cval_el0);
}

#endif
