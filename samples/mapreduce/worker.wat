;; worker: the "map" step of the word count. Counts the words of its payload (runs of
;; non-space bytes) and replies the count as a u32. Keeps totals in memory for its state.
;;
;; handle  text   replies words u32
;; state   jobs u32 ‖ words u32
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_reply" (func $reply (param i32 i32 i32 i32)))
  (export "handle" (func $handle))
  (export "state" (func $state))
  ;; 0x000 payload size, 0x004 read error, 0x010 reply result (36), 0x080 reply (u32),
  ;; 0x100 jobs, 0x104 words, 0x400 payload (up to 4 KiB)
  (func $handle
    (local $n i32)
    (local $i i32)
    (local $words i32)
    (local $inword i32)
    (local $c i32)
    (call $size (i32.const 0))
    (local.set $n (i32.load (i32.const 0)))
    (if (i32.gt_u (local.get $n) (i32.const 4096)) (then (local.set $n (i32.const 4096))))
    (call $read (i32.const 0) (local.get $n) (i32.const 0x400) (i32.const 4))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (i32.const 0x400) (local.get $i))))
        (if (i32.le_u (local.get $c) (i32.const 0x20))
          (then (local.set $inword (i32.const 0)))
          (else
            (if (i32.eqz (local.get $inword))
              (then (local.set $words (i32.add (local.get $words) (i32.const 1)))))
            (local.set $inword (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.store (i32.const 0x100) (i32.add (i32.load (i32.const 0x100)) (i32.const 1)))
    (i32.store (i32.const 0x104) (i32.add (i32.load (i32.const 0x104)) (local.get $words)))
    (i32.store (i32.const 0x080) (local.get $words))
    (call $reply (i32.const 0x080) (i32.const 4) (i32.const -1) (i32.const 0x10)))
  (func $state
    (call $reply (i32.const 0x100) (i32.const 8) (i32.const -1) (i32.const 0x10))))
