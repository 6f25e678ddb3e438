/* SPDX-FileCopyrightText: 2026 Gearscope authors
 * SPDX-License-Identifier: MIT
 *
 * gear.h — the Gear Protocol v2.0 program ABI for plain C (wasm32, no libc).
 *
 * Declares every `env` syscall with the exact Wasm signature of the runtime spec §7.3, the
 * pointer structures of §7.2, the error codes of §7.4 and the reply/signal codes of §4.1, plus
 * the few helpers a program without a C library needs (memcpy, memset, strlen, a bump allocator
 * over a static buffer, little-endian loads and stores, decimal formatting).
 *
 * Build (samples/CMakeLists.txt does this for every C sample):
 *   clang-14 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--import-memory \
 *            -Wl,--export=handle [-Wl,--export=init ...] -Wl,--strip-all -o prog.wasm prog.c
 * Never link with --allow-undefined (a compiler-made memset would become an `env.memset`
 * import and Gear would reject the module) and never pass -mbulk-memory (start function and
 * bulk-memory ops, both rejected by Gear's validator, spec §7.1).
 *
 * Rules that shape the programs (spec §7.1, §3.1):
 *  - Wasm globals are NOT persisted: every message runs in a fresh instance. C globals and
 *    statics live in linear memory and therefore DO persist between messages.
 *  - A message woken after gr_wait* re-enters its export from the very beginning, with the same
 *    message id; keep what it must remember in static memory keyed by gr_message_id.
 *  - 128-bit values (gear_u128) may be added, subtracted and compared; multiplying or dividing
 *    them would need compiler-rt helpers (__multi3, __udivti3) that are not linked.
 */
#ifndef GEARSCOPE_GEAR_H
#define GEARSCOPE_GEAR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ §7.2 pointer structures */

typedef unsigned __int128 gear_u128;

/** Hash = ActorId, MessageId, CodeId or ReservationId: 32 raw bytes. */
typedef struct
{
    uint8_t bytes[32];
} gear_hash_t;
typedef gear_hash_t gear_actor_id_t;
typedef gear_hash_t gear_message_id_t;
typedef gear_hash_t gear_code_id_t;
typedef gear_hash_t gear_reservation_id_t;

/** HashWithValue (48): destination / code id / reservation id, then a u128 value. */
typedef struct
{
    gear_hash_t hash;
    gear_u128 value;
} gear_hash_with_value_t;

/** TwoHashes (64). */
typedef struct
{
    gear_hash_t hash1;
    gear_hash_t hash2;
} gear_two_hashes_t;

/** TwoHashesWithValue (80): reservation id, destination, value (gr_reservation_send*). */
typedef struct
{
    gear_hash_t hash1;
    gear_hash_t hash2;
    gear_u128 value;
} gear_two_hashes_with_value_t;

/** BlockNumberWithHash (36): gr_random's answer. */
typedef struct
{
    uint32_t bn;
    gear_hash_t hash;
} gear_block_number_with_hash_t;

/** ErrorWithHash (36): err (0 = ok) then a message/reservation id (zeroed on error). */
typedef struct
{
    uint32_t error_code;
    gear_hash_t hash;
} gear_error_with_hash_t;

/** ErrorWithTwoHashes (68): gr_create_program* — init message id, then program id. */
typedef struct
{
    uint32_t error_code;
    gear_hash_t hash1;
    gear_hash_t hash2;
} gear_error_with_two_hashes_t;

/** ErrorWithHandle (8): gr_send_init. */
typedef struct
{
    uint32_t error_code;
    uint32_t handle;
} gear_error_with_handle_t;

/** ErrorWithReplyCode (8): gr_reply_code — the 4 reply-code bytes of §4.1. */
typedef struct
{
    uint32_t error_code;
    uint8_t reply_code[4];
} gear_error_with_reply_code_t;

/** ErrorWithSignalCode (8): gr_signal_code. */
typedef struct
{
    uint32_t error_code;
    uint32_t signal_code;
} gear_error_with_signal_code_t;

/** ErrorWithGas (12, packed): gr_unreserve_gas. */
typedef struct __attribute__((packed))
{
    uint32_t error_code;
    uint64_t gas;
} gear_error_with_gas_t;

/** EnvVars version 1 (52, packed): gr_env_vars(1, ...). */
typedef struct __attribute__((packed))
{
    uint32_t performance_multiplier; /* percent, 100 */
    gear_u128 existential_deposit;
    uint64_t mailbox_threshold;
    uint64_t gas_per_value;
    gear_u128 value_per_gas;
} gear_env_vars_t;

