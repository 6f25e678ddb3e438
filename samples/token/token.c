/* token: a fungible token. Balances live in static memory, so they persist between messages.
 *
 * init    u64 supply            mints the whole supply to the uploader
 * handle  'T' to[32] amount u64 transfer from the sender; replies "ok"
 *         'B' who[32]           replies the balance of `who` (u64)
 * state   who[32]               balance of `who` (u64)
 *         (empty)               total supply u64, holders u32, transfers u32
 *
 * A transfer credits the recipient and mails it a notice BEFORE it checks the sender's balance,
 * on purpose: when the check fails, gr_panic rolls back the credit, the transfer count and the
 * notice together (spec §4.3), and the sender gets an error reply carrying the panic text. */
#include "gear.h"

#define MAX_HOLDERS 64

typedef struct {
    gear_actor_id_t who;
    uint64_t balance;
} holder_t;

static holder_t holders[MAX_HOLDERS];
static uint32_t holder_count;
static uint64_t total_supply;
static uint32_t transfers;

static holder_t* find(const gear_actor_id_t* who, int create)
{
    for (uint32_t i = 0; i < holder_count; ++i)
        if (gear_hash_eq(&holders[i].who, who))
            return &holders[i];
    if (!create)
        return 0;
    if (holder_count == MAX_HOLDERS)
        gear_panic_str("token: too many holders");
    holder_t* h = &holders[holder_count++];
    h->who = *who;
    h->balance = 0;
    return h;
}

static uint64_t balance_of(const gear_actor_id_t* who)
{
    holder_t* h = find(who, 0);
    return h ? h->balance : 0;
}

void init(void)
{
    uint8_t buf[8] = { 0 };
    if (gear_msg_read(buf, sizeof buf) != 8)
        gear_panic_str("token: init payload must be the supply (u64)");
    total_supply = gear_load_u64(buf);
    gear_actor_id_t owner = gear_source();
    find(&owner, 1)->balance = total_supply;
}

static void transfer(const uint8_t* msg)
{
    gear_actor_id_t from = gear_source();
    gear_actor_id_t to;
    memcpy(&to, msg + 1, 32);
    uint64_t amount = gear_load_u64(msg + 33);

    /* Deliberately careless order (see the top comment): credit and notify first... */
    find(&to, 1)->balance += amount;
    transfers += 1;
    char text[64];
    gear_str_t s = { text, 0, sizeof text };
    gear_str_cat(&s, "you received ");
    gear_str_num(&s, amount);
    gear_str_cat(&s, " tokens");
    gear_send(&to, text, s.len, 0, 0, 0);

    /* ...then check. The panic discards everything above. */
    holder_t* h = find(&from, 0);
    if (!h || h->balance < amount) {
        s.len = 0;
        gear_str_cat(&s, "insufficient balance: have ");
        gear_str_num(&s, h ? h->balance : 0);
        gear_str_cat(&s, ", need ");
        gear_str_num(&s, amount);
        gr_panic(text, s.len);
    }
    h->balance -= amount;
    gear_reply_str("ok");
}

void handle(void)
{
    uint8_t msg[41];
    uint32_t n = gear_msg_read(msg, sizeof msg);
    if (n == 41 && msg[0] == 'T') {
        transfer(msg);
    } else if (n == 33 && msg[0] == 'B') {
        gear_actor_id_t who;
        memcpy(&who, msg + 1, 32);
        uint64_t b = balance_of(&who);
        gear_reply(&b, 8);
    } else {
        gear_panic_str("token: expected 'T' to[32] amount(u64) or 'B' who[32]");
    }
}

void state(void)
{
    uint8_t q[32];
    uint32_t n = gear_msg_read(q, sizeof q);
    if (n == 32) {
        uint64_t b = balance_of((const gear_actor_id_t*)q);
        gear_reply(&b, 8);
        return;
    }
    uint8_t out[16];
    gear_store_u64(out, total_supply);
    gear_store_u32(out + 8, holder_count);
    gear_store_u32(out + 12, transfers);
    gear_reply(out, sizeof out);
}
