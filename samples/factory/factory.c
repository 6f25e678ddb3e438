/* factory: creates child programs from a code id and collects their answers.
 *
 * init          child code id[32] (the scenario submits the child's code without uploading it,
 *               see "codes" in docs/scenario-format.md, and passes its id with {"code": "child"})
 * handle        'N' u32 n   creates children 1..n (child i gets multiplier i), asks each for
 *                           10 * its multiplier; needs one existential deposit of value per child
 *                           (spec §5.5), so send the request with that value
 * handle_reply  init auto-replies mark children ready; answers are summed; when all answered,
 *               the total is mailed to whoever asked
 * state         children u32 ‖ ready u32 ‖ answered u32 ‖ total u32
 *
 * What to watch in the queue (journal order, spec §1.4): one execution of 'N' queues every init
 * message first, then every handle message, so each child is initialised before its question.
 * Every init ends with an AUTO-reply, which carries gas limit 0 (spec §4.4); the reply deposit
 * made with gr_reply_deposit is what pays for delivering it to handle_reply. */
#include "gear.h"

#define MAX_CHILDREN 8
#define REPLY_DEPOSIT 1000000000ull /* enough for handle_reply's precharges and run */

typedef struct {
    gear_actor_id_t id;
    gear_message_id_t init_msg;
    gear_message_id_t question;
    uint32_t ready;
    uint32_t answered;
} child_t;

static gear_code_id_t child_code;
static child_t children[MAX_CHILDREN];
static uint32_t child_count, ready, answered, total, expected;
static gear_actor_id_t requester;

void init(void)
{
    if (gear_msg_read(&child_code, 32) != 32)
        gear_panic_str("factory: init payload must be the child's code id (32 bytes)");
}

static void fail(const char* what, uint32_t err)
{
    char text[96];
    gear_str_t s = { text, 0, sizeof text };
    gear_str_cat(&s, "factory: ");
    gear_str_cat(&s, what);
    gear_str_cat(&s, " failed with error ");
    gear_str_num(&s, err);
    gr_panic(text, s.len);
}

void handle(void)
{
    uint8_t msg[5];
    if (gear_msg_read(msg, sizeof msg) != 5 || msg[0] != 'N')
        gear_panic_str("factory: expected 'N' and a u32 count");
    uint32_t n = gear_load_u32(msg + 1);
    if (n == 0 || child_count + n > MAX_CHILDREN)
        gear_panic_str("factory: between 1 and 8 children in all");
    requester = gear_source();
    expected += n;
    for (uint32_t i = 0; i < n; ++i) {
        child_t* c = &children[child_count];
        uint32_t multiplier = child_count + 1;
        uint32_t salt = child_count; /* distinct salt -> distinct program id (spec §1.3) */
        gear_hash_with_value_t code;
        code.hash = child_code;
        code.value = 0;
        gear_error_with_two_hashes_t created;
        gr_create_program(&code, &salt, 4, &multiplier, 4, 0, &created);
        if (created.error_code)
            fail("gr_create_program", created.error_code);
        c->init_msg = created.hash1;
        c->id = created.hash2;
        uint32_t err = 0;
        gr_reply_deposit(&c->init_msg, REPLY_DEPOSIT, &err);
        if (err)
            fail("gr_reply_deposit", err);
        uint32_t question = 10 * multiplier;
        err = gear_send(&c->id, &question, 4, 0, 0, &c->question);
        if (err)
            fail("gr_send", err);
        child_count += 1;
    }
}

void handle_reply(void)
{
    gear_error_with_hash_t to;
    gr_reply_to(&to);
    gear_error_with_reply_code_t code;
    gr_reply_code(&code);
    for (uint32_t i = 0; i < child_count; ++i) {
        child_t* c = &children[i];
        if (gear_hash_eq(&c->init_msg, &to.hash)) {
            if (gear_reply_is_success(code.reply_code)) {
                c->ready = 1;
                ready += 1;
            }
            return;
        }
        if (gear_hash_eq(&c->question, &to.hash)) {
            uint8_t buf[4] = { 0 };
            if (gear_reply_is_success(code.reply_code) && gear_msg_read(buf, 4) == 4)
                total += gear_load_u32(buf);
            c->answered = 1;
            answered += 1;
            if (answered == expected) {
                char text[64];
                gear_str_t s = { text, 0, sizeof text };
                gear_str_cat(&s, "all ");
                gear_str_num(&s, answered);
                gear_str_cat(&s, " children answered, total ");
                gear_str_num(&s, total);
                gear_send(&requester, text, s.len, 0, 0, 0);
            }
            return;
        }
    }
    gear_debug_str("factory: reply to an unknown message");
}

void state(void)
{
    uint32_t out[4] = { child_count, ready, answered, total };
    gear_reply(out, sizeof out);
}