_Static_assert(sizeof(gear_hash_t) == 32, "Hash is 32 bytes");
_Static_assert(sizeof(gear_hash_with_value_t) == 48, "HashWithValue is 48 bytes");
_Static_assert(sizeof(gear_two_hashes_t) == 64, "TwoHashes is 64 bytes");
_Static_assert(sizeof(gear_two_hashes_with_value_t) == 80, "TwoHashesWithValue is 80 bytes");
_Static_assert(sizeof(gear_block_number_with_hash_t) == 36, "BlockNumberWithHash is 36 bytes");
_Static_assert(sizeof(gear_error_with_hash_t) == 36, "ErrorWithHash is 36 bytes");
_Static_assert(sizeof(gear_error_with_two_hashes_t) == 68, "ErrorWithTwoHashes is 68 bytes");
_Static_assert(sizeof(gear_error_with_handle_t) == 8, "ErrorWithHandle is 8 bytes");
_Static_assert(sizeof(gear_error_with_reply_code_t) == 8, "ErrorWithReplyCode is 8 bytes");
_Static_assert(sizeof(gear_error_with_signal_code_t) == 8, "ErrorWithSignalCode is 8 bytes");
_Static_assert(sizeof(gear_error_with_gas_t) == 12, "ErrorWithGas is 12 bytes (packed)");
_Static_assert(sizeof(gear_env_vars_t) == 52, "EnvVars v1 is 52 bytes (packed)");

/** Pass as the value pointer of the reply syscalls to mean "value 0" without a read (§7.2). */
#define GEAR_NO_VALUE ((const gear_u128*)0xFFFFFFFFu)

/* ------------------------------------------------------------------ §7.4 error codes */

enum
{
    GEAR_OK = 0,
    GEAR_ERR_NOT_ENOUGH_GAS = 100,
    GEAR_ERR_NOT_ENOUGH_VALUE = 101,
    GEAR_ERR_TOO_BIG_READ_LEN = 103,
    GEAR_ERR_READ_WRONG_RANGE = 104,
    GEAR_ERR_NO_REPLY_CONTEXT = 105,
    GEAR_ERR_NO_SIGNAL_CONTEXT = 106,
    GEAR_ERR_NO_STATUS_CODE_CONTEXT = 107,
    GEAR_ERR_INCORRECT_ENTRY_FOR_REPLY = 108,
    GEAR_ERR_RUNTIME_ALLOC_OUT_OF_BOUNDS = 200,
    GEAR_ERR_ACCESS_OUT_OF_BOUNDS = 201,
    GEAR_ERR_MAX_MESSAGE_SIZE_EXCEED = 300,
    GEAR_ERR_OUTGOING_MESSAGES_AMOUNT_LIMIT_EXCEEDED = 301,
    GEAR_ERR_DUPLICATE_REPLY = 302,
    GEAR_ERR_DUPLICATE_WAKING = 303,
    GEAR_ERR_LATE_ACCESS = 304,
    GEAR_ERR_OUT_OF_BOUNDS = 305,
    GEAR_ERR_DUPLICATE_INIT = 306,
    GEAR_ERR_INSUFFICIENT_VALUE = 307,
    GEAR_ERR_INSUFFICIENT_GAS_LIMIT = 308,
    GEAR_ERR_DUPLICATE_REPLY_DEPOSIT = 309,
    GEAR_ERR_INCORRECT_MESSAGE_FOR_REPLY_DEPOSIT = 310,
    GEAR_ERR_OUTGOING_MESSAGES_BYTES_LIMIT_EXCEEDED = 311,
    GEAR_ERR_OUT_OF_BOUNDS_INPUT_SLICE_OFFSET = 312,
    GEAR_ERR_OUT_OF_BOUNDS_INPUT_SLICE_LENGTH = 313,
    GEAR_ERR_INSUFFICIENT_GAS_FOR_DELAYED_SENDING = 399,
    GEAR_ERR_INVALID_RESERVATION_ID = 500,
    GEAR_ERR_RESERVATIONS_LIMIT_REACHED = 501,
    GEAR_ERR_ZERO_RESERVATION_DURATION = 502,
    GEAR_ERR_ZERO_RESERVATION_AMOUNT = 503,
    GEAR_ERR_RESERVATION_BELOW_MAILBOX_THRESHOLD = 504,
};

/* ------------------------------------------------------------------ §4.1 reply and signal codes */

