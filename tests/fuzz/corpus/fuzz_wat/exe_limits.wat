;; Bad input and limits: out-of-bounds pointers and loads, invalid UTF-8, unknown env-vars version, short reads, too many sends.
(module
  (import "env" "memory" (memory 1))
  (import "env" "gr_size" (func $size (param i32)))
  (import "env" "gr_read" (func $read (param i32 i32 i32 i32)))
  (import "env" "gr_send" (func $send (param i32 i32 i32 i32 i32)))
  (import "env" "gr_source" (func $source (param i32)))
  (import "env" "gr_debug" (func $debug (param i32 i32)))
  (import "env" "gr_env_vars" (func $env_vars (param i32 i32)))
  (export "handle" (func $handle))
  ;; 0x0F0 payload size, 0x0F4 read error, 0x100.. payload, 0x300 result struct, 0x400 HashWithValue
  ;; 0x1000 a word written before every trap (it must be rolled back)
  (data (i32.const 0x500) "\ff\fe")
  (func $handle
    (local $cmd i32)
    (local $i i32)
    (call $size (i32.const 0x0F0))
    (if (i32.eqz (i32.load (i32.const 0x0F0))) (then return))
    (call $read (i32.const 0) (i32.const 1) (i32.const 0x100) (i32.const 0x0F4))
    (local.set $cmd (i32.load8_u (i32.const 0x100)))
    (i32.store (i32.const 0x1000) (local.get $cmd))
    ;; 'B': gr_read into a buffer far outside linear memory
    (if (i32.eq (local.get $cmd) (i32.const 66))
      (then (call $read (i32.const 0) (i32.const 1) (i32.const 0xFFFFFF00) (i32.const 0x0F4)) return))
    ;; 'O': plain out-of-bounds load
    (if (i32.eq (local.get $cmd) (i32.const 79))
      (then (drop (i32.load (i32.const 0xFFFFFF00))) return))
    ;; 'U': gr_debug with invalid UTF-8
    (if (i32.eq (local.get $cmd) (i32.const 85))
      (then (call $debug (i32.const 0x500) (i32.const 2)) return))
    ;; 'E': gr_env_vars with an unknown version
    (if (i32.eq (local.get $cmd) (i32.const 69))
      (then (call $env_vars (i32.const 2) (i32.const 0x600)) return))
    ;; 'X': gr_read past the end of the payload (error 104, not a trap)
    (if (i32.eq (local.get $cmd) (i32.const 88))
      (then (call $read (i32.const 0) (i32.const 100) (i32.const 0x100) (i32.const 0x0F8)) return))
    ;; 'M': 1025 gasless sends to the sender; the last one must fail with 301
    (if (i32.eq (local.get $cmd) (i32.const 77))
      (then
        (call $source (i32.const 0x400))
        (block $done
          (loop $again
            (br_if $done (i32.ge_u (local.get $i) (i32.const 1025)))
            (call $send (i32.const 0x400) (i32.const 0x500) (i32.const 0) (i32.const 0) (i32.const 0x300))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $again)))
        return))))
