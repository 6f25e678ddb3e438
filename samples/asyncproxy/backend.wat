;; backend: a slow-or-fast upper-casing service for the async proxy.
;;
;; handle  any text   replies the text in upper case at once
;;         "slow..."  first waits 20 blocks (gr_wait_for), then replies in upper case
;;
;; A woken message re-runs `handle` from the start with the same message id (spec §3.1), so the
;; backend remembers at 0x100 the id of the message it parked; seeing it again means "woken".
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_message_id" (func $message_id (param i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (import "env" "gr_wait_for" (func $wait_for (param i32)))
  (import "env" "gr_debug" (func $debug (param i32 i32)))
  (export "handle" (func $handle))
  ;; 0x000 payload size, 0x004 read error, 0x010 reply result (36), 0x040 this message id (32),
  ;; 0x100 id of the parked message (32), 0x200 "slow" marker, 0x400 payload (up to 1 KiB)
  (data (i32.const 0x200) "slow")
  (data (i32.const 0x210) "backend: slow request, waiting 20 blocks")
  (data (i32.const 0x240) "backend: woken, answering the slow request")

  (func $same_id (result i32)
    (local $i i32)
    (local.set $i (i32.const 0))
    (block $differs
      (loop $next
        (br_if $differs (i32.ne (i32.load8_u (i32.add (i32.const 0x40) (local.get $i)))
                                (i32.load8_u (i32.add (i32.const 0x100) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 32))))
      (return (i32.const 1)))
    (i32.const 0))

  ;; 0x100 := 0x040, 32 bytes as four i64 moves (bulk memory is not allowed in Gear, spec §7.1)
  (func $remember
    (i64.store (i32.const 0x100) (i64.load (i32.const 0x40)))
    (i64.store (i32.const 0x108) (i64.load (i32.const 0x48)))
    (i64.store (i32.const 0x110) (i64.load (i32.const 0x50)))
    (i64.store (i32.const 0x118) (i64.load (i32.const 0x58))))

  (func $handle
    (local $n i32)
    (local $i i32)
    (local $c i32)
    (call $size (i32.const 0))
    (local.set $n (i32.load (i32.const 0)))
    (if (i32.gt_u (local.get $n) (i32.const 1024)) (then (local.set $n (i32.const 1024))))
    (call $read (i32.const 0) (local.get $n) (i32.const 0x400) (i32.const 4))
    (call $message_id (i32.const 0x40))
    ;; "slow" prefix: park on the first run, answer when woken
    (if (i32.and (i32.ge_u (local.get $n) (i32.const 4))
                 (i32.eq (i32.load (i32.const 0x400)) (i32.load (i32.const 0x200))))
      (then
        (if (i32.eqz (call $same_id))
          (then
            (call $remember)
            (call $debug (i32.const 0x210) (i32.const 40))
            (call $wait_for (i32.const 20))))
        (call $debug (i32.const 0x240) (i32.const 42))))
    ;; upper-case a..z in place
    (local.set $i (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (i32.const 0x400) (local.get $i))))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 0x61)) (i32.le_u (local.get $c) (i32.const 0x7a)))
          (then (i32.store8 (i32.add (i32.const 0x400) (local.get $i)) (i32.sub (local.get $c) (i32.const 0x20)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (call $reply (i32.const 0x400) (local.get $n) (i32.const -1) (i32.const 0x10))))