/* Byte 0 of a reply code: the class. */
enum
{
    GEAR_REPLY_SUCCESS = 0,
    GEAR_REPLY_ERROR = 1,
    GEAR_REPLY_UNSUPPORTED = 0xFF
};
/* Byte 1 when successful. */
enum
{
    GEAR_SUCCESS_AUTO = 0,
    GEAR_SUCCESS_MANUAL = 1
};
/* Byte 1 when an error. */
enum
{
    GEAR_ERROR_EXECUTION = 0,
    GEAR_ERROR_UNAVAILABLE_ACTOR = 2,
    GEAR_ERROR_REMOVED_FROM_WAITLIST = 3
};
/* Byte 2 for GEAR_ERROR_EXECUTION. */
enum
{
    GEAR_EXEC_RAN_OUT_OF_GAS = 0,
    GEAR_EXEC_MEMORY_OVERFLOW = 1,
    GEAR_EXEC_BACKEND_ERROR = 2,
    GEAR_EXEC_USERSPACE_PANIC = 3,
    GEAR_EXEC_UNREACHABLE_INSTRUCTION = 4,
    GEAR_EXEC_STACK_LIMIT_EXCEEDED = 5,
};
/* Byte 2 for GEAR_ERROR_UNAVAILABLE_ACTOR. */
enum
{
    GEAR_UNAVAILABLE_PROGRAM_EXITED = 0,
    GEAR_UNAVAILABLE_INITIALIZATION_FAILURE = 1,
    GEAR_UNAVAILABLE_UNINITIALIZED = 2,
    GEAR_UNAVAILABLE_PROGRAM_NOT_CREATED = 3,
    GEAR_UNAVAILABLE_REINSTRUMENTATION_FAILURE = 4,
};
/* Signal codes (u32). */
enum
{
    GEAR_SIGNAL_USERSPACE_PANIC = 100,
    GEAR_SIGNAL_RAN_OUT_OF_GAS = 101,
    GEAR_SIGNAL_BACKEND_ERROR = 102,
    GEAR_SIGNAL_MEMORY_OVERFLOW = 103,
    GEAR_SIGNAL_UNREACHABLE_INSTRUCTION = 104,
    GEAR_SIGNAL_STACK_LIMIT_EXCEEDED = 105,
    GEAR_SIGNAL_REMOVED_FROM_WAITLIST = 200,
};

static inline int gear_reply_is_success(const uint8_t code[4]) { return code[0] == GEAR_REPLY_SUCCESS; }
static inline int gear_reply_is_error(const uint8_t code[4]) { return code[0] == GEAR_REPLY_ERROR; }
static inline int gear_reply_is_auto(const uint8_t code[4])
{
    return code[0] == GEAR_REPLY_SUCCESS && code[1] == GEAR_SUCCESS_AUTO;
}
static inline int gear_reply_is_removed_from_waitlist(const uint8_t code[4])
{
    return code[0] == GEAR_REPLY_ERROR && code[1] == GEAR_ERROR_REMOVED_FROM_WAITLIST;
}
static inline int gear_reply_is_execution_error(const uint8_t code[4], int reason)
{
    return code[0] == GEAR_REPLY_ERROR && code[1] == GEAR_ERROR_EXECUTION && code[2] == reason;
}
static inline int gear_reply_is_unavailable(const uint8_t code[4], int reason)
{
    return code[0] == GEAR_REPLY_ERROR && code[1] == GEAR_ERROR_UNAVAILABLE_ACTOR && code[2] == reason;
}

/* ------------------------------------------------------------------ §7.3 syscalls */

#define GEAR_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

/* Sending (fallible: the last parameter receives the result). */
GEAR_IMPORT(gr_send)
void gr_send(const gear_hash_with_value_t* pid_value, const void* payload, uint32_t len, uint32_t delay,
    gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_send_wgas)
void gr_send_wgas(const gear_hash_with_value_t* pid_value, const void* payload, uint32_t len, uint64_t gas_limit,
    uint32_t delay, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_send_input)
void gr_send_input(const gear_hash_with_value_t* pid_value, uint32_t offset, uint32_t len, uint32_t delay,
    gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_send_input_wgas)
void gr_send_input_wgas(const gear_hash_with_value_t* pid_value, uint32_t offset, uint32_t len, uint64_t gas_limit,
    uint32_t delay, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_send_init) void gr_send_init(gear_error_with_handle_t* err_handle);
