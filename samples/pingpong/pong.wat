;; pong: answers every "PING" with "PONG" and counts how many it answered.
;; The count lives in linear memory at 0x100, so it persists between messages
;; (Wasm globals do not: each message runs in a fresh instance, spec §7.1).
;; Anything else gets a panic, which rolls back and becomes an error reply.
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (import "env" "gr_debug" (func $debug (param i32 i32)))
  (import "env" "gr_panic" (func $panic (param i32 i32)))
  (export "handle" (func $handle))
  (export "state" (func $state))
  (data (i32.const 0x200) "PONG")
  (data (i32.const 0x210) "pong: got PING, replying PONG")
  (data (i32.const 0x240) "pong: expected PING")
  ;; 0x000 payload length, 0x004 read error, 0x008 reply result (36 bytes),
  ;; 0x100 replies sent (u32), 0x400 payload buffer
  (func $handle
    (call $size (i32.const 0))
    (if (i32.ne (i32.load (i32.const 0)) (i32.const 4))
      (then (call $panic (i32.const 0x240) (i32.const 19))))
    (call $read (i32.const 0) (i32.const 4) (i32.const 0x400) (i32.const 4))
    ;; "PING" little-endian = 0x474e4950
    (if (i32.ne (i32.load (i32.const 0x400)) (i32.const 0x474e4950))
      (then (call $panic (i32.const 0x240) (i32.const 19))))
    (call $debug (i32.const 0x210) (i32.const 29))
    (i32.store (i32.const 0x100) (i32.add (i32.load (i32.const 0x100)) (i32.const 1)))
    (call $reply (i32.const 0x200) (i32.const 4) (i32.const -1) (i32.const 8)))
  ;; state: replies with the u32 count of PONGs sent.
  (func $state
    (call $reply (i32.const 0x100) (i32.const 4) (i32.const -1) (i32.const 8))))
