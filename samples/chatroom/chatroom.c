/* chatroom: members join with a nickname; whatever one member says is sent to every other
 * member. Members are users, so those messages land in the users' MAILBOXES (spec §2): a gasless
 * gr_send to a user sets aside exactly the mailbox threshold (3000 gas), which pays for 30 blocks
 * of holding. A user may answer a mailbox message; the answer comes back to handle_reply.
 *
 * handle        'J' nick   join; replies "welcome <nick>, <n> members"
 *               'L'        leave; replies "bye <nick>"
 *               'S' text   say: "<nick>: <text>" to every other member; replies "delivered to <n>"
 * handle_reply  a member answered a chat message in their mailbox: counted as an acknowledgement
 * state         members u32 ‖ messages said u32 ‖ deliveries u32 ‖ acknowledgements u32 */
#include "gear.h"

#define MAX_MEMBERS 16
#define MAX_NICK 16
#define MAX_TEXT 200

typedef struct {
    gear_actor_id_t id;
    uint32_t nick_len;
    char nick[MAX_NICK];
} member_t;

static member_t members[MAX_MEMBERS];
static uint32_t member_count;
static uint32_t said, deliveries, acks;

static int find(const gear_actor_id_t* id)
{
    for (uint32_t i = 0; i < member_count; ++i)
        if (gear_hash_eq(&members[i].id, id))
            return (int)i;
    return -1;
}

static void join(const gear_actor_id_t* who, const uint8_t* nick, uint32_t len)
{
    if (find(who) >= 0)
        gear_panic_str("chatroom: already a member");
    if (member_count == MAX_MEMBERS)
        gear_panic_str("chatroom: the room is full");
    if (len == 0 || len > MAX_NICK)
        gear_panic_str("chatroom: a nickname has 1 to 16 bytes");
    member_t* m = &members[member_count++];
    m->id = *who;
    m->nick_len = len;
    memcpy(m->nick, nick, len);

    char text[64];
    gear_str_t s = { text, 0, sizeof text };
    gear_str_cat(&s, "welcome ");
    gear_str_bytes(&s, nick, len);
    gear_str_cat(&s, ", ");
    gear_str_num(&s, member_count);
    gear_str_cat(&s, " members");
    gear_reply(text, s.len);
}

static void leave(const gear_actor_id_t* who)
{
    int i = find(who);
    if (i < 0)
        gear_panic_str("chatroom: not a member");
    char text[32];
    gear_str_t s = { text, 0, sizeof text };
    gear_str_cat(&s, "bye ");
    gear_str_bytes(&s, members[i].nick, members[i].nick_len);
    members[i] = members[--member_count];
    gear_reply(text, s.len);
}

static void say(const gear_actor_id_t* who, const uint8_t* words, uint32_t len)
{
    int i = find(who);
    if (i < 0)
        gear_panic_str("chatroom: only members may speak");
    char text[MAX_NICK + 2 + MAX_TEXT];
    gear_str_t s = { text, 0, sizeof text };
    gear_str_bytes(&s, members[i].nick, members[i].nick_len);
    gear_str_cat(&s, ": ");
    gear_str_bytes(&s, words, len);
    uint32_t sent = 0;
    for (uint32_t k = 0; k < member_count; ++k) {
        if ((int)k == i)
            continue;
        /* Gasless: each message to a user takes the 3000-gas mailbox threshold from our gas. */
        if (gear_send(&members[k].id, text, s.len, 0, 0, 0) == GEAR_OK)
            ++sent;
    }
    said += 1;
    deliveries += sent;
    char ack[32];
    gear_str_t a = { ack, 0, sizeof ack };
    gear_str_cat(&a, "delivered to ");
    gear_str_num(&a, sent);
    gear_reply(ack, a.len);
}

void handle(void)
{
    uint8_t msg[1 + MAX_TEXT];
    uint32_t n = gear_msg_read(msg, sizeof msg);
    gear_actor_id_t who = gear_source();
    if (n >= 1 && msg[0] == 'J')
        join(&who, msg + 1, n - 1);
    else if (n == 1 && msg[0] == 'L')
        leave(&who);
    else if (n >= 1 && msg[0] == 'S')
        say(&who, msg + 1, n - 1);
    else
        gear_panic_str("chatroom: expected 'J' nick, 'L' or 'S' text");
}

void handle_reply(void)
{
    /* Only a manual reply is an acknowledgement; auto-replies (claim, expiry) are not. */
    gear_error_with_reply_code_t code;
    gr_reply_code(&code);
    if (code.reply_code[0] == GEAR_REPLY_SUCCESS && code.reply_code[1] == GEAR_SUCCESS_MANUAL)
        acks += 1;
}

void state(void)
{
    uint32_t out[4] = { member_count, said, deliveries, acks };
    gear_reply(out, sizeof out);
}
