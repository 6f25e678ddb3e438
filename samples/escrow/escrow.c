/* escrow: holds the buyer's payment until the buyer confirms delivery, pays the seller, then
 * ends itself with gr_exit, leaving what remains to an arbiter (spec §6.4).
 *
 * init    buyer[32] seller[32] arbiter[32] price(u64)
 * handle  'D'  deposit: only the buyer, with value == price exactly; replies "funded"
 *         'C'  confirm: only the buyer, once funded; sends the price to the seller (a mailbox
 *              message carrying value, which the seller claims) and exits with the arbiter as
 *              inheritor: the escrow's remaining balance (its existential deposit) goes there
 * state   status u32 (0 open, 1 funded) ‖ price u64 ‖ balance u64 (low 64 bits)
 *
 * Value rules to watch (spec §4.3, §5.5): a deposit with the wrong amount panics, and the error
 * reply brings the value back to the buyer; after gr_exit every message to the escrow gets the
 * error reply UnavailableActor(ProgramExited) whose payload is the inheritor's id. */
#include "gear.h"

enum { OPEN = 0, FUNDED = 1 };

static gear_actor_id_t buyer, seller, arbiter;
static uint64_t price;
static uint32_t status;

void init(void)
{
    uint8_t buf[104];
    if (gear_msg_read(buf, sizeof buf) != sizeof buf)
        gear_panic_str("escrow: init payload is buyer[32] seller[32] arbiter[32] price(u64)");
    memcpy(&buyer, buf, 32);
    memcpy(&seller, buf + 32, 32);
    memcpy(&arbiter, buf + 64, 32);
    price = gear_load_u64(buf + 96);
}

void handle(void)
{
    uint8_t cmd = 0;
    if (gear_msg_read(&cmd, 1) != 1)
        gear_panic_str("escrow: expected 'D' or 'C'");
    gear_actor_id_t from = gear_source();
    if (!gear_hash_eq(&from, &buyer))
        gear_panic_str("escrow: only the buyer may do this");
    if (cmd == 'D') {
        gear_u128 value = 0;
        gr_value(&value);
        if (status != OPEN)
            gear_panic_str("escrow: already funded");
        if (value != (gear_u128)price)
            gear_panic_str("escrow: the deposit must equal the price");
        status = FUNDED;
        gear_reply_str("funded");
    } else if (cmd == 'C') {
        if (status != FUNDED)
            gear_panic_str("escrow: nothing deposited yet");
        const char note[] = "payment released by the escrow";
        if (gear_send(&seller, note, sizeof note - 1, price, 0, 0) != GEAR_OK)
            gear_panic_str("escrow: paying the seller failed");
        /* The payment above is committed: gr_exit ends the execution successfully. */
        gr_exit(&arbiter);
    } else {
        gear_panic_str("escrow: expected 'D' or 'C'");
    }
}

void state(void)
{
    gear_u128 balance = 0;
    gr_value_available(&balance);
    uint8_t out[20];
    gear_store_u32(out, status);
    gear_store_u64(out + 4, price);
    gear_store_u64(out + 12, (uint64_t)balance);
    gear_reply(out, sizeof out);
}
