;; hog: burns gas on purpose.
;;
;; handle "loop"                       spins forever: the gas counter runs out and the message
;;                                     ends with an error reply Execution(RanOutOfGas), rolled back
;; handle 'W' chunks(u32) iters(u32)   a long computation cut into `chunks` executions of `iters`
;;                                     LCG steps each: every chunk sends the next one to itself as
;;                                     a "next" message; the last mails the result (u32) to the
;;                                     user who asked
;; state                               acc u32 ‖ chunks done u32 ‖ block of the last chunk u32
;;
;; A single execution must fit in one block's gas allowance, or it is aborted and re-run from
;; scratch next block (spec §1.6). Cutting the work into messages lets it spill over block
;; boundaries instead: with a small allowance (scenario "blockGasAllowance") each block has room
;; for one chunk, the next chunk hits the allowance, goes back to the FRONT of the queue and
;; runs first in the next block.
;;
;; Every "next" message ends without a manual reply, so Gear auto-replies to the hog itself, with
;; gas limit 0 (spec §4.4); so does the user's mailbox when the result is read or expires. A reply
;; deposit (gr_reply_deposit) pays for delivering those; without one such an auto-reply would fail
;; its first precharge with RanOutOfGas.
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_source" (func $source (param i32)))
  (import "env" "gr_program_id" (func $program_id (param i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_reply_deposit" (func $reply_deposit (param i32 i64 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (import "env" "gr_block_height" (func $block_height (param i32)))
  (import "env" "gr_panic" (func $panic (param i32 i32)))
  (import "env" "gr_debug" (func $debug (param i32 i32)))
  (export "handle" (func $handle))
  (export "state" (func $state))
  ;; 0x000 payload size, 0x004 read error, 0x010 send/reply result (err u32 + message id),
  ;; 0x040 incoming payload (9 bytes), 0x080 self HashWithValue (48), 0x0c0 requester HashWithValue (48),
  ;; 0x100 chunks left, 0x104 acc, 0x108 chunks done, 0x10c block of the last chunk, 0x110 deposit error,
  ;; 0x114 iterations per chunk
  (data (i32.const 0x200) "next")
  (data (i32.const 0x210) "hog: expected \"loop\" or 'W' chunks(u32) iters(u32)")
  (data (i32.const 0x250) "hog: spinning until the gas runs out")
  (data (i32.const 0x280) "hog: computation finished")

  (func $chunk
    (local $i i32)
    (local $acc i32)
    (local.set $acc (i32.load (i32.const 0x104)))
    (local.set $i (i32.load (i32.const 0x114)))
    (block $end
      (loop $step
        (br_if $end (i32.eqz (local.get $i)))
        (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 1103515245)) (i32.const 12345)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $step)))
    (i32.store (i32.const 0x104) (local.get $acc))
    (i32.store (i32.const 0x108) (i32.add (i32.load (i32.const 0x108)) (i32.const 1)))
    (i32.store (i32.const 0x100) (i32.sub (i32.load (i32.const 0x100)) (i32.const 1)))
    (if (i32.gt_u (i32.load (i32.const 0x100)) (i32.const 0))
      (then
        ;; more to do: the next chunk is a message to ourselves, plus a deposit for its auto-reply
        (call $program_id (i32.const 0x080))
        (call $send (i32.const 0x080) (i32.const 0x200) (i32.const 4) (i32.const 0) (i32.const 0x010)))
      (else
        ;; done: mail the result to the user who asked
        (call $block_height (i32.const 0x10c))
        (call $debug (i32.const 0x280) (i32.const 25))
        (call $send (i32.const 0x0c0) (i32.const 0x104) (i32.const 4) (i32.const 0) (i32.const 0x010))))
    ;; either message gets an auto-reply with gas limit 0 one day (the "next" one when it has run,
    ;; the user's when its mailbox entry is read or expires): pay for its delivery
    (call $reply_deposit (i32.const 0x014) (i64.const 100000000) (i32.const 0x110)))

  (func $handle
    (call $size (i32.const 0))
    ;; "loop" = 0x706f6f6c little-endian
    (if (i32.eq (i32.load (i32.const 0)) (i32.const 4))
      (then
        (call $read (i32.const 0) (i32.const 4) (i32.const 0x40) (i32.const 4))
        (if (i32.eq (i32.load (i32.const 0x40)) (i32.const 0x706f6f6c))
          (then
            (call $debug (i32.const 0x250) (i32.const 36))
            (loop $forever (br $forever))))
        ;; "next" = 0x7478656e: only the hog sends it to itself
        (if (i32.eq (i32.load (i32.const 0x40)) (i32.const 0x7478656e))
          (then (call $chunk) (return)))))
    (if (i32.eq (i32.load (i32.const 0)) (i32.const 9))
      (then
        (call $read (i32.const 0) (i32.const 9) (i32.const 0x40) (i32.const 4))
        (if (i32.eq (i32.load8_u (i32.const 0x40)) (i32.const 0x57)) ;; 'W'
          (then
            (call $source (i32.const 0x0c0))
            (i32.store (i32.const 0x100) (i32.load (i32.const 0x41)))
            (i32.store (i32.const 0x114) (i32.load (i32.const 0x45)))
            (i32.store (i32.const 0x104) (i32.const 1))
            (i32.store (i32.const 0x108) (i32.const 0))
            (i32.store (i32.const 0x10c) (i32.const 0))
            (if (i32.eqz (i32.load (i32.const 0x100))) (then (return)))
            (call $chunk)
            (return)))))
    (call $panic (i32.const 0x210) (i32.const 50)))

  (func $state
    (call $reply (i32.const 0x104) (i32.const 12) (i32.const -1) (i32.const 0x010))))
