/* proxy: forwards each request to a backend and answers the user with the backend's reply —
 * the async/await pattern of gstd (spec §3.2) written out by hand.
 *
 * init          backend id[32]
 * handle        any payload: forwarded to the backend; the user later gets the backend's reply,
 *               or "timeout: ..." when it did not come within TIMEOUT blocks
 * handle_reply  records the backend's reply and wakes the waiting request
 * state         served u32 ‖ timeouts u32 ‖ late replies u32 ‖ requests waiting u32
 *
 * How one request travels:
 *  1. handle (first run): send the payload to the backend, remember (request id -> sent id) in
 *     static memory, then gr_wait_for(TIMEOUT). Everything done before the wait is committed.
 *  2. the backend's reply runs handle_reply: gr_reply_to names the sent id; store the reply and
 *     gr_wake the request.
 *  3. handle runs again FROM THE START with the same message id; it finds its entry holding the
 *     reply and answers the user with gr_reply.
 * If the wake-up comes from the timeout instead (the WakeMessage task of gr_wait_for), the entry
 * has no reply yet: the user gets a timeout answer, and a reply arriving later is only counted. */
#include "gear.h"

#define TIMEOUT 5
#define MAX_PENDING 16
#define MAX_REPLY 256

enum { FREE = 0, WAITING, REPLIED };

typedef struct {
    uint32_t status;
    gear_message_id_t request; /* the user's message, parked in the waitlist */
    gear_message_id_t sent; /* our message to the backend */
    uint32_t reply_len;
    uint8_t reply_ok;
    uint8_t reply[MAX_REPLY];
} pending_t;

static gear_actor_id_t backend;
static pending_t pending[MAX_PENDING];
static uint32_t served, timeouts, late;

static pending_t* find_request(const gear_message_id_t* id)
{
    for (uint32_t i = 0; i < MAX_PENDING; ++i)
        if (pending[i].status != FREE && gear_hash_eq(&pending[i].request, id))
            return &pending[i];
    return 0;
}

void init(void)
{
    if (gear_msg_read(&backend, 32) != 32)
        gear_panic_str("proxy: init payload must be the backend's id (32 bytes)");
}

void handle(void)
{
    gear_message_id_t me = gear_message_id();
    pending_t* p = find_request(&me);
    if (!p) {
        /* First run: forward and park. */
        for (uint32_t i = 0; i < MAX_PENDING && !p; ++i)
            if (pending[i].status == FREE)
                p = &pending[i];
        if (!p)
            gear_panic_str("proxy: too many requests in flight");
        uint8_t buf[MAX_REPLY];
        uint32_t n = gear_msg_read(buf, sizeof buf);
        p->status = WAITING;
        p->request = me;
        p->reply_len = 0;
        if (gear_send(&backend, buf, n, 0, 0, &p->sent) != GEAR_OK)
            gear_panic_str("proxy: could not send to the backend");
        gear_debug_str("proxy: request forwarded, waiting for the backend");
        gr_wait_for(TIMEOUT);
    }
    if (p->status == REPLIED) {
        /* Woken by handle_reply. */
        served += 1;
        if (p->reply_ok)
            gear_reply(p->reply, p->reply_len);
        else
            gear_reply_str("error: the backend failed");
    } else {
        /* Woken by the timeout: no reply yet. */
        timeouts += 1;
        char text[64];
        gear_str_t s = { text, 0, sizeof text };
        gear_str_cat(&s, "timeout: no answer within ");
        gear_str_num(&s, TIMEOUT);
        gear_str_cat(&s, " blocks");
        gear_reply(text, s.len);
    }
    p->status = FREE;
}

void handle_reply(void)
{
    gear_error_with_hash_t to;
    gr_reply_to(&to);
    pending_t* p = 0;
    for (uint32_t i = 0; i < MAX_PENDING && !p; ++i)
        if (pending[i].status == WAITING && gear_hash_eq(&pending[i].sent, &to.hash))
            p = &pending[i];
    if (!p) {
        late += 1;
        gear_debug_str("proxy: late reply (the request already timed out), ignored");
        return;
    }
    gear_error_with_reply_code_t code;
    gr_reply_code(&code);
    p->reply_ok = (uint8_t)gear_reply_is_success(code.reply_code);
    p->reply_len = gear_msg_read(p->reply, MAX_REPLY);
    p->status = REPLIED;
    uint32_t err = 0;
    gr_wake(&p->request, 0, &err);
}

void state(void)
{
    uint32_t waiting = 0;
    for (uint32_t i = 0; i < MAX_PENDING; ++i)
        waiting += pending[i].status != FREE;
    uint32_t out[4] = { served, timeouts, late, waiting };
    gear_reply(out, sizeof out);
}
