/*
 * Host tests of the interrupt core (kernel/irq) with a fake controller that logs its calls:
 * m mask, u unmask, a ack, e eoi, and H for the driver's handler. Every test frees what it
 * allocated.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "irq.h"
#include "tap.h"

static char calls[64];

static void log_call(char c)
{
	size_t n = strlen(calls);

	if (n + 1 < sizeof(calls)) {
		calls[n] = c;
		calls[n + 1] = 0;
	}
}

static void fake_mask(struct irq_data *d)
{
	log_call('m');
}

static void fake_unmask(struct irq_data *d)
{
	log_call('u');
}

static void fake_ack(struct irq_data *d)
{
	log_call('a');
}

static void fake_eoi(struct irq_data *d)
{
	log_call('e');
}

static int fake_set_type(struct irq_data *d, unsigned int type)
{
	return type == IRQ_TYPE_LEVEL_LOW ? -EINVAL : 0;
}

static const struct irq_chip fake_chip = {
	.name = "fake",
	.irq_mask = fake_mask,
	.irq_unmask = fake_unmask,
	.irq_ack = fake_ack,
	.irq_eoi = fake_eoi,
	.irq_set_type = fake_set_type,
};

static irqreturn_t handler_says = IRQ_HANDLED;
static unsigned int handled;

static irqreturn_t fake_handler(unsigned int irq, void *dev_id)
{
	log_call('H');
	handled++;
	return handler_says;
}

/* An irq under the fake chip with flow, its handler requested; the log starts empty. */
static int setup(irq_flow_handler_t flow)
{
	int irq = irq_alloc_descs(1);

	calls[0] = 0;
	CHECK(irq >= 0);
	CHECK_EQ(irq_set_chip_and_handler(irq, &fake_chip, flow, 42, NULL), 0);
	CHECK_EQ(request_irq(irq, fake_handler, 0, "fake-dev", &handled), 0);
	CHECK_EQ(strcmp(calls, "u"), 0); /* request_irq unmasked it */
	calls[0] = 0;
	handled = 0;
	handler_says = IRQ_HANDLED;
	return irq;
}

static void teardown(int irq)
{
	CHECK(free_irq(irq, &handled) != NULL);
	irq_free_descs(irq, 1);
	calls[0] = 0;
}

static struct irq_stat stat_of(int irq)
{
	struct irq_stat st = { 0 };

	CHECK_EQ(irq_stat_next(irq, &st), irq);
	return st;
}

TEST(irq_flows_call_the_chip_in_linux_order)
{
	static const struct {
		irq_flow_handler_t flow;
		const char *want;
	} flows[] = {
		{ handle_edge_irq, "aH" },    /* ack first: a new edge latches again */
		{ handle_level_irq, "maHu" }, /* masked while the line is asserted */
		{ handle_fasteoi_irq, "He" }, /* one eoi after the handler */
	};

	for (unsigned int i = 0; i < sizeof(flows) / sizeof(flows[0]); i++) {
		int irq = setup(flows[i].flow);

		CHECK_EQ(generic_handle_irq(irq), 0);
		CHECK_EQ(strcmp(calls, flows[i].want), 0);
		CHECK_EQ(stat_of(irq).count, 1);
		CHECK_EQ(stat_of(irq).unhandled, 0);
		teardown(irq);
	}
}

TEST(irq_disabled_edge_is_replayed_once_by_enable)
{
	int irq = setup(handle_edge_irq);

	disable_irq(irq);
	CHECK_EQ(strcmp(calls, "m"), 0);
	CHECK_EQ(generic_handle_irq(irq), 0);
	CHECK_EQ(handled, 0);
	CHECK_EQ(stat_of(irq).count, 1);
	calls[0] = 0;
	enable_irq(irq);
	CHECK_EQ(strcmp(calls, "uH"), 0);
	CHECK_EQ(handled, 1);
	enable_irq(irq); /* unbalanced: nothing */
	CHECK_EQ(handled, 1);
	teardown(irq);
}

TEST(irq_disable_nests)
{
	int irq = setup(handle_fasteoi_irq);

	disable_irq(irq);
	disable_irq(irq);
	CHECK_EQ(strcmp(calls, "m"), 0);
	enable_irq(irq);
	CHECK_EQ(strcmp(calls, "m"), 0);
	CHECK_EQ(generic_handle_irq(irq), 0); /* still disabled: masked, ended, not handled */
	CHECK_EQ(handled, 0);
	enable_irq(irq);
	CHECK_EQ(strcmp(calls, "mmeu"), 0);
	CHECK_EQ(generic_handle_irq(irq), 0);
	CHECK_EQ(handled, 1);
	teardown(irq);
}