GEAR_IMPORT(gr_send_push) void gr_send_push(uint32_t handle, const void* payload, uint32_t len, uint32_t* err);
GEAR_IMPORT(gr_send_push_input) void gr_send_push_input(uint32_t handle, uint32_t offset, uint32_t len, uint32_t* err);
GEAR_IMPORT(gr_send_commit)
void gr_send_commit(
    uint32_t handle, const gear_hash_with_value_t* pid_value, uint32_t delay, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_send_commit_wgas)
void gr_send_commit_wgas(uint32_t handle, const gear_hash_with_value_t* pid_value, uint64_t gas_limit, uint32_t delay,
    gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reservation_send)
void gr_reservation_send(const gear_two_hashes_with_value_t* rid_pid_value, const void* payload, uint32_t len,
    uint32_t delay, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reservation_send_commit)
void gr_reservation_send_commit(uint32_t handle, const gear_two_hashes_with_value_t* rid_pid_value, uint32_t delay,
    gear_error_with_hash_t* err_mid);

/* Replying (init/handle only; in handle_reply they fail with 108). */
GEAR_IMPORT(gr_reply)
void gr_reply(const void* payload, uint32_t len, const gear_u128* value, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reply_wgas)
void gr_reply_wgas(
    const void* payload, uint32_t len, uint64_t gas_limit, const gear_u128* value, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reply_input)
void gr_reply_input(uint32_t offset, uint32_t len, const gear_u128* value, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reply_input_wgas)
void gr_reply_input_wgas(
    uint32_t offset, uint32_t len, uint64_t gas_limit, const gear_u128* value, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reply_push) void gr_reply_push(const void* payload, uint32_t len, uint32_t* err);
GEAR_IMPORT(gr_reply_push_input) void gr_reply_push_input(uint32_t offset, uint32_t len, uint32_t* err);
GEAR_IMPORT(gr_reply_commit) void gr_reply_commit(const gear_u128* value, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reply_commit_wgas)
void gr_reply_commit_wgas(uint64_t gas_limit, const gear_u128* value, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reservation_reply)
void gr_reservation_reply(
    const gear_hash_with_value_t* rid_value, const void* payload, uint32_t len, gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reservation_reply_commit)
void gr_reservation_reply_commit(const gear_hash_with_value_t* rid_value, gear_error_with_hash_t* err_mid);

/* Program creation (§6.2): the result holds the init message id, then the new program id. */
GEAR_IMPORT(gr_create_program)
void gr_create_program(const gear_hash_with_value_t* cid_value, const void* salt, uint32_t salt_len,
    const void* payload, uint32_t payload_len, uint32_t delay, gear_error_with_two_hashes_t* err_mid_pid);
GEAR_IMPORT(gr_create_program_wgas)
void gr_create_program_wgas(const gear_hash_with_value_t* cid_value, const void* salt, uint32_t salt_len,
    const void* payload, uint32_t payload_len, uint64_t gas_limit, uint32_t delay,
    gear_error_with_two_hashes_t* err_mid_pid);

/* The incoming message. */
GEAR_IMPORT(gr_read) void gr_read(uint32_t at, uint32_t len, void* buffer, uint32_t* err);
GEAR_IMPORT(gr_size) void gr_size(uint32_t* length);
GEAR_IMPORT(gr_reply_to) void gr_reply_to(gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_reply_code) void gr_reply_code(gear_error_with_reply_code_t* err_code);
GEAR_IMPORT(gr_signal_from) void gr_signal_from(gear_error_with_hash_t* err_mid);
GEAR_IMPORT(gr_signal_code) void gr_signal_code(gear_error_with_signal_code_t* err_code);
GEAR_IMPORT(gr_message_id) void gr_message_id(gear_message_id_t* message_id);
GEAR_IMPORT(gr_program_id) void gr_program_id(gear_actor_id_t* program_id);
GEAR_IMPORT(gr_source) void gr_source(gear_actor_id_t* source);
GEAR_IMPORT(gr_value) void gr_value(gear_u128* value);
GEAR_IMPORT(gr_value_available) void gr_value_available(gear_u128* value);

/* Environment. */
GEAR_IMPORT(gr_gas_available) void gr_gas_available(uint64_t* gas);
GEAR_IMPORT(gr_block_height) void gr_block_height(uint32_t* height);
GEAR_IMPORT(gr_block_timestamp) void gr_block_timestamp(uint64_t* timestamp);
GEAR_IMPORT(gr_env_vars) void gr_env_vars(uint32_t version, gear_env_vars_t* vars);
GEAR_IMPORT(gr_random) void gr_random(const gear_hash_t* subject, gear_block_number_with_hash_t* bn_random);
GEAR_IMPORT(gr_debug) void gr_debug(const char* text, uint32_t len);

