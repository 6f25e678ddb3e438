/* abicheck: not a sample — a program that imports every syscall gear.h declares, so that
 * tests/core/tst_samples can hand it to Gearscope's code loader and prove that each declaration
 * has exactly the Wasm signature of spec §7.3 (the loader rejects any mismatch). Nothing here is
 * meant to run. */
#include "gear.h"

static volatile uint32_t selector; /* unknown to the compiler: keeps every call below */

void handle(void)
{
    static gear_hash_with_value_t hv;
    static gear_two_hashes_with_value_t thv;
    static gear_error_with_hash_t eh;
    static gear_error_with_two_hashes_t e2h;
    static gear_error_with_handle_t ehd;
    static gear_error_with_reply_code_t erc;
    static gear_error_with_signal_code_t esc;
    static gear_error_with_gas_t eg;
    static gear_env_vars_t env;
    static gear_block_number_with_hash_t bnh;
    static gear_hash_t h;
    static gear_u128 v;
    static uint8_t buf[64];
    static uint32_t u32, err;
    static uint64_t u64;

    switch (selector) {
    case 0: gr_send(&hv, buf, 1, 0, &eh); break;
    case 1: gr_send_wgas(&hv, buf, 1, 5000, 0, &eh); break;
    case 2: gr_send_input(&hv, 0, 1, 0, &eh); break;
    case 3: gr_send_input_wgas(&hv, 0, 1, 5000, 0, &eh); break;
    case 4: gr_send_init(&ehd); break;
    case 5: gr_send_push(0, buf, 1, &err); break;
    case 6: gr_send_push_input(0, 0, 1, &err); break;
    case 7: gr_send_commit(0, &hv, 0, &eh); break;
    case 8: gr_send_commit_wgas(0, &hv, 5000, 0, &eh); break;
    case 9: gr_reservation_send(&thv, buf, 1, 0, &eh); break;
    case 10: gr_reservation_send_commit(0, &thv, 0, &eh); break;
    case 11: gr_reply(buf, 1, &v, &eh); break;
    case 12: gr_reply_wgas(buf, 1, 5000, GEAR_NO_VALUE, &eh); break;
    case 13: gr_reply_input(0, 1, &v, &eh); break;
    case 14: gr_reply_input_wgas(0, 1, 5000, &v, &eh); break;
    case 15: gr_reply_push(buf, 1, &err); break;
    case 16: gr_reply_push_input(0, 1, &err); break;
    case 17: gr_reply_commit(&v, &eh); break;
    case 18: gr_reply_commit_wgas(5000, &v, &eh); break;
    case 19: gr_reservation_reply(&hv, buf, 1, &eh); break;
    case 20: gr_reservation_reply_commit(&hv, &eh); break;
    case 21: gr_create_program(&hv, buf, 1, buf, 1, 0, &e2h); break;
    case 22: gr_create_program_wgas(&hv, buf, 1, buf, 1, 5000, 0, &e2h); break;
    case 23: gr_read(0, 1, buf, &err); break;
    case 24: gr_size(&u32); break;
    case 25: gr_reply_to(&eh); break;
    case 26: gr_reply_code(&erc); break;
    case 27: gr_signal_from(&eh); break;
    case 28: gr_signal_code(&esc); break;
    case 29: gr_message_id(&h); break;
    case 30: gr_program_id(&h); break;
    case 31: gr_source(&h); break;
    case 32: gr_value(&v); break;
    case 33: gr_value_available(&v); break;
    case 34: gr_gas_available(&u64); break;
    case 35: gr_block_height(&u32); break;
    case 36: gr_block_timestamp(&u64); break;
    case 37: gr_env_vars(1, &env); break;
    case 38: gr_random(&h, &bnh); break;
    case 39: gr_debug("x", 1); break;
    case 40: gr_panic(buf, 1);
    case 41: gr_oom_panic();
    case 42: gr_exit(&h);
    case 43: gr_leave();
    case 44: gr_wait();
    case 45: gr_wait_for(1);
    case 46: gr_wait_up_to(1);
    case 47: gr_wake(&h, 0, &err); break;
    case 48: gr_reserve_gas(5000, 1, &eh); break;
    case 49: gr_unreserve_gas(&h, &eg); break;
    case 50: gr_system_reserve_gas(5000, &err); break;
    case 51: gr_reply_deposit(&h, 5000, &err); break;
    case 52: u32 = gear_alloc(1); break;
    case 53: u32 = gear_free(1); break;
    case 54: u32 = gear_free_range(1, 2); break;
    case 55: {
        /* the helpers, so that they compile warning-free and link without a libc */
        uint8_t* p = (uint8_t*)gear_malloc(24);
        memset(p, 1, 24);
        memmove(p + 1, p, 8);
        memcpy(buf, p, 24);
        gear_str_t s = { (char*)buf, 0, sizeof buf };
        gear_str_cat(&s, "n=");
        gear_str_num(&s, gear_load_u64(p) + gear_load_u32(p) + gear_block_height() + gear_msg_size());
        gear_store_u32(buf, gear_hash_is_zero(&h) + memcmp(buf, p, 4));
        gear_store_u64(buf + 8, (uint64_t)gear_reply_is_removed_from_waitlist(erc.reply_code)
                + (uint64_t)gear_reply_is_execution_error(erc.reply_code, GEAR_EXEC_RAN_OUT_OF_GAS)
                + (uint64_t)gear_reply_is_unavailable(erc.reply_code, GEAR_UNAVAILABLE_PROGRAM_EXITED)
                + (uint64_t)gear_reply_is_auto(erc.reply_code) + (uint64_t)gear_reply_is_error(erc.reply_code));
        gear_heap_reset();
        gear_actor_id_t a = gear_source(), b = gear_program_id();
        gear_message_id_t m = gear_message_id();
        if (gear_hash_eq(&a, &b) || gear_hash_eq(&a, &m))
            gear_panic_str("same");
        gear_debug_str((const char*)buf);
        gear_reply_str("ok");
        gear_send(&a, buf, s.len, 0, 0, 0);
        break;
    }
    default: break;
    }
}
