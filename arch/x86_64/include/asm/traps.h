/*
 * x86_64 exception vectors and error-code bits (Linux's trapnr.h / trap_pf.h names), and the
 * interface between the trap entry code (entry.S) and traps.c. Included from assembly too.
 */
#ifndef PAGODA_ASM_TRAPS_H
#define PAGODA_ASM_TRAPS_H

#define X86_TRAP_NMI 2	     /* non-maskable interrupt */
#define X86_TRAP_DF 8	     /* double fault */
#define X86_TRAP_TS 10	     /* invalid TSS */
#define X86_TRAP_NP 11	     /* segment not present */
#define X86_TRAP_SS 12	     /* stack-segment fault */
#define X86_TRAP_GP 13	     /* general protection */
#define X86_TRAP_PF 14	     /* page fault */
#define X86_TRAP_AC 17	     /* alignment check */
#define X86_TRAP_CP 21	     /* control protection */
#define X86_TRAP_VC 29	     /* VMM communication */
#define X86_TRAP_SX 30	     /* security */
#define X86_NR_EXCEPTIONS 32 /* vectors 0-31 are CPU exceptions, the rest interrupts */
#define X86_NR_VECTORS 256

/* Each entry stub is padded to this many bytes, so stub n is at x86_vector_stubs + n * size. */
#define X86_VECTOR_STUB_SIZE 16

/* Page-fault error code bits. */
#define X86_PF_PROT BIT(0)  /* 0: not present, 1: protection violation */
#define X86_PF_WRITE BIT(1) /* the access was a write */
#define X86_PF_USER BIT(2)  /* the access came from CPL 3 */
#define X86_PF_RSVD BIT(3)  /* a reserved bit was set in an entry */
#define X86_PF_INSTR BIT(4) /* the access was an instruction fetch */
#define X86_PF_PK BIT(5)    /* protection-key violation */
#define X86_PF_SHSTK BIT(6) /* shadow-stack access */

/* Selector error code (#TS, #NP, #SS, #GP): EXT, IDT, TI flags and the selector index. */
#define X86_SEL_ERR_EXT BIT(0)
#define X86_SEL_ERR_IDT BIT(1)
#define X86_SEL_ERR_TI BIT(2)
#define X86_SEL_ERR_INDEX_SHIFT 3

#ifndef __ASSEMBLER__

#include "types.h"

struct pt_regs;

/* entry.S: 256 stubs of X86_VECTOR_STUB_SIZE bytes, one per vector. */
extern const char x86_vector_stubs[];

/* Load the kernel's GDT (with the TSS) and IDT. */
void trap_init(void);
/* Called by entry.S with the saved frame of every exception and interrupt. */
void x86_handle_exception(struct pt_regs *regs);

#endif
#endif
