;; Scriptable actor: init/handle run the payload as a list of commands (send, reply, create, exit, trap…); handle_reply records the reply; state replies note ‖ query.
;;
;; Commands (op byte, then fixed fields; dest/value pairs are HashWithValue read in place):
;;   'S' dest[32] value[16] tag[1]            gr_send(dest, value, [tag])
;;   'G' dest[32] value[16] gas[8] tag[1]     gr_send_wgas(dest, value, [tag], gas)
;;   'I' dest[32] value[16] tag[1]            gr_send_init + gr_send_push([tag]) + gr_send_commit
;;   'F' dest[32] value[16] len[2] bytes[len] gr_send(dest, value, bytes): forwards a nested script
;;   'R' value[16] tag[1]                     gr_reply([tag], value)
;;   'C' code[32] value[16] salt[1] n[1] payload[n]  gr_create_program(code, value, [salt], payload)
;;   'M' n[1] bytes[n]                        store a note in memory (read back by `state`)
;;   'v'                                      gr_reply(gr_value ‖ gr_value_available) (2 × u128)
;;   'P' n[1] bytes[n]                        gr_panic(bytes)
;;   'U'                                      unreachable
;;   'X' inheritor[32]                        gr_exit(inheritor)
;;   'L'                                      gr_leave
;;   'w'                                      gr_wait
;; Memory map: 0 size, 64 result structs, 256 value scratch, 300 send handle,
;; 32764 replies received (u32), 32768 last reply's ErrorWithReplyCode, 32776 its size,
;; 32780 its payload (first 1024 bytes), 49152 note length, 49156 note bytes, 65536 payload.
(module
  (import "env" "memory" (memory 2))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_send_wgas" (func $send_wgas (param i32 i32 i32 i64 i32 i32)))
  (import "env" "gr_send_init" (func $send_init (param i32)))
  (import "env" "gr_send_push" (func $send_push (param i32 i32 i32 i32)))
  (import "env" "gr_send_commit" (func $send_commit (param i32 i32 i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (import "env" "gr_reply_push" (func $reply_push (param i32 i32 i32)))
  (import "env" "gr_reply_commit" (func $reply_commit (param i32 i32)))
  (import "env" "gr_reply_code" (func $reply_code (param i32)))
  (import "env" "gr_create_program" (func $create_program (param i32 i32 i32 i32 i32 i32 i32)))
  (import "env" "gr_value" (func $value (param i32)))
  (import "env" "gr_value_available" (func $value_available (param i32)))
  (import "env" "gr_panic" (func $panic (param i32 i32)))
  (import "env" "gr_exit" (func $exit (param i32)))
  (import "env" "gr_leave" (func $leave))
  (import "env" "gr_wait" (func $wait))
  (export "init" (func $run))
  (export "handle" (func $run))
  (export "handle_reply" (func $handle_reply))
  (export "state" (func $state))

  ;; Copies the incoming payload to 65536 and returns its end address.
  (func $load (result i32)
    (call $size (i32.const 0))
    (call $read (i32.const 0) (i32.load (i32.const 0)) (i32.const 65536) (i32.const 4))
    (i32.add (i32.const 65536) (i32.load (i32.const 0))))

  ;; Byte copy (bulk memory is not in Gear's feature set).
  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))

  (func $run
    (local $p i32) (local $end i32) (local $op i32) (local $n i32)
    (local.set $end (call $load))
    (local.set $p (i32.const 65536))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $op (i32.load8_u (local.get $p)))
        ;; 'S'
        (if (i32.eq (local.get $op) (i32.const 83))
          (then
            (call $send (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 49))
              (i32.const 1) (i32.const 0) (i32.const 64))
            (local.set $p (i32.add (local.get $p) (i32.const 50)))
            (br $next)))
        ;; 'G'
        (if (i32.eq (local.get $op) (i32.const 71))
          (then
            (call $send_wgas (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 57))
              (i32.const 1) (i64.load (i32.add (local.get $p) (i32.const 49))) (i32.const 0) (i32.const 64))
            (local.set $p (i32.add (local.get $p) (i32.const 58)))
            (br $next)))
        ;; 'I'
        (if (i32.eq (local.get $op) (i32.const 73))
          (then
            (call $send_init (i32.const 300))
            (call $send_push (i32.load (i32.const 304)) (i32.add (local.get $p) (i32.const 49)) (i32.const 1)
              (i32.const 4))
            (call $send_commit (i32.load (i32.const 304)) (i32.add (local.get $p) (i32.const 1)) (i32.const 0)
              (i32.const 64))
            (local.set $p (i32.add (local.get $p) (i32.const 50)))
            (br $next)))
        ;; 'F'
        (if (i32.eq (local.get $op) (i32.const 70))
          (then
            (local.set $n (i32.load16_u (i32.add (local.get $p) (i32.const 49))))
            (call $send (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 51))
              (local.get $n) (i32.const 0) (i32.const 64))
            (local.set $p (i32.add (i32.add (local.get $p) (i32.const 51)) (local.get $n)))
            (br $next)))
        ;; 'R'
        (if (i32.eq (local.get $op) (i32.const 82))
          (then
            (call $reply (i32.add (local.get $p) (i32.const 17)) (i32.const 1) (i32.add (local.get $p) (i32.const 1))
              (i32.const 64))
            (local.set $p (i32.add (local.get $p) (i32.const 18)))
            (br $next)))
        ;; 'C'
        (if (i32.eq (local.get $op) (i32.const 67))
          (then
            (local.set $n (i32.load8_u (i32.add (local.get $p) (i32.const 50))))
            (call $create_program (i32.add (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 49))
              (i32.const 1) (i32.add (local.get $p) (i32.const 51)) (local.get $n) (i32.const 0) (i32.const 64))
            (local.set $p (i32.add (i32.add (local.get $p) (i32.const 51)) (local.get $n)))
            (br $next)))
        ;; 'M'
        (if (i32.eq (local.get $op) (i32.const 77))
          (then
            (local.set $n (i32.load8_u (i32.add (local.get $p) (i32.const 1))))
            (i32.store (i32.const 49152) (local.get $n))
            (call $copy (i32.const 49156) (i32.add (local.get $p) (i32.const 2)) (local.get $n))
            (local.set $p (i32.add (i32.add (local.get $p) (i32.const 2)) (local.get $n)))
            (br $next)))
        ;; 'v'
        (if (i32.eq (local.get $op) (i32.const 118))
          (then
            (call $value (i32.const 256))
            (call $value_available (i32.const 272))
            (call $reply (i32.const 256) (i32.const 32) (i32.const -1) (i32.const 64))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $next)))
        ;; 'P'
        (if (i32.eq (local.get $op) (i32.const 80))
          (then
            (call $panic (i32.add (local.get $p) (i32.const 2)) (i32.load8_u (i32.add (local.get $p) (i32.const 1))))))
        ;; 'X'
        (if (i32.eq (local.get $op) (i32.const 88))
          (then (call $exit (i32.add (local.get $p) (i32.const 1)))))
        ;; 'L'
        (if (i32.eq (local.get $op) (i32.const 76))
          (then (call $leave)))
        ;; 'w'
        (if (i32.eq (local.get $op) (i32.const 119))
          (then (call $wait)))
        ;; 'U' and any unknown op
        unreachable)))

  (func $handle_reply
    (local $n i32)
    (i32.store (i32.const 32764) (i32.add (i32.load (i32.const 32764)) (i32.const 1)))
    (call $reply_code (i32.const 32768))
    (call $size (i32.const 32776))
    (local.set $n (i32.load (i32.const 32776)))
    (if (i32.gt_u (local.get $n) (i32.const 1024)) (then (local.set $n (i32.const 1024))))
    (call $read (i32.const 0) (local.get $n) (i32.const 32780) (i32.const 4)))

  (func $state
    (local $end i32)
    (local.set $end (call $load))
    (call $reply_push (i32.const 49156) (i32.load (i32.const 49152)) (i32.const 4))
    (call $reply_push (i32.const 65536) (i32.sub (local.get $end) (i32.const 65536)) (i32.const 4))
    (call $reply_commit (i32.const -1) (i32.const 64))))
