/* child: created by the factory with gr_create_program.
 *
 * init    u32 k   remembers its multiplier
 * handle  u32 x   replies x * k (u32) */
#include "gear.h"

static uint32_t k;

void init(void)
{
    uint8_t buf[4];
    if (gear_msg_read(buf, 4) != 4)
        gear_panic_str("child: init payload must be a u32 multiplier");
    k = gear_load_u32(buf);
}

void handle(void)
{
    uint8_t buf[4];
    if (gear_msg_read(buf, 4) != 4)
        gear_panic_str("child: expected a u32");
    uint32_t product = gear_load_u32(buf) * k;
    gear_reply(&product, 4);
}
