/* coordinator: the "reduce" side of a word count. Splits a text between its workers, sends each
 * part (fan-out), waits, sums the replies as they arrive (gather) and answers the user.
 *
 * init          worker ids, 32 bytes each (1 to 8)
 * handle        text: replies "<n> words" once every worker answered, or "timeout: ..." when
 *               they did not within WAIT_BLOCKS
 * handle_reply  adds one worker's count; the last one wakes the job's message
 * state         jobs done u32 ‖ words counted u32 ‖ jobs waiting u32
 *
 * Several jobs can be in flight at once: each lives in static memory keyed by the id of the
 * user's message, which re-runs handle from the start when woken (spec §3.1, §3.2). It waits
 * with gr_wait_up_to: woken early by the last reply, or at the deadline at the latest. */
#include "gear.h"

#define MAX_WORKERS 8
#define MAX_JOBS 8
#define MAX_TEXT 2048
#define WAIT_BLOCKS 10

typedef struct {
    uint32_t used;
    uint32_t pending;
    uint32_t words;
    gear_message_id_t msg;
    gear_message_id_t parts[MAX_WORKERS];
} job_t;

static gear_actor_id_t workers[MAX_WORKERS];
static uint32_t worker_count;
static job_t jobs[MAX_JOBS];
static uint32_t jobs_done, words_counted;

void init(void)
{
    uint32_t n = gear_msg_size();
    if (n == 0 || n % 32 || n / 32 > MAX_WORKERS)
        gear_panic_str("coordinator: init payload is 1 to 8 worker ids (32 bytes each)");
    worker_count = gear_msg_read(workers, sizeof workers) / 32;
}

static job_t* find_job(const gear_message_id_t* id)
{
    for (uint32_t i = 0; i < MAX_JOBS; ++i)
        if (jobs[i].used && gear_hash_eq(&jobs[i].msg, id))
            return &jobs[i];
    return 0;
}

/* Splits text[0..n) into `parts` pieces of about equal size, cutting only at spaces. */
static uint32_t cut(const uint8_t* text, uint32_t n, uint32_t part, uint32_t parts)
{
    if (part == 0)
        return 0;
    if (part >= parts)
        return n;
    uint32_t at = n * part / parts;
    while (at < n && text[at] != ' ')
        ++at;
    return at;
}

void handle(void)
{
    gear_message_id_t me = gear_message_id();
    job_t* job = find_job(&me);
    if (!job) {
        /* First run: fan out. */
        for (uint32_t i = 0; i < MAX_JOBS && !job; ++i)
            if (!jobs[i].used)
                job = &jobs[i];
        if (!job)
            gear_panic_str("coordinator: too many jobs in flight");
        static uint8_t text[MAX_TEXT];
        uint32_t n = gear_msg_read(text, sizeof text);
        job->used = 1;
        job->msg = me;
        job->pending = 0;
        job->words = 0;
        for (uint32_t w = 0; w < worker_count; ++w) {
            uint32_t from = cut(text, n, w, worker_count), to = cut(text, n, w + 1, worker_count);
            if (gear_send(&workers[w], text + from, to - from, 0, 0, &job->parts[w]) != GEAR_OK)
                gear_panic_str("coordinator: sending to a worker failed");
            job->pending += 1;
        }
        gr_wait_up_to(WAIT_BLOCKS);
    }
    /* Woken: by the last reply, or by the deadline. */
    char out[64];
    gear_str_t s = { out, 0, sizeof out };
    if (job->pending == 0) {
        jobs_done += 1;
        words_counted += job->words;
        gear_str_num(&s, job->words);
        gear_str_cat(&s, " words");
    } else {
        gear_str_cat(&s, "timeout: ");
        gear_str_num(&s, job->pending);
        gear_str_cat(&s, " workers did not answer");
    }
    job->used = 0;
    gear_reply(out, s.len);
}

void handle_reply(void)
{
    gear_error_with_hash_t to;
    gr_reply_to(&to);
    for (uint32_t j = 0; j < MAX_JOBS; ++j) {
        job_t* job = &jobs[j];
        if (!job->used)
            continue;
        for (uint32_t w = 0; w < worker_count; ++w) {
            if (!gear_hash_eq(&job->parts[w], &to.hash))
                continue;
            uint8_t count[4] = { 0 };
            gear_msg_read(count, 4);
            job->words += gear_load_u32(count);
            job->pending -= 1;
            if (job->pending == 0) {
                uint32_t err = 0;
                gr_wake(&job->msg, 0, &err);
            }
            return;
        }
    }
    gear_debug_str("coordinator: reply for a finished job, ignored");
}

void state(void)
{
    uint32_t waiting = 0;
    for (uint32_t i = 0; i < MAX_JOBS; ++i)
        waiting += jobs[i].used;
    uint32_t out[3] = { jobs_done, words_counted, waiting };
    gear_reply(out, sizeof out);
}
