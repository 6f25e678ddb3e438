;; init payload: the 32-byte id of a pong program. handle payload: a u32 round count N.
;; Sends "ping" to pong and, on each reply, sends again until N replies have come back.
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (export "init" (func $init))
  (export "handle" (func $handle))
  (export "handle_reply" (func $handle_reply))
  (data (i32.const 2048) "ping")
  ;; 1024: destination (32 bytes) + value 0 (16 bytes) = HashWithValue; 1072: rounds left
  (func $init (call $read (i32.const 0) (i32.const 32) (i32.const 1024) (i32.const 0)))
  (func $ping (call $send (i32.const 1024) (i32.const 2048) (i32.const 4) (i32.const 0) (i32.const 100)))
  (func $handle
    (call $read (i32.const 0) (i32.const 4) (i32.const 1072) (i32.const 0))
    (call $ping))
  (func $handle_reply
    (i32.store (i32.const 1072) (i32.sub (i32.load (i32.const 1072)) (i32.const 1)))
    (if (i32.gt_s (i32.load (i32.const 1072)) (i32.const 0)) (then (call $ping)))))
