;; ping: init payload = the 32-byte id of a pong program.
;; A handle message with a u32 N starts a game: ping sends "PING" to pong and,
;; each time pong's reply arrives in handle_reply, sends again until N PONGs came back.
;; Watch the two actors alternate in the queue: ping's send, pong's reply, ping's next send.
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_reply_code" (func $reply_code (param i32)))
  (import "env" "gr_debug" (func $debug (param i32 i32)))
  (export "init" (func $init))
  (export "handle" (func $handle))
  (export "handle_reply" (func $handle_reply))
  (export "state" (func $state))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (data (i32.const 0x200) "PING")
  (data (i32.const 0x210) "ping: game over")
  ;; 0x400: pong id (32) + value 0 (16) = HashWithValue; 0x430 rounds left; 0x434 PONGs received
  ;; 0x000 scratch: payload size / error codes; 0x040 send result (36 bytes)
  (func $init (call $read (i32.const 0) (i32.const 32) (i32.const 0x400) (i32.const 4)))
  (func $ping (call $send (i32.const 0x400) (i32.const 0x200) (i32.const 4) (i32.const 0) (i32.const 0x40)))
  (func $handle
    (call $size (i32.const 0))
    (i32.store (i32.const 0x430) (i32.const 1))
    (if (i32.ge_u (i32.load (i32.const 0)) (i32.const 4))
      (then (call $read (i32.const 0) (i32.const 4) (i32.const 0x430) (i32.const 4))))
    (call $ping))
  (func $handle_reply
    ;; Only successful replies count; an error reply (e.g. pong panicked) ends the game.
    (call $reply_code (i32.const 0))
    (if (i32.ne (i32.load8_u (i32.const 4)) (i32.const 0)) (then (return)))
    (i32.store (i32.const 0x434) (i32.add (i32.load (i32.const 0x434)) (i32.const 1)))
    (i32.store (i32.const 0x430) (i32.sub (i32.load (i32.const 0x430)) (i32.const 1)))
    (if (i32.gt_s (i32.load (i32.const 0x430)) (i32.const 0))
      (then (call $ping))
      (else (call $debug (i32.const 0x210) (i32.const 15)))))
  ;; state: replies with the u32 count of PONGs received.
  (func $state
    (call $reply (i32.const 0x434) (i32.const 4) (i32.const -1) (i32.const 0x40))))
