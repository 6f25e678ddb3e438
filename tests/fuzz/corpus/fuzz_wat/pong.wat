;; Replies to every message with the payload it received (an echo / "pong").
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (export "handle" (func $handle))
  (func $handle
    (call $size (i32.const 0))
    (call $read (i32.const 0) (i32.load (i32.const 0)) (i32.const 256) (i32.const 4))
    (call $reply (i32.const 256) (i32.load (i32.const 0)) (i32.const -1) (i32.const 8))))
