/* Look-up in the exception fixup table (include/extable.h). */
#include "extable.h"

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

unsigned long search_exception_table(unsigned long pc)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == pc)
			return e->fixup;
	return 0;
}
