;; gr_oom_panic: the first payload byte picks a plain write, write+send+alloc then gr_oom_panic, galloc's alloc-until-0xFFFFFFFF then gr_oom_panic, or the same with a system reservation.
(module
  (import "env" "memory" (memory 1 4))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_system_reserve_gas" (func $system_reserve (param i64 i32)))
  (import "env" "gr_signal_code" (func $signal_code (param i32)))
  (import "env" "gr_oom_panic" (func $oom_panic))
  (import "env" "alloc" (func $alloc (param i32) (result i32)))
  (export "handle" (func $handle))
  (export "handle_signal" (func $handle_signal))
  ;; Payload: cmd u8 | destination [32] | value u128.
  ;; 0x0F0 payload size, 0x0F4 read error, 0x100.. payload (HashWithValue at 0x101),
  ;; 0x300 ErrorWithHash of the send, 0x340 system-reserve error, 0x400 marker (0xCAFE once written),
  ;; 0x404 number of successful allocs, 0x800 ErrorWithSignalCode seen by handle_signal.
  (data (i32.const 0x500) "lost")
  (func $allocAll
    (loop $l
      (if (i32.ne (call $alloc (i32.const 1)) (i32.const -1))
        (then
          (i32.store (i32.const 0x404) (i32.add (i32.load (i32.const 0x404)) (i32.const 1)))
          (br $l)))))
  (func $handle
    (local $cmd i32)
    (call $size (i32.const 0x0F0))
    (if (i32.eqz (i32.load (i32.const 0x0F0))) (then return))
    (call $read (i32.const 0) (i32.const 1) (i32.const 0x100) (i32.const 0x0F4))
    (local.set $cmd (i32.load8_u (i32.const 0x100)))
    (i32.store (i32.const 0x400) (i32.const 0xCAFE))
    ;; 'w': just the write
    (if (i32.eq (local.get $cmd) (i32.const 119)) (then return))
    ;; 'o' dest: send "lost" to dest, allocate a page, then gr_oom_panic
    (if (i32.eq (local.get $cmd) (i32.const 111))
      (then
        (call $read (i32.const 1) (i32.const 48) (i32.const 0x101) (i32.const 0x0F4))
        (call $send (i32.const 0x101) (i32.const 0x500) (i32.const 4) (i32.const 0) (i32.const 0x300))
        (drop (call $alloc (i32.const 1)))
        (call $oom_panic)))
    ;; 'a': allocate until alloc answers 0xFFFFFFFF, then gr_oom_panic (what gstd's allocator does)
    (if (i32.eq (local.get $cmd) (i32.const 97))
      (then
        (call $allocAll)
        (call $oom_panic)))
    ;; 's': system reservation, then gr_oom_panic: the signal carries MemoryOverflow
    (if (i32.eq (local.get $cmd) (i32.const 115))
      (then
        (call $system_reserve (i64.const 1000000000) (i32.const 0x340))
        (call $oom_panic))))
  (func $handle_signal
    (call $signal_code (i32.const 0x800))))
