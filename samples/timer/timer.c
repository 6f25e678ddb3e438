/* timer: time in Gear is block height. Delayed messages and timed waits.
 *
 * handle  'C'                clock: replies "block <height>"
 *         'R' u32 d  text    reminder: a gr_send to the sender with delay d; it waits in the
 *                            dispatch stash and reaches the sender's mailbox d blocks later
 *         'T' u32 d          tick: a delayed message to the timer itself, d blocks later; when it
 *                            arrives the timer notes the block and mails the asker
 *         'W' u32 d          sleep: gr_wait_for(d); the WakeMessage task re-runs the message d
 *                            blocks later, which then replies "slept from block X to block Y"
 * state   ticks u32 ‖ block of the last tick u32 ‖ sleepers waiting u32
 *
 * The tick is an internal message 't' asker[32] asked_at(u32) that only the timer sends itself.
 * It ends without a manual reply, so Gear auto-replies to the timer with gas limit 0 (§4.4); a
 * reply deposit pays for that delivery (the timer has no handle_reply, so it is a no-op). */
#include "gear.h"

#define MAX_SLEEPERS 16
#define TICK_REPLY_DEPOSIT 100000000ull

typedef struct {
    uint32_t used;
    uint32_t since;
    gear_message_id_t msg;
} sleeper_t;

static sleeper_t sleepers[MAX_SLEEPERS];
static uint32_t ticks, last_tick;

static void reply_with_block(const char* prefix, uint32_t block)
{
    char text[64];
    gear_str_t s = { text, 0, sizeof text };
    gear_str_cat(&s, prefix);
    gear_str_num(&s, block);
    gear_reply(text, s.len);
}

static void sleep_for(uint32_t d)
{
    gear_message_id_t me = gear_message_id();
    for (uint32_t i = 0; i < MAX_SLEEPERS; ++i) {
        sleeper_t* z = &sleepers[i];
        if (z->used && gear_hash_eq(&z->msg, &me)) {
            /* Second run: the WakeMessage task brought us back. */
            char text[64];
            gear_str_t s = { text, 0, sizeof text };
            gear_str_cat(&s, "slept from block ");
            gear_str_num(&s, z->since);
            gear_str_cat(&s, " to block ");
            gear_str_num(&s, gear_block_height());
            z->used = 0;
            gear_reply(text, s.len);
            return;
        }
    }
    for (uint32_t i = 0; i < MAX_SLEEPERS; ++i) {
        sleeper_t* z = &sleepers[i];
        if (!z->used) {
            /* First run: remember, then wait. This memory write is committed by the wait. */
            z->used = 1;
            z->since = gear_block_height();
            z->msg = me;
            gr_wait_for(d);
        }
    }
    gear_panic_str("timer: too many sleepers");
}

void handle(void)
{
    uint8_t msg[128];
    uint32_t n = gear_msg_read(msg, sizeof msg);
    uint32_t now = gear_block_height();
    if (n == 1 && msg[0] == 'C') {
        reply_with_block("block ", now);
    } else if (n >= 5 && msg[0] == 'R') {
        uint32_t d = gear_load_u32(msg + 1);
        char text[160];
        gear_str_t s = { text, 0, sizeof text };
        gear_str_cat(&s, "reminder: ");
        gear_str_bytes(&s, msg + 5, n - 5);
        gear_actor_id_t asker = gear_source();
        uint32_t err = gear_send(&asker, text, s.len, 0, d, 0);
        if (err)
            gear_panic_str("timer: the delayed send failed");
        reply_with_block("reminder due at block ", now + d);
    } else if (n == 5 && msg[0] == 'T') {
        uint32_t d = gear_load_u32(msg + 1);
        uint8_t tick[37];
        tick[0] = 't';
        gear_actor_id_t asker = gear_source();
        memcpy(tick + 1, &asker, 32);
        gear_store_u32(tick + 33, now);
        gear_actor_id_t self = gear_program_id();
        gear_message_id_t tick_id;
        if (gear_send(&self, tick, sizeof tick, 0, d, &tick_id))
            gear_panic_str("timer: the delayed send failed");
        uint32_t err = 0;
        gr_reply_deposit(&tick_id, TICK_REPLY_DEPOSIT, &err);
        reply_with_block("tick due at block ", now + d);
    } else if (n == 37 && msg[0] == 't') {
        gear_actor_id_t from = gear_source(), self = gear_program_id();
        if (!gear_hash_eq(&from, &self))
            gear_panic_str("timer: ticks come only from the timer itself");
        ticks += 1;
        last_tick = now;
        char text[64];
        gear_str_t s = { text, 0, sizeof text };
        gear_str_cat(&s, "tick at block ");
        gear_str_num(&s, now);
        gear_str_cat(&s, " (asked at block ");
        gear_str_num(&s, gear_load_u32(msg + 33));
        gear_str_cat(&s, ")");
        gear_send((const gear_actor_id_t*)(msg + 1), text, s.len, 0, 0, 0);
    } else if (n == 5 && msg[0] == 'W') {
        sleep_for(gear_load_u32(msg + 1));
    } else {
        gear_panic_str("timer: expected 'C', 'R' d text, 'T' d or 'W' d");
    }
}

void state(void)
{
    uint32_t waiting = 0;
    for (uint32_t i = 0; i < MAX_SLEEPERS; ++i)
        waiting += sleepers[i].used;
    uint32_t out[3] = { ticks, last_tick, waiting };
    gear_reply(out, sizeof out);
}