TEST(irq_unhandled_counts_none_and_missing_handler)
{
	int irq = setup(handle_level_irq);

	handler_says = IRQ_NONE;
	generic_handle_irq(irq);
	CHECK_EQ(stat_of(irq).unhandled, 1);
	CHECK_EQ(strcmp(free_irq(irq, &handled), "fake-dev"), 0);
	CHECK(stat_of(irq).name == NULL);
	calls[0] = 0;
	generic_handle_irq(irq);
	CHECK_EQ(stat_of(irq).unhandled, 2);
	CHECK_EQ(stat_of(irq).count, 2);
	CHECK_EQ(strcmp(calls, "ma"), 0); /* masked where it stands */
	irq_free_descs(irq, 1);
}

TEST(irq_request_errors_leave_the_line_as_it_was)
{
	int irq = setup(handle_edge_irq);
	int bare = irq_alloc_descs(1);

	CHECK_EQ(request_irq(irq, fake_handler, 0, "second", NULL), (u64)-EBUSY);
	CHECK_EQ(strcmp(stat_of(irq).name, "fake-dev"), 0);
	CHECK_EQ(request_irq(bare, fake_handler, 0, "no chip", NULL), (u64)-EINVAL);
	CHECK_EQ(request_irq(NR_IRQS, fake_handler, 0, "out of range", NULL), (u64)-EINVAL);
	CHECK_EQ(irq_set_chip_and_handler(bare, &fake_chip, handle_edge_irq, 7, NULL), 0);
	CHECK_EQ(request_irq(bare, NULL, 0, "null", NULL), (u64)-EINVAL);
	CHECK(free_irq(irq, NULL) == NULL); /* not its dev_id */
	CHECK_EQ(strcmp(calls, ""), 0);
	irq_free_descs(bare, 1);
	teardown(irq);
}

TEST(irq_set_type_and_stat_rows)
{
	int irq = setup(handle_level_irq);
	struct irq_stat st;

	CHECK_EQ(irq_set_irq_type(irq, IRQ_TYPE_LEVEL_HIGH), 0);
	CHECK_EQ(irq_set_irq_type(irq, IRQ_TYPE_LEVEL_LOW), (u64)-EINVAL);
	st = stat_of(irq);
	CHECK_EQ(st.type, IRQ_TYPE_LEVEL_HIGH);
	CHECK_EQ(st.hwirq, 42);
	CHECK_EQ(strcmp(st.chip, "fake"), 0);
	CHECK_EQ(strcmp(irq_type_name(st.type), "Level"), 0);
	CHECK_EQ(strcmp(irq_type_name(IRQ_TYPE_EDGE_RISING), "Edge"), 0);
	CHECK_EQ(irq_stat_next(irq + 1, &st), (u64)-ENOENT);
	teardown(irq);
}

TEST(irq_alloc_descs_finds_blocks)
{
	int first = irq_alloc_descs(3), n = 0, irq;

	CHECK(first >= 0);
	irq_free_descs(first + 1, 1);
	irq = irq_alloc_descs(2);
	CHECK(irq > first + 2); /* the one-wide hole does not fit two */
	CHECK_EQ(irq_alloc_descs(1), first + 1);
	CHECK_EQ(irq_alloc_descs(NR_IRQS), (u64)-ENOSPC);
	CHECK_EQ(irq_alloc_descs(0), (u64)-ENOSPC);
	while (irq_alloc_descs(1) >= 0)
		n++;
	CHECK_EQ(n, NR_IRQS - 5);
	CHECK_EQ(irq_stat_next(0, &(struct irq_stat){ 0 }), (u64)-ENOENT); /* none has a chip */
	irq_free_descs(0, NR_IRQS);
}

static struct pt_regs *seen_regs;
static bool seen_in_interrupt;

static void fake_root(struct pt_regs *regs, unsigned long vector)
{
	seen_regs = get_irq_regs();
	seen_in_interrupt = in_interrupt();
	generic_handle_irq(vector);
}

TEST(irq_spurious_and_root_handler)
{
	unsigned long spurious = irq_spurious_count();
	int irq = setup(handle_edge_irq);
	struct pt_regs *regs = (struct pt_regs *)&spurious;

	CHECK_EQ(generic_handle_irq(NR_IRQS + 3), (u64)-EINVAL);
	CHECK_EQ(generic_handle_irq(irq + 1), (u64)-EINVAL); /* not allocated */
	CHECK_EQ(irq_spurious_count(), spurious + 2);
	set_handle_irq(fake_root);
	handle_arch_irq(regs, irq);
	CHECK(seen_regs == regs);
	CHECK(seen_in_interrupt);
	CHECK(!in_interrupt());
	CHECK(get_irq_regs() == NULL);
	CHECK_EQ(handled, 1);
	set_handle_irq(NULL);
	handle_arch_irq(regs, irq);
	CHECK_EQ(irq_spurious_count(), spurious + 3);
	teardown(irq);
}
