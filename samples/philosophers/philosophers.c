/* philosophers: the dining table. Five forks; philosopher i needs forks i and (i+1) % 5.
 * A philosopher who cannot eat waits in the WAITLIST (gr_wait, no deadline) until a neighbour is
 * done; one nobody frees stays there until its gas can no longer pay the waitlist rent (100 gas
 * per block, spec §3.1) and is evicted.
 *
 * handle         'E' u8 i   philosopher i asks to eat: replies "philosopher i eats", or waits
 *                'D' u8 i   philosopher i is done: frees the forks, wakes every waiter (they
 *                           re-run from the start and try again), replies "philosopher i is done"
 * handle_signal  an eviction: the waiter is forgotten and counted
 * state          meals u32 ‖ evicted u32 ‖ waiting u32 ‖ wake-ups u32
 *
 * On its first run a request sets gas aside with gr_system_reserve_gas, like gstd does
 * (spec §3.2): when the waitlist evicts it, the requester gets an error reply
 * RemovedFromWaitlist ("removal from waitlist") AND the program gets a signal with code 200
 * (RemovedFromWaitlist) paid from that reservation, so it can clean up. */
#include "gear.h"

#define SEATS 5
#define MAX_WAITERS 16
#define SYSTEM_RESERVE 1000000000ull

typedef struct {
    uint32_t used;
    uint32_t seat;
    gear_message_id_t msg;
} waiter_t;

static uint8_t fork_holder[SEATS]; /* 0 = on the table, else seat + 1 */
static waiter_t waiters[MAX_WAITERS];
static uint32_t meals, evicted, wakeups;

static void reply_about(uint32_t seat, const char* what)
{
    char text[48];
    gear_str_t s = { text, 0, sizeof text };
    gear_str_cat(&s, "philosopher ");
    gear_str_num(&s, seat);
    gear_str_cat(&s, what);
    gear_reply(text, s.len);
}

static waiter_t* find_waiter(const gear_message_id_t* id)
{
    for (uint32_t i = 0; i < MAX_WAITERS; ++i)
        if (waiters[i].used && gear_hash_eq(&waiters[i].msg, id))
            return &waiters[i];
    return 0;
}

static void eat(uint32_t seat)
{
    uint32_t left = seat, right = (seat + 1) % SEATS;
    gear_message_id_t me = gear_message_id();
    waiter_t* w = find_waiter(&me);
    if (!w) {
        /* First run of this request. */
        uint32_t err = 0;
        gr_system_reserve_gas(SYSTEM_RESERVE, &err);
        for (uint32_t i = 0; i < MAX_WAITERS && !w; ++i)
            if (!waiters[i].used)
                w = &waiters[i];
        if (!w)
            gear_panic_str("philosophers: too many waiting");
        w->used = 1;
        w->seat = seat;
        w->msg = me;
    } else {
        wakeups += 1;
    }
    if (fork_holder[left] == 0 && fork_holder[right] == 0) {
        fork_holder[left] = fork_holder[right] = (uint8_t)(seat + 1);
        w->used = 0;
        meals += 1;
        reply_about(seat, " eats");
        return;
    }
    /* Not now. The waiter entry written above is committed by the wait. */
    gr_wait();
}

static void done(uint32_t seat)
{
    uint32_t left = seat, right = (seat + 1) % SEATS;
    if (fork_holder[left] != seat + 1 || fork_holder[right] != seat + 1)
        gear_panic_str("philosophers: that philosopher holds no forks");
    fork_holder[left] = fork_holder[right] = 0;
    for (uint32_t i = 0; i < MAX_WAITERS; ++i) {
        if (!waiters[i].used)
            continue;
        uint32_t err = 0;
        gr_wake(&waiters[i].msg, 0, &err);
    }
    reply_about(seat, " is done");
}

void handle(void)
{
    uint8_t msg[2];
    if (gear_msg_read(msg, sizeof msg) != 2 || msg[1] >= SEATS)
        gear_panic_str("philosophers: expected 'E' or 'D' and a seat 0..4");
    if (msg[0] == 'E')
        eat(msg[1]);
    else if (msg[0] == 'D')
        done(msg[1]);
    else
        gear_panic_str("philosophers: expected 'E' or 'D' and a seat 0..4");
}

void handle_signal(void)
{
    gear_error_with_hash_t from;
    gr_signal_from(&from);
    gear_error_with_signal_code_t code;
    gr_signal_code(&code);
    waiter_t* w = find_waiter(&from.hash);
    if (code.signal_code == GEAR_SIGNAL_REMOVED_FROM_WAITLIST && w) {
        w->used = 0;
        evicted += 1;
        gear_debug_str("philosophers: a starving philosopher left the waitlist");
    }
}

void state(void)
{
    uint32_t waiting = 0;
    for (uint32_t i = 0; i < MAX_WAITERS; ++i)
        waiting += waiters[i].used;
    uint32_t out[4] = { meals, evicted, waiting, wakeups };
    gear_reply(out, sizeof out);
}
