;; Polyphase FIR inner loop of resample() in WebAssembly SIMD (f32x4). Built into resample-simd-binary.ts by
;; scripts/audio-build-resample-wasm.ts. Memory layout and tables are prepared by resample-simd.ts.
;;
;; For frame k in [0, frames) and phase i in [0, phases):
;;   out[k * phases + i] = sum_t in[k * stride + first[i] + t] * taps[offset[i] + t],  t in [0, count[i])
;; count[i] is a multiple of 8 (tables are zero-padded), the input block is zero-padded so no index leaves it.
(module
  (memory (export "memory") 1)
  (func (export "run")
    (param $taps i32) (param $first i32) (param $count i32) (param $offset i32)
    (param $phases i32) (param $stride i32) (param $in i32) (param $out i32) (param $frames i32)
    (local $k i32) (local $i i32) (local $j i32) (local $p i32) (local $tp i32) (local $end i32)
    (local $acc0 v128) (local $acc1 v128)
    (block $frames_done
      (loop $frame
        (br_if $frames_done (i32.ge_u (local.get $k) (local.get $frames)))
        (local.set $i (i32.const 0))
        (block $phases_done
          (loop $phase
            (br_if $phases_done (i32.ge_u (local.get $i) (local.get $phases)))
            (local.set $j (i32.shl (local.get $i) (i32.const 2)))
            (local.set $p
              (i32.add (local.get $in)
                (i32.shl
                  (i32.add (i32.mul (local.get $k) (local.get $stride))
                           (i32.load (i32.add (local.get $first) (local.get $j))))
                  (i32.const 2))))
            (local.set $end
              (i32.add (local.get $p)
                (i32.shl (i32.load (i32.add (local.get $count) (local.get $j))) (i32.const 2))))
            (local.set $tp
              (i32.add (local.get $taps)
                (i32.shl (i32.load (i32.add (local.get $offset) (local.get $j))) (i32.const 2))))
            (local.set $acc0 (v128.const f32x4 0 0 0 0))
            (local.set $acc1 (v128.const f32x4 0 0 0 0))
            (block $taps_done
              (loop $tap
                (br_if $taps_done (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $acc0
                  (f32x4.add (local.get $acc0)
                    (f32x4.mul (v128.load (local.get $p)) (v128.load (local.get $tp)))))
                (local.set $acc1
                  (f32x4.add (local.get $acc1)
                    (f32x4.mul (v128.load offset=16 (local.get $p)) (v128.load offset=16 (local.get $tp)))))
                (local.set $p (i32.add (local.get $p) (i32.const 32)))
                (local.set $tp (i32.add (local.get $tp) (i32.const 32)))
                (br $tap)))
            (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
            (f32.store (local.get $out)
              (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
                (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $phase)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $frame)))))