/* Ending an execution (none of these return). */
GEAR_IMPORT(gr_panic) __attribute__((noreturn)) void gr_panic(const void* payload, uint32_t len);
GEAR_IMPORT(gr_oom_panic) __attribute__((noreturn)) void gr_oom_panic(void);
GEAR_IMPORT(gr_exit) __attribute__((noreturn)) void gr_exit(const gear_actor_id_t* inheritor);
GEAR_IMPORT(gr_leave) __attribute__((noreturn)) void gr_leave(void);
GEAR_IMPORT(gr_wait) __attribute__((noreturn)) void gr_wait(void);
GEAR_IMPORT(gr_wait_for) __attribute__((noreturn)) void gr_wait_for(uint32_t duration);
GEAR_IMPORT(gr_wait_up_to) __attribute__((noreturn)) void gr_wait_up_to(uint32_t duration);

/* Waking, gas reservations, reply deposits (§3.1, §5.3). */
GEAR_IMPORT(gr_wake) void gr_wake(const gear_message_id_t* message_id, uint32_t delay, uint32_t* err);
GEAR_IMPORT(gr_reserve_gas) void gr_reserve_gas(uint64_t gas, uint32_t duration, gear_error_with_hash_t* err_rid);
GEAR_IMPORT(gr_unreserve_gas)
void gr_unreserve_gas(const gear_reservation_id_t* reservation_id, gear_error_with_gas_t* err_unreserved);
GEAR_IMPORT(gr_system_reserve_gas) void gr_system_reserve_gas(uint64_t gas, uint32_t* err);
GEAR_IMPORT(gr_reply_deposit) void gr_reply_deposit(const gear_message_id_t* message_id, uint64_t gas, uint32_t* err);

/* Memory pages (64 KiB Wasm pages above static memory). */
GEAR_IMPORT(alloc) uint32_t gear_alloc(uint32_t pages); /* first page, or 0xFFFFFFFF */
GEAR_IMPORT(free) uint32_t gear_free(uint32_t page); /* 0 ok, 1 invalid page */
GEAR_IMPORT(free_range) uint32_t gear_free_range(uint32_t start, uint32_t end_inclusive); /* 0 ok, 1 invalid */

#undef GEAR_IMPORT

/* ------------------------------------------------------------------ no-libc helpers */

/* The compiler may turn loops and struct copies into calls to these four, so they must exist
 * as real (weak, so several headers may meet in one link) functions, and must not be compiled
 * back into calls to themselves (no_builtin). */
__attribute__((weak, no_builtin)) void* memcpy(void* dst, const void* src, size_t n)
{
    uint8_t* d = (uint8_t*)dst;
    const uint8_t* s = (const uint8_t*)src;
    while (n--)
        *d++ = *s++;
    return dst;
}

