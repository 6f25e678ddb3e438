;; counter: a number that lives in linear memory and is read through the `state` export.
;;
;; init    u64 start value (optional, default 0)
;; handle  '+' u32 n  adds n;  '-' u32 n  subtracts n (panics below zero); replies the new value (u64)
;; state   replies count u64 ‖ handled u32 ‖ queries u32
;;
;; Memory is what persists between messages (spec §7.1): 0x100 count (u64), 0x108 handled (u32).
;; `handled` is counted *before* the checks, so a panicking '-' shows the rollback: its increment
;; disappears together with everything else it wrote.
;; The state export increments `queries` at 0x10c before it replies; a state query never
;; persists anything, so every query answers queries = 1.
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (import "env" "gr_panic" (func $panic (param i32 i32)))
  (import "env" "gr_debug" (func $debug (param i32 i32)))
  (export "init" (func $init))
  (export "handle" (func $handle))
  (export "state" (func $state))
  (data (i32.const 0x200) "counter would go below zero")
  (data (i32.const 0x220) "counter: expected '+' or '-' and a u32")
  ;; scratch: 0x000 payload size, 0x004 read error, 0x010 reply result (36 bytes),
  ;;          0x040 incoming payload (5 bytes), 0x180 state reply (16 bytes)
  (func $init
    (call $size (i32.const 0))
    (if (i32.ge_u (i32.load (i32.const 0)) (i32.const 8))
      (then (call $read (i32.const 0) (i32.const 8) (i32.const 0x100) (i32.const 4)))))
  (func $handle
    (local $n i64)
    (call $size (i32.const 0))
    (if (i32.ne (i32.load (i32.const 0)) (i32.const 5))
      (then (call $panic (i32.const 0x220) (i32.const 38))))
    (call $read (i32.const 0) (i32.const 5) (i32.const 0x40) (i32.const 4))
    (local.set $n (i64.extend_i32_u (i32.load (i32.const 0x41))))
    ;; counted first on purpose (see the top comment)
    (i32.store (i32.const 0x108) (i32.add (i32.load (i32.const 0x108)) (i32.const 1)))
    (block $done
      (if (i32.eq (i32.load8_u (i32.const 0x40)) (i32.const 0x2b)) ;; '+'
        (then
          (i64.store (i32.const 0x100) (i64.add (i64.load (i32.const 0x100)) (local.get $n)))
          (br $done)))
      (if (i32.eq (i32.load8_u (i32.const 0x40)) (i32.const 0x2d)) ;; '-'
        (then
          (if (i64.gt_u (local.get $n) (i64.load (i32.const 0x100)))
            (then (call $panic (i32.const 0x200) (i32.const 27))))
          (i64.store (i32.const 0x100) (i64.sub (i64.load (i32.const 0x100)) (local.get $n)))
          (br $done)))
      (call $panic (i32.const 0x220) (i32.const 38)))
    (call $reply (i32.const 0x100) (i32.const 8) (i32.const -1) (i32.const 0x10)))
  (func $state
    (i32.store (i32.const 0x10c) (i32.add (i32.load (i32.const 0x10c)) (i32.const 1)))
    (i64.store (i32.const 0x180) (i64.load (i32.const 0x100)))
    (i32.store (i32.const 0x188) (i32.load (i32.const 0x108)))
    (i32.store (i32.const 0x18c) (i32.load (i32.const 0x10c)))
    (call $reply (i32.const 0x180) (i32.const 16) (i32.const -1) (i32.const 0x10))))
