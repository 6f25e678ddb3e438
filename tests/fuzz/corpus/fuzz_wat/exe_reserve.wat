;; Reservations, system reservation + signal, and reply deposits; handle_reply/handle_signal record what they see.
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_reserve_gas" (func $reserve (param i64 i32 i32)))
  (import "env" "gr_unreserve_gas" (func $unreserve (param i32 i32)))
  (import "env" "gr_reservation_send" (func $reservation_send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_system_reserve_gas" (func $system_reserve (param i64 i32)))
  (import "env" "gr_reply_deposit" (func $reply_deposit (param i32 i64 i32)))
  (import "env" "gr_panic" (func $panic (param i32 i32)))
  (import "env" "gr_reply_code" (func $reply_code (param i32)))
  (import "env" "gr_gas_available" (func $gas_available (param i32)))
  (import "env" "gr_signal_code" (func $signal_code (param i32)))
  (import "env" "gr_signal_from" (func $signal_from (param i32)))
  (export "handle" (func $handle))
  (export "handle_reply" (func $handle_reply))
  (export "handle_signal" (func $handle_signal))
  ;; 0x0F0 payload size, 0x0F4 read error, 0x100.. payload, 0x300 ErrorWithHash of sends,
  ;; 0x340.. reply-deposit errors, 0x400 ErrorWithHash of the kept reservation, 0x440.. failed
  ;; reservations, 0x480 ErrorWithGas of 'U', 0x4C0/0x4F0 reserve+unreserve of 'V',
  ;; 0x600 TwoHashesWithValue (reservation id, destination, zero value) = 0x620 HashWithValue,
  ;; 0x700 system-reserve error, 0x800 32 zero bytes (an id never sent),
  ;; 0x900 handle_reply: reply code, gas available, count; 0xA00 handle_signal: code, from, count
  (data (i32.const 0x500) "boom")
  (data (i32.const 0x510) "N")
  (func $dest (call $read (i32.const 1) (i32.const 32) (i32.const 0x620) (i32.const 0x0F4)))
  (func $handle
    (local $cmd i32)
    (call $size (i32.const 0x0F0))
    (if (i32.eqz (i32.load (i32.const 0x0F0))) (then return))
    (call $read (i32.const 0) (i32.const 1) (i32.const 0x100) (i32.const 0x0F4))
    (local.set $cmd (i32.load8_u (i32.const 0x100)))
    ;; 'G': one good reservation, then zero amount and below threshold (both 504), zero duration
    ;; (502, checked first), and a zero system reservation (503)
    (if (i32.eq (local.get $cmd) (i32.const 71))
      (then
        (call $reserve (i64.const 1000000) (i32.const 10) (i32.const 0x400))
        (call $reserve (i64.const 0) (i32.const 10) (i32.const 0x440))
        (call $reserve (i64.const 1000) (i32.const 10) (i32.const 0x444))
        (call $reserve (i64.const 5000) (i32.const 0) (i32.const 0x448))
        (call $reserve (i64.const 0) (i32.const 0) (i32.const 0x44C))
        (call $system_reserve (i64.const 0) (i32.const 0x704))
        return))
    ;; 'U': unreserve the kept reservation
    (if (i32.eq (local.get $cmd) (i32.const 85))
      (then (call $unreserve (i32.const 0x404) (i32.const 0x480)) return))
    ;; 'V': reserve and unreserve in one execution
    (if (i32.eq (local.get $cmd) (i32.const 86))
      (then
        (call $reserve (i64.const 2000000) (i32.const 5) (i32.const 0x4C0))
        (call $unreserve (i32.const 0x4C4) (i32.const 0x4F0))
        return))
    ;; 'S' dest: send "N" to dest with the gas of the kept reservation
    (if (i32.eq (local.get $cmd) (i32.const 83))
      (then
        (call $dest)
        (i64.store (i32.const 0x600) (i64.load (i32.const 0x404)))
        (i64.store (i32.const 0x608) (i64.load (i32.const 0x40C)))
        (i64.store (i32.const 0x610) (i64.load (i32.const 0x414)))
        (i64.store (i32.const 0x618) (i64.load (i32.const 0x41C)))
        (call $reservation_send (i32.const 0x600) (i32.const 0x510) (i32.const 1) (i32.const 0) (i32.const 0x300))
        return))
    ;; 'Y': system reservation, then panic
    (if (i32.eq (local.get $cmd) (i32.const 89))
      (then
        (call $system_reserve (i64.const 1000000000) (i32.const 0x700))
        (call $panic (i32.const 0x500) (i32.const 4))))
    ;; 'Q' dest: send "N" to dest and deposit 5e9 gas for its reply; then a duplicate (309) and
    ;; a deposit for an id never sent (310)
    (if (i32.eq (local.get $cmd) (i32.const 81))
      (then
        (call $dest)
        (call $send (i32.const 0x620) (i32.const 0x510) (i32.const 1) (i32.const 0) (i32.const 0x300))
        (call $reply_deposit (i32.const 0x304) (i64.const 5000000000) (i32.const 0x340))
        (call $reply_deposit (i32.const 0x304) (i64.const 1) (i32.const 0x344))
        (call $reply_deposit (i32.const 0x800) (i64.const 1) (i32.const 0x348))
        return))
    ;; 'q' dest: the same send without a deposit
    (if (i32.eq (local.get $cmd) (i32.const 113))
      (then
        (call $dest)
        (call $send (i32.const 0x620) (i32.const 0x510) (i32.const 1) (i32.const 0) (i32.const 0x300))
        return)))
  (func $handle_reply
    (call $reply_code (i32.const 0x900))
    (call $gas_available (i32.const 0x910))
    (i32.store (i32.const 0x920) (i32.add (i32.load (i32.const 0x920)) (i32.const 1))))
  (func $handle_signal
    (call $signal_code (i32.const 0xA00))
    (call $signal_from (i32.const 0xA10))
    (i32.store (i32.const 0xA40) (i32.add (i32.load (i32.const 0xA40)) (i32.const 1)))))