__attribute__((weak, no_builtin)) void* memmove(void* dst, const void* src, size_t n)
{
    uint8_t* d = (uint8_t*)dst;
    const uint8_t* s = (const uint8_t*)src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

__attribute__((weak, no_builtin)) void* memset(void* dst, int c, size_t n)
{
    uint8_t* d = (uint8_t*)dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

__attribute__((weak, no_builtin)) int memcmp(const void* a, const void* b, size_t n)
{
    const uint8_t* x = (const uint8_t*)a;
    const uint8_t* y = (const uint8_t*)b;
    for (size_t i = 0; i < n; ++i)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

__attribute__((weak, no_builtin)) size_t strlen(const char* s)
{
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

static inline int gear_hash_eq(const gear_hash_t* a, const gear_hash_t* b) { return memcmp(a, b, 32) == 0; }

static inline int gear_hash_is_zero(const gear_hash_t* h)
{
    for (int i = 0; i < 32; ++i)
        if (h->bytes[i])
            return 0;
    return 1;
}

static inline uint32_t gear_load_u32(const void* p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v; /* wasm32 is little-endian, like every Gear payload */
}
static inline uint64_t gear_load_u64(const void* p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
static inline void gear_store_u32(void* p, uint32_t v) { memcpy(p, &v, 4); }
static inline void gear_store_u64(void* p, uint64_t v) { memcpy(p, &v, 8); }

/** Writes `v` in decimal to `out` (no terminator); returns the number of characters (≤ 20). */
static inline uint32_t gear_utoa(uint64_t v, char* out)
{
    char tmp[20];
    uint32_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (uint32_t i = 0; i < n; ++i)
        out[i] = tmp[n - 1 - i];
    return n;
}

/** A tiny string builder over a caller's buffer: append text and numbers, never overflow. */
typedef struct
{
    char* buf;
    uint32_t len;
    uint32_t cap;
} gear_str_t;

static inline void gear_str_bytes(gear_str_t* s, const void* p, uint32_t n)
{
    if (n > s->cap - s->len)
        n = s->cap - s->len;
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}
static inline void gear_str_cat(gear_str_t* s, const char* text) { gear_str_bytes(s, text, (uint32_t)strlen(text)); }
static inline void gear_str_num(gear_str_t* s, uint64_t v)
{
    char tmp[20];
    gear_str_bytes(s, tmp, gear_utoa(v, tmp));
}

/* ------------------------------------------------------------------ bump allocator */

/* A bump allocator over a static buffer. The buffer lives in linear memory, so what it hands
 * out persists between messages like any C global; call gear_heap_reset() when a message no
 * longer needs what it allocated. Define GEAR_HEAP_SIZE before including to change the size. */
#ifndef GEAR_HEAP_SIZE
#define GEAR_HEAP_SIZE 16384
#endif
static uint8_t gear_heap[GEAR_HEAP_SIZE] __attribute__((aligned(16), unused));
static uint32_t gear_heap_used __attribute__((unused));

/** 8-byte aligned bytes from the static heap; calls gr_oom_panic (MemoryOverflow) when full. */
static inline void* gear_malloc(uint32_t n)
{
    uint32_t start = (gear_heap_used + 7u) & ~7u;
    if (n > GEAR_HEAP_SIZE || start > GEAR_HEAP_SIZE - n)
        gr_oom_panic();
    gear_heap_used = start + n;
    return gear_heap + start;
}
static inline void gear_heap_reset(void) { gear_heap_used = 0; }

/* ------------------------------------------------------------------ convenience wrappers */

/** The incoming payload's size. */
static inline uint32_t gear_msg_size(void)
{
    uint32_t n = 0;
    gr_size(&n);
    return n;
}

/** Copies up to `cap` bytes of the incoming payload into `buf`; returns how many were copied. */
static inline uint32_t gear_msg_read(void* buf, uint32_t cap)
{
    uint32_t n = gear_msg_size();
    if (n > cap)
        n = cap;
    uint32_t err = 0;
    if (n)
        gr_read(0, n, buf, &err);
    return err ? 0 : n;
}

static inline gear_actor_id_t gear_source(void)
{
    gear_actor_id_t id;
    gr_source(&id);
    return id;
}
static inline gear_actor_id_t gear_program_id(void)
{
    gear_actor_id_t id;
    gr_program_id(&id);
    return id;
}
static inline gear_message_id_t gear_message_id(void)
{
    gear_message_id_t id;
    gr_message_id(&id);
    return id;
}
static inline uint32_t gear_block_height(void)
{
    uint32_t h = 0;
    gr_block_height(&h);
    return h;
}

/** Replies with `len` bytes and no value; returns the syscall error code (0 = ok). */
static inline uint32_t gear_reply(const void* payload, uint32_t len)
{
    gear_error_with_hash_t r;
    gr_reply(payload, len, GEAR_NO_VALUE, &r);
    return r.error_code;
}
static inline uint32_t gear_reply_str(const char* text) { return gear_reply(text, (uint32_t)strlen(text)); }

/** Gasless send of `len` bytes with `value` to `to` after `delay` blocks; the new message id goes
 *  to `*mid` when it is not NULL. Returns the syscall error code. */
static inline uint32_t gear_send(const gear_actor_id_t* to, const void* payload, uint32_t len, gear_u128 value,
    uint32_t delay, gear_message_id_t* mid)
{
    gear_hash_with_value_t dest;
    dest.hash = *to;
    dest.value = value;
    gear_error_with_hash_t r;
    gr_send(&dest, payload, len, delay, &r);
    if (mid)
        *mid = r.hash;
    return r.error_code;
}

static inline void gear_debug_str(const char* text) { gr_debug(text, (uint32_t)strlen(text)); }
__attribute__((noreturn)) static inline void gear_panic_str(const char* text)
{
    gr_panic(text, (uint32_t)strlen(text));
}

#ifdef __cplusplus
}
#endif

#endif /* GEARSCOPE_GEAR_H */
